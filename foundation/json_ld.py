"""schema.org data for search engines, embedded in a page's <script type="application/ld+json">."""

import json

from django.utils.safestring import SafeString, mark_safe


def json_ld(data: dict) -> SafeString:
    """JSON that text from the database cannot use to close its script element or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
