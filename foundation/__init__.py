"""What every app stands on and that knows no app: spam protection, limits, client address, images,
filtering, content versions and the page cache. Imports Django and libraries only, never an app."""
