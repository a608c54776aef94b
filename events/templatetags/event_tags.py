from django import template
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events import dates, maps
from events.models import Event
from foundation.emails import plain_text_render
from foundation.kept import kept

register = template.Library()

# event_when_where's text by event, version of its row and language: each event's few, for this process.
WHEN_WHERE_RENDERED: dict = {}
WHEN_WHERE_LIMIT = 500


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(limit: int = 3):
    """The next published events, for the home page."""
    events = Event.objects.published().upcoming().select_related("district", "source").with_seat_counts()
    return {"events": events[:limit]}


@register.filter
def place_in_line(position: int) -> str:
    """“3rd in line” in English, “第 3 位” in Chinese: the two word a place too differently to share one placeholder."""
    # xgettext:no-python-brace-format
    return _("{ordinal} in line").format(ordinal=ordinal(position), number=position)


@register.simple_tag
def event_when(event, html: bool = True, beijing_time: bool = False) -> str:
    """{% event_when event %}: the event's dates in the page language, in <time> elements;
    html=False for emails and feeds; beijing_time=True adds "(Beijing time)" where times are published."""
    return dates.event_when(event, html=html, beijing_time=beijing_time)


@register.filter
def map_search(event) -> str:
    return maps.map_search_url(event)


@register.filter
def session_when(item) -> str:
    """{{ item|session_when }}: a session's day and times in the page language, as plain text."""
    return dates.session_when(item)


@register.simple_tag
def event_when_where(event) -> str:
    """{% event_when_where event %}: the event's title, dates, place and map link for an email, in the active
    language (emails/_event_when_where.txt). Every email about an event says the same, and a crowd registering
    is sent hundreds a minute: the text is rendered once per language and version of the event's row (every
    save changes its updated_at; what it says is the row's alone), then kept in this process."""
    if event.pk is None or event.updated_at is None:
        return _when_where_render(event)
    key = (event.pk, event.updated_at, get_language())
    return kept(WHEN_WHERE_RENDERED, WHEN_WHERE_LIMIT, key, lambda: _when_where_render(event))


def _when_where_render(event) -> str:
    return plain_text_render("emails/_event_when_where.txt", {"event": event})
