"""What bureau staff use, standing on the apps: the admin site, roles, personal-data export and
erasure, the login lockout and the staff commands. Imports the apps and foundation; no app imports it."""
