"""What every app stands on: spam protection, limits, client address, images, filtering, the page
cache, scoped permissions, the outbox of emails. Imports Django and libraries only, never an app."""
