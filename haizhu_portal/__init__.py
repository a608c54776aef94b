"""The project: settings, URLs, WSGI, the embedded database, checks, the home page and site-wide views,
the sitemap and load_demo, composing the apps. May import everything below it; nothing imports it."""
