"""The address a form's confirmation page names ("we emailed li@example.com"), carried to that page
with the few words it needs beside it (the company a listing is for).

A signed, short-lived cookie for that page's path only, read once: no session row is written for
each submission, and nobody can make the page name an address they did not send.
"""

from django.conf import settings
from django.core import signing

COOKIE = "sent_to"
MAX_AGE_SECONDS = 10 * 60


def remember_sent_to(response, email: str, *, page: str, **details: str):
    """Have `page` (a path) name `email`, and `details` such as a company's name, when the browser
    follows `response` there."""
    response.set_cookie(
        COOKIE,
        # Signed with the page as salt, so a cookie made for one confirmation page is not believed on another.
        signing.dumps({**details, "email": email}, salt=f"{COOKIE}:{page}", compress=True),
        max_age=MAX_AGE_SECONDS,
        path=page,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def sent_to(request) -> dict:
    """What was remembered for this page, {"email": ..., **details}, or {} (none, expired, altered or
    meant for another page)."""
    try:
        remembered = signing.loads(
            request.COOKIES.get(COOKIE, ""), salt=f"{COOKIE}:{request.path}", max_age=MAX_AGE_SECONDS
        )
    except signing.BadSignature:  # SignatureExpired included
        return {}
    return remembered if isinstance(remembered, dict) else {}


def forget_sent_to(request, response):
    """Shown once: a reload gives the page's general wording."""
    response.delete_cookie(COOKIE, path=request.path, samesite="Lax")
    return response
