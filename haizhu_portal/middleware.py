"""Requests answered or refused before any view reads them."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.shortcuts import render

from foundation.page_cache import keep_served_copy, served_copy_lookup, served_copy_response
from page_views.middleware import count_page_view, counted_as


class PageCacheFirstMiddleware:
    """Serve a public page's copy as it was last served whole, before the other middlewares run.

    For a page served from the page cache, the sixteen middlewares and the URL resolver cost more than
    the page's own look-up: they read the session, the user and the language, and write the same
    headers every time. A copy kept with those headers (foundation/page_cache.py, served_copy_lookup)
    answers a visitor whose cookies could not change the page; the page's view is counted as
    page_views' middleware would have counted it. Everyone else goes through the middlewares as before.
    Placed first, after the content versions are read once per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, copy = served_copy_lookup(request)
        if copy is not None:
            response = served_copy_response(request, copy)
            if response.status_code == 200:
                count_page_view(request, copy["counted_as"], copy["language"])
            return response
        response = self.get_response(request)
        if key:
            keep_served_copy(
                request, key, response, lambda: {"counted_as": counted_as(request), "language": request.LANGUAGE_CODE}
            )
        return response


class RequestBodyLimitMiddleware:
    """Answer 413 to a body larger than the limit, from its Content-Length, before it is read.

    Django keeps an upload in memory or spools it to a temporary file only once a view reads
    request.POST or request.FILES; refused here, nothing of it is read. Without Content-Length
    (chunked) Django reads no body at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.ADMIN_REQUEST_MAX_BYTES if request.path.startswith("/admin/") else settings.REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("Content-Length is not a number.")
        if length > limit:
            response = render(request, "413.html", {"limit_megabytes": limit // (1024 * 1024)}, status=413)
            # The rest of the body is never read, so the connection cannot be reused.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
