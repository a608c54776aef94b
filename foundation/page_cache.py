"""Whole public pages for anonymous visitors, stored in the cache under the content versions.

A page is stored per language and full address (query string included) with the versions of
the areas it was rendered under (foundation/content_versions.py), read with them in one round
trip: a write bumps a version, so the stored page no longer matches and is rendered afresh at
once. Logged-in people, pages carrying messages, error pages and anything not a GET are never
stored; personal pages (tickets, manage, organiser) are simply not decorated.

Forms on stored pages keep working: the CSRF token and the spam start time are cut out of the
stored copy and filled in fresh for every response, so no visitor receives another's token or
a start time frozen when the page was stored. Such pages are kept out of shared HTTP caches
(`private, no-cache`); the others carry an ETag, answer 304 when it matches, and may be kept by
a CDN or reverse proxy for PAGE_MAX_AGE seconds.

A page without tokens asked for again is also kept as it was served, headers and all
(`served_copy_lookup`): a visitor carrying no cookie that could change it then gets that copy before
the middlewares and the URL resolver run, which cost more than the rest of serving a cached page.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from foundation import spam
from foundation.content_versions import VERSIONS, cached_results, content_versions, content_versions_and

TOKEN_FIELD = re.compile(rb'(name="(csrfmiddlewaretoken|' + spam.START_FIELD.encode() + rb')" value=")[^"]*(")')


def cached_public_page(*areas: str):
    """Serve the view's anonymous GET pages from the cache until content in one of `areas` changes."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_read(request):
                return private(view(request, *args, **kwargs))
            key, versions, page = page_lookup(request, areas) if settings.PAGE_CACHE else (None, None, None)
            if page is not None and not page["has_tokens"]:
                # Asked for again: worth keeping whole too (keep_served_copy), which a page asked for once is not.
                request.page_cache_versions = (areas, versions, page.get("expires_at"))
            rendering = None
            if page is None and key:
                rendering = f"{key}:{versions}:rendering"
                if not cache.add(rendering, 1, timeout=RENDER_WAIT_SECONDS):
                    rendering, page = None, page_rendered_elsewhere(key, versions)
            if page is None:
                try:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render"):
                        response.render()
                    if not is_storable(request, response):
                        return private(response)
                    page = stored_page(response)
                    if key:
                        page["expires_at"] = time.time() + settings.PAGE_CACHE_SECONDS
                        cache.set(key, {**page, "versions": versions}, timeout=settings.PAGE_CACHE_SECONDS)
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


