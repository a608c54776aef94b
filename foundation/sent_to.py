"""The address a form's confirmation page names ("we emailed li@example.com"), carried to that page.

A signed, short-lived cookie for that page's path only, read once: no session row is written for
each submission, and nobody can make the page name an address they did not send.
"""

from django.conf import settings

COOKIE = "sent_to"
MAX_AGE_SECONDS = 10 * 60


def remember_sent_to(response, email: str, *, page: str):
    """Have `page` (a path) name `email` when the browser follows `response` there."""
    response.set_signed_cookie(
        COOKIE,
        email,
        salt=page,
        max_age=MAX_AGE_SECONDS,
        path=page,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def sent_to(request) -> str:
    """The address remembered for this page, or "" (none, expired, altered or meant for another page)."""
    return request.get_signed_cookie(COOKIE, default="", salt=request.path, max_age=MAX_AGE_SECONDS)


def forget_sent_to(request, response):
    """Shown once: a reload gives the page's general wording."""
    response.delete_cookie(COOKIE, path=request.path, samesite="Lax")
    return response
