"""A meeting as an iCalendar invitation: one UID for its whole life, its SEQUENCE raised on every change."""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from meetings.models import Meeting

STATUSES = {
    Meeting.Status.REQUESTED: "TENTATIVE",
    Meeting.Status.ACCEPTED: "CONFIRMED",
    Meeting.Status.DECLINED: "CANCELLED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def meeting_calendar(meeting: Meeting, *, language: str) -> str:
    """The .ics sent with every email about `meeting`: METHOD REQUEST while it may take place, CANCEL once
    declined or cancelled, so a calendar that holds it updates or removes the same entry."""
    slot, desk, event = meeting.slot, meeting.slot.desk, meeting.slot.desk.event
    with translation.override(language):
        summary = _("Meeting: %(desk)s and %(person)s") % {"desk": desk.name, "person": meeting.registration.full_name}
        table = _("table %(number)s") % {"number": slot.table}
    calendar = Calendar()
    calendar.add("prodid", "-//Haizhu Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST" if meeting.is_active else "CANCEL")
    entry = CalendarEvent()
    entry.add("uid", meeting.calendar_uid)
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", slot.starts_at)
    entry.add("dtend", slot.ends_at)
    entry.add("summary", summary)
    entry.add("location", ", ".join(part for part in [event.title, event.venue, table] if part))
    entry.add("description", meeting.note)
    entry.add("status", STATUSES[meeting.status])
    entry.add("organizer", vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"))
    for address in (meeting.registration.email, desk.contact_email):
        entry.add("attendee", vCalAddress(f"mailto:{address}"))
    calendar.add_component(entry)
    return calendar.to_ical().decode()