def page_rendered_elsewhere(key: str, versions: str) -> dict | None:
    """The page another process is rendering for these versions, once stored; None if it stores none (an
    error page), gives up, or takes longer than RENDER_WAIT_SECONDS: then this request renders it itself."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    rendering = f"{key}:{versions}:rendering"
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, rendering])
        if found.get(key, {}).get("versions") == versions:
            return found[key]
        if rendering not in found:
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


def page_lookup(request, areas) -> tuple[str, str, dict | None]:
    """The page's key, the current versions of its areas, and the page stored for those versions (None when
    missing or stale), in one round trip to the cache: all a page served from the cache asks of it.

    A page is stored per language and address with the versions it was rendered under; a write bumps
    a version, and the page stored under the old one no longer matches."""
    address = getattr(request, "page_cache_address", None) or page_address(request)
    key = f"page:{get_language()}:{address}"
    versions, stored = content_versions_and(areas, key)
    return key, versions, stored if stored is not None and stored.get("versions") == versions else None


def page_address(request) -> str:
    return hashlib.md5(request.build_absolute_uri().encode()).hexdigest()


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


# The cookies that change no page stored here: the CSRF token's (only pages without tokens are served
# first) and the language's (the address's prefix gives the language). A session (someone logged in, or
# messages waiting), the messages' own cookie or a confirmation's (foundation/sent_to.py) does.
def cookies_that_change_nothing() -> set[str]:
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def served_copy_lookup(request) -> tuple[str | None, dict | None]:
    """For a GET of a page under a language's prefix, from a visitor with no cookie that could change it:
    the key of the page's copy as last served whole, and that copy if no content in its areas changed
    since (else None). Every area's version is read in the same round trip and kept for the request
    (content_versions_and), so the page cache's own look-up after a miss reads only its entry. (None, None)
    for any other request, or without PAGE_CACHE."""
    if not (
        settings.PAGE_CACHE
        and request.method == "GET"
        and request.path_info.startswith(tuple(f"/{code}/" for code, _ in settings.LANGUAGES))
        and set(request.COOKIES) <= cookies_that_change_nothing()
    ):
        return None, None
    try:
        request.page_cache_address = address = page_address(request)
    except DisallowedHost:
        return None, None  # the middlewares answer it, as any request for a host not served
    key = f"page-served:{address}"
    # Only the copy: reading the page cache's own entry (page_lookup) here too would save the round trip a
    # page not kept whole makes, at the cost of unpickling a second copy of every page kept whole.
    _, copy = content_versions_and(VERSIONS, key)
    if copy is not None and copy["versions"] == content_versions(copy["areas"]):
        return key, copy
    return key, None


def keep_served_copy(request, key: str, response, beside) -> None:
    """Keep `response` under `key` (from served_copy_lookup) as it leaves the portal, if it is a page
    cached_public_page served without tokens and no middleware gave it a cookie; with it, what beside()
    returns (called only then: the request went through every middleware)."""
    marked = getattr(request, "page_cache_versions", None)
    if marked is None or response.status_code != 200 or response.streaming or response.cookies:
        return
    areas, versions, expires_at = marked
    # No longer than the page it copies: what only the clock changes (a registration window closing) shows
    # within PAGE_CACHE_SECONDS of the rendering, however late the copy was made.
    seconds_left = settings.PAGE_CACHE_SECONDS if expires_at is None else int(expires_at - time.time())
    if seconds_left <= 0:
        return
    copy = {"areas": areas, "versions": versions, "content": response.content, "headers": dict(response.items())}
    cache.set(key, {**copy, **beside()}, timeout=seconds_left)


def served_copy_response(request, copy: dict) -> HttpResponse:
    """The kept copy, or 304 Not Modified when the visitor's ETag matches it."""
    response = HttpResponse(copy["content"], headers=copy["headers"])
    return get_conditional_response(request, etag=response["ETag"], response=response)


def rendered_each(template_name: str, name: str, listed, rows, areas, *, extra: dict | None = None, day=None):
    """The cards of a listing: each row of the `listed` queryset (a page of it) rendered alone by
    `template_name` (as `name`, beside `extra`), kept in the cache per language until content in one
    of `areas` changes (and, given `day`, until the date does). `rows(ids)` (say a queryset's
    in_bulk) reads the rows to render, with what their cards show, for the cards not kept.

    A listing's cards cost most of its rendering and its biggest queries; a new filter or search mostly
    lists rows some earlier page showed, so the page reads only its rows' identifiers, and their cards
    come from the cache in one round trip; only the others are read and rendered. The template sees
    only what it is given (no request, no context processors). Without PAGE_CACHE, every card is
    rendered from the listing's rows, read in one query as before."""
    template = get_template(template_name)
    extra = extra or {}
    if not settings.PAGE_CACHE:  # nothing is kept: the rows are read once, whole
        return [mark_safe(template.render({name: record, **extra})) for record in listed]
    ids = list(listed.values_list("pk", flat=True))
    language = get_language()
    arguments = [(language, pk, sorted(extra.items()), day) for pk in ids]

    def render_missing(indexes):
        found = rows([ids[index] for index in indexes])
        return [template.render({name: found[ids[index]], **extra}) for index in indexes]

    return [mark_safe(card) for card in cached_results(f"card:{template_name}", arguments, areas, render_missing)]
