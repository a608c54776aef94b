"""Version numbers of the public content, one per area of the site, kept in the shared cache.

Cached pages and figures are stored under the versions of the areas they show. Every write bumps
the versions of the areas it touches, so the next read of any affected page misses and renders
afresh: a change shows at once, without waiting for anything to expire.
"""

import hashlib
import time
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from foundation.counters import incremented
from foundation.kept import kept

DISTRICTS, ENTERPRISES, EVENTS = "districts", "enterprises", "events"
AREAS = (DISTRICTS, ENTERPRISES, EVENTS)
# Not an area of pages: what a posted registration form is checked against (the event, its district, its
# questions and sessions), which staff change and registrations do not. Every registration makes the events'
# pages stale; this version stays, so a crowd registering reads those rows once per process (kept_in_process).
EVENT_SETUP = "event-setup"
# Read together, in one round trip, on a request's first reading.
VERSIONS = (*AREAS, EVENT_SETUP)

# The public areas each model appears in. Districts and sources are shown on every area's pages;
# inquiries, emails and organiser assignments are not public and change no page.
MODEL_AREAS = {
    "districts.Source": AREAS,
    "districts.District": VERSIONS,
    "districts.KeyFigure": (DISTRICTS,),
    "districts.Incentive": (DISTRICTS,),
    "districts.IndustrialFund": (DISTRICTS,),
    "districts.Facility": (DISTRICTS,),
    "districts.ServiceCenter": (DISTRICTS,),
    "districts.TalentProgramme": (DISTRICTS,),
    "districts.InvestmentContact": (DISTRICTS,),
    "enterprises.Enterprise": (ENTERPRISES,),
    "enterprises.Work": (ENTERPRISES,),
    "enterprises.Photo": (ENTERPRISES,),
    "events.Event": (EVENTS, EVENT_SETUP),
    "events.AgendaItem": (EVENTS, EVENT_SETUP),
    "events.Speaker": (EVENTS,),
    "events.Question": (EVENTS, EVENT_SETUP),
    "events.InvitationCode": (EVENTS,),
    "events.Registration": (EVENTS,),
    # The registration form says how many seats each session has left.
    "events.SessionBooking": (EVENTS,),
    # The event page links to the meetings an event offers.
    "meetings.MeetingProgramme": (EVENTS,),
}
# Saves of only these fields change nothing a visitor sees (check-in at the door, reminder bookkeeping).
PRIVATE_REGISTRATION_FIELDS = {"checked_in_at", "reminder_sent_at"}


def _key(area: str) -> str:
    return f"content-version:{area}"


def content_versions(areas) -> str:
    """The current versions of these areas, as one string to put in a cache key."""
    return content_versions_and(areas, None)[0]


# The versions read by the request being served (read_once_per_request), by key; None outside a request.
versions_of_request: ContextVar[dict | None] = ContextVar("versions_of_request", default=None)


def content_versions_and(areas, other_key: str | None) -> tuple[str, object]:
    """content_versions(areas), and the value stored at `other_key` (None when missing), in one round trip.

    Within a request, every area's version is read on the first call and kept for the request's other
    calls: the page cache, the facets, the cards and the districts of one page then share one reading."""
    keys = [_key(area) for area in areas]
    kept = versions_of_request.get()
    if kept is not None and all(key in kept for key in keys):
        value = cache.get(other_key) if other_key else None
        return ".".join(str(kept[key]) for key in keys), value
    read = keys if kept is None else list(dict.fromkeys([*keys, *(_key(area) for area in VERSIONS)]))
    found = cache.get_many([*read, other_key] if other_key else read)
    value = found.pop(other_key, None) if other_key else None
    missing = [key for key in read if key not in found]
    for key in missing:
        # A lost version restarts from the clock, never at a number whose entries may still be stored.
        cache.add(key, time.time_ns(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    if kept is not None:
        kept.update(found)
    return ".".join(str(found.get(key, 0)) for key in keys), value


def read_once_per_request(get_response):
    """Middleware: the content versions are read once per request (content_versions_and), not once per
    cached part of the page. A write in the request forgets them (_bump), so it reads the new ones."""

    def middleware(request):
        reading = versions_of_request.set({})
        try:
            return get_response(request)
        finally:
            versions_of_request.reset(reading)

    return middleware


def cached_results(name: str, arguments: list, areas, compute_missing) -> list:
    """Several results, each stored until content in one of `areas` changes, in two round trips to the cache.

    `arguments` (repr-able values) tell results apart; compute_missing(indexes) returns the results
    for the arguments at those indexes, in order, and is called only if some are missing.
    """
    if not settings.PAGE_CACHE:
        return compute_missing(list(range(len(arguments))))
    versions = content_versions(areas)
    keys = [f"{name}:{hashlib.md5(repr(argument).encode()).hexdigest()}:{versions}" for argument in arguments]
    found = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    if missing:
        computed = dict(zip(missing, compute_missing(missing), strict=True))
        cache.set_many({keys[index]: result for index, result in computed.items()}, timeout=settings.PAGE_CACHE_SECONDS)
        found.update({keys[index]: result for index, result in computed.items()})
    return [found[key] for key in keys]


# Small results every page of an area shows, kept in this process per versions (kept_in_process).
KEPT_IN_PROCESS: dict = {}
KEPT_IN_PROCESS_LIMIT = 200


def kept_in_process(name: str, areas, compute):
    """compute(), kept in this process until content in one of `areas` changes, in one round trip to the
    cache (the versions): for a small result most pages show, as the districts of a filter form, whose
    query and rows cost more than reading the versions. `name` tells results apart (say the language)."""
    if not settings.PAGE_CACHE:
        return compute()
    return kept(KEPT_IN_PROCESS, KEPT_IN_PROCESS_LIMIT, (name, content_versions(areas)), compute)


def content_changed(*areas: str) -> None:
    """Make every cached page and figure of these areas stale; called by every write to public content."""
    _bump(areas)
    # Again once committed: a page rendered between the first bump and the commit read the old rows.
    transaction.on_commit(lambda: _bump(areas))


def content_committed(*areas: str) -> None:
    """Like content_changed, for a write already committed (saved without signals, so as not to reach the
    cache inside its transaction): one bump, now. Inside a transaction still open, as content_changed."""
    if transaction.get_connection().in_atomic_block:
        content_changed(*areas)
    else:
        _bump(areas)


def _bump(areas) -> None:
    kept = versions_of_request.get()
    if kept is not None:
        kept.clear()
    # A lost version restarts from the clock, never at a number whose entries may still be stored.
    incremented(dict.fromkeys([_key(area) for area in areas], (time.time_ns(), None)))


def _saved(sender, update_fields=None, **kwargs):
    if (
        sender._meta.label == "events.Registration"
        and update_fields
        and set(update_fields) <= PRIVATE_REGISTRATION_FIELDS
    ):
        return
    content_changed(*MODEL_AREAS[sender._meta.label])


def _deleted(sender, **kwargs):
    content_changed(*MODEL_AREAS[sender._meta.label])


def _speakers_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        content_changed(EVENTS)


def connect_signals() -> None:
    """Bump the versions on every save and delete, whoever makes it: services, the admin, imports."""
    for label in MODEL_AREAS:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"content_versions.saved.{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"content_versions.deleted.{label}")
    speakers = apps.get_model("events.AgendaItem").speakers.through
    m2m_changed.connect(_speakers_changed, sender=speakers, dispatch_uid="content_versions.speakers")
