"""Whole public pages for anonymous visitors, stored in the cache under the content versions.

A page is stored per language and full address (query string included) together with the
versions of the areas it shows (foundation/content_versions.py), so a write makes it stale at
once. Logged-in people, pages carrying messages, error pages and anything not a GET are never
stored; personal pages (tickets, manage, organiser) are simply not decorated.

Forms on stored pages keep working: the CSRF token and the spam start time are cut out of the
stored copy and filled in fresh for every response, so no visitor receives another's token or
a start time frozen when the page was stored. Such pages are kept out of shared HTTP caches
(`private, no-cache`); the others carry an ETag, answer 304 when it matches, and may be kept by
a CDN or reverse proxy for PAGE_MAX_AGE seconds.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language

from foundation import spam
from foundation.content_versions import content_versions

TOKEN_FIELD = re.compile(rb'(name="(csrfmiddlewaretoken|' + spam.START_FIELD.encode() + rb')" value=")[^"]*(")')


def cached_public_page(*areas: str):
    """Serve the view's anonymous GET pages from the cache until content in one of `areas` changes."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_read(request):
                return private(view(request, *args, **kwargs))
            key = page_key(request, areas) if settings.PAGE_CACHE else None
            page = cache.get(key) if key else None
            rendering = None
            if page is None and key:
                rendering = f"{key}:rendering"
                if not cache.add(rendering, 1, timeout=RENDER_WAIT_SECONDS):
                    rendering, page = None, page_rendered_elsewhere(key)
            if page is None:
                try:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render"):
                        response.render()
                    if not is_storable(request, response):
                        return private(response)
                    page = stored_page(response)
                    if key:
                        cache.set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
                finally:
                    if rendering:
                        cache.delete(rendering)
            return page_response(request, page)

        return wrapper

    return decorator


# A page missing from the cache (never asked for, or made stale by a write) is rendered by one
# process; the others asking for it meanwhile wait for that copy instead of rendering it too, which
# under a crowd would repeat the slowest work once per worker at the moment everyone waits.
RENDER_WAIT_SECONDS = 5
POLL_SECONDS = 0.02


def page_rendered_elsewhere(key: str) -> dict | None:
    """The page another process is rendering, once stored; None if it stores none (an error page),
    gives up, or takes longer than RENDER_WAIT_SECONDS: then this request renders it itself."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, f"{key}:rendering"])
        if key in found:
            return found[key]
        if not found:
            return None
    return None


def is_anonymous_read(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated and not has_messages(request)


def has_messages(request) -> bool:
    # Counting does not mark the messages as shown.
    return len(get_messages(request)) > 0


def is_storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_messages(request)
        and not response.has_header("Content-Disposition")
    )


def private(response):
    patch_cache_control(response, private=True, no_cache=True)
    return response


def page_key(request, areas) -> str:
    address = hashlib.md5(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{get_language()}:{address}:{content_versions(areas)}"


def stored_page(response) -> dict:
    """The response as stored: its body with the per-visitor tokens cut out, and its ETag."""
    content, tokens = TOKEN_FIELD.subn(rb"\1\3", response.content)
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "has_tokens": bool(tokens),
        "etag": quote_etag(hashlib.md5(content).hexdigest()),
    }


def page_response(request, page: dict) -> HttpResponse:
    if page["has_tokens"]:
        content = TOKEN_FIELD.sub(lambda match: fresh_token(request, match), page["content"])
        return private(HttpResponse(content, content_type=page["content_type"]))
    response = HttpResponse(page["content"], content_type=page["content_type"])
    response["ETag"] = page["etag"]
    patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
    return get_conditional_response(request, etag=page["etag"], response=response)


def fresh_token(request, match) -> bytes:
    value = get_token(request) if match[2] == b"csrfmiddlewaretoken" else spam.start_token()
    return match[1] + value.encode() + match[3]
