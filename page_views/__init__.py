"""Views of the public detail pages, counted per page, day and language, and nothing about the visitor."""
