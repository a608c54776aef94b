from django.conf import settings
from django.utils import translation

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    """On the API, ?lang= chooses the language of the texts, ahead of Accept-Language (which LocaleMiddleware read)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.GET.get("lang")
        if not request.path.startswith(API_PREFIX) or language not in self.languages:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.setdefault("Content-Language", language)
            return response
