from functools import lru_cache

from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import get_language


def site(request):
    """The site's name, address and host, and the current page in every language for the switcher."""
    query = request.META.get("QUERY_STRING", "")
    path, query = escape_uri_path(request.path), f"?{iri_to_uri(query)}" if query else ""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "host_bureau": settings.HOST_BUREAU,
        "contact_email": settings.BUREAU_INQUIRY_EMAIL,
        "icp_filing": settings.ICP_FILING,
        "page_in_languages": [
            {"code": code, "name": name, "url": path_in_language(get_language(), path, code) + query}
            for code, name in settings.LANGUAGES
        ],
    }


# translate_url resolves the path and reverses it again (half a millisecond for both languages) on every page;
# a page's path is asked again and again, with whatever query string, which translate_url keeps as it is.
@lru_cache(maxsize=4096)
def path_in_language(active_language: str, path: str, code: str) -> str:
    """translate_url of a path without its query string; the active language decides what the path resolves to."""
    return translate_url(path, code)
