"""Requests refused before any view reads them."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.shortcuts import render


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
