"""The open data API (/api/v1/): districts, incentives, enterprises and events as JSON, with its
documentation. Stands on the apps and foundation; no app imports it."""
