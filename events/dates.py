"""When an event is, as each language writes it: "2026年12月27日 星期日 14:00–17:30",
"Sun 27 Dec 2026, 14:00 – 17:30"; the day is named once when the event ends on the day it starts."""

from functools import lru_cache

from babel.dates import format_date
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from districts.formatting import babel_locale
from foundation.templatetags.times import datetime_attribute

# CLDR date patterns with the weekday, by language.
DAY_PATTERNS = {"zh": "y年M月d日 EEEE", "en": "EEE d MMM y"}


def day_text(moment) -> str:
    language = (get_language() or "en")[:2]
    return format_date(moment.date(), DAY_PATTERNS.get(language, DAY_PATTERNS["en"]), locale=babel_locale())


def moment_text(moment) -> str:
    return _("%(day)s, %(time)s") % {"day": day_text(moment), "time": f"{moment:%H:%M}"}


def event_when(event, *, html: bool = True, beijing_time: bool = False) -> str:
    """The event's dates (and times, where published) as text, or as HTML with <time> elements."""
    return _event_when(
        *_reader(), event.starts_at, event.ends_at, event.date_announced, event.times_announced, html, beijing_time
    )


def _reader() -> tuple[str, str]:
    """What the texts depend on besides the values: the active language and time zone."""
    return get_language() or "en", timezone.get_current_timezone_name()


# Each text is written once per process for its values, language and time zone, and kept: Babel and the
# translations cost a third of a registration email's rendering, for the same few texts every time.
WHEN_TEXTS_KEPT = 4096


@lru_cache(maxsize=WHEN_TEXTS_KEPT)
def _event_when(language, zone, starts_at, ends_at, date_announced, times_announced, html, beijing_time) -> str:
    # `language` and `zone` are the active ones (_reader): they key the kept texts.
    if not date_announced:
        return _("Date not published")
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    one_day = start.date() == end.date()
    joiner = _("%(start)s – %(end)s")
    if times_announced:
        first, stamps = moment_text(start), (start, end)
        if one_day:
            last, joiner = f"{end:%H:%M}", pgettext("a time range within one day", "%(start)s – %(end)s")
        else:
            last = moment_text(end)
    else:
        first, last, stamps = day_text(start), None if one_day else day_text(end), (start.date(), end.date())
    if html:
        first = format_html('<time datetime="{}">{}</time>', datetime_attribute(stamps[0]), first)
        if last:
            last = format_html('<time datetime="{}">{}</time>', datetime_attribute(stamps[1]), last)
        joiner = conditional_escape(joiner)
    when = joiner % {"start": first, "end": last} if last else first
    if beijing_time and times_announced:
        when = (conditional_escape(_("%(when)s (Beijing time)")) if html else _("%(when)s (Beijing time)")) % {
            "when": when
        }
    return mark_safe(when) if html else when


def session_when(item) -> str:
    """An agenda item's day and times as plain text: "Sun 27 Dec 2026, 14:00 – 15:30"."""
    return _session_when(*_reader(), item.starts_at, item.ends_at)


@lru_cache(maxsize=WHEN_TEXTS_KEPT)
def _session_when(language, zone, starts_at, ends_at) -> str:
    start = timezone.localtime(starts_at)
    if ends_at is None:
        return moment_text(start)
    end = timezone.localtime(ends_at)
    if start.date() == end.date():
        return pgettext("a time range within one day", "%(start)s – %(end)s") % {
            "start": moment_text(start),
            "end": f"{end:%H:%M}",
        }
    return _("%(start)s – %(end)s") % {"start": moment_text(start), "end": moment_text(end)}
