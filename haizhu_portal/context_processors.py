from django.conf import settings
from django.urls import translate_url


def site(request):
    """The site's name, address and host, and the current page in every language for the switcher."""
    path = request.get_full_path()
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "host_bureau": settings.HOST_BUREAU,
        "contact_email": settings.BUREAU_INQUIRY_EMAIL,
        "icp_filing": settings.ICP_FILING,
        "page_in_languages": [
            {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
        ],
    }
