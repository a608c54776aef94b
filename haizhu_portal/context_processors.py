from django.conf import settings
from django.urls import translate_url


def site(request):
    """The site's name and address, and the current page in every language for the switcher."""
    path = request.get_full_path()
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "page_in_languages": [
            {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
        ],
    }
