"""Events as iCalendar: one event for a ticket, all published events for the feed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event


def event_calendar(events, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Haizhu Portal//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    # A calendar entry needs a date; an event whose date is not published has none to give.
    for event in (event for event in events if event.date_announced):
        calendar.add_component(calendar_event(event))
    return calendar.to_ical()


def calendar_event(event: Event) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@haizhu-portal")
    entry.add("summary", event.title)
    if event.times_announced:
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
    else:
        # Only the dates are known: an all-day entry, its end the day after the last day.
        entry.add("dtstart", timezone.localdate(event.starts_at))
        entry.add("dtend", timezone.localdate(event.ends_at) + timedelta(days=1))
    entry.add("dtstamp", timezone.now())
    entry.add("location", ", ".join(part for part in [event.venue, event.address] if part))
    entry.add("description", event.summary or event.description)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry
