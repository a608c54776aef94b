"""Writes for meetings: desks' time slots, requests, the desk's answer, cancellation.

A slot goes to one party at most: a request locks the person's registration, then the slot, and counts
again under the locks; the database's partial unique constraint on active meetings per slot backs it.
Every change emails both sides, each in their language, with the meeting's .ics.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from events.models import Event, Registration, SessionBooking
from foundation.emails import email_queue
from foundation.service_errors import ServiceError
from meetings.calendar import meeting_calendar
from meetings.models import NOTE_MAX_LENGTH, SLOT_MINUTES, Desk, Meeting, MeetingProgramme, Slot

# More tables than this, or more slots in one go, is a typing mistake rather than a plan.
MAX_TABLES = 20
MAX_SLOTS_AT_ONCE = 500

# A message naming a limit, put together when it is shown, in the language of that moment.
limited = lazy(lambda message, limit: message % {"limit": limit}, str)

ERROR_MESSAGES = {
    "not_offered": _("This event is not taking meeting requests."),
    "not_confirmed": _("Only attendees with a confirmed registration for this event can request a meeting."),
    "unknown_ticket": _(
        "No confirmed registration for this event has this email address and ticket code. "
        "Check both against your ticket email."
    ),
    "wrong_event": _("This time slot belongs to another event."),
    "desk_not_taking_part": _("This desk is not taking meetings at this event."),
    "slot_past": _("This time slot has already begun; choose a later one."),
    "slot_taken": _("Someone else has just taken this time slot; choose another one."),
    "busy": _(
        "You already have a meeting or a session at that time; choose another slot, or cancel the other one first."
    ),
    "note_empty": _("Say in a few words what you would like to discuss."),
    "note_too_long": limited(
        ngettext_lazy(
            "Keep the note to %(limit)s character or fewer.",
            "Keep the note to %(limit)s characters or fewer.",
            NOTE_MAX_LENGTH,
        ),
        NOTE_MAX_LENGTH,
    ),
    "not_requested": _("This meeting is no longer waiting for an answer."),
    "not_active": _("This meeting was already cancelled or declined."),
    "meeting_over": _("This meeting has already begun; it can no longer be cancelled here."),
    "slot_minutes": _("A slot lasts 15, 20 or 30 minutes."),
    "slot_tables": limited(
        ngettext_lazy("Give between 1 and %(limit)s table.", "Give between 1 and %(limit)s tables.", MAX_TABLES),
        MAX_TABLES,
    ),
    "slot_range": _("The range must end after it starts, with room for at least one slot."),
    "slot_range_past": _("The range starts in the past; slots can only be offered ahead."),
    "too_many_slots": limited(
        ngettext_lazy(
            "That makes more than %(limit)s slot; generate them in smaller ranges.",
            "That makes more than %(limit)s slots; generate them in smaller ranges.",
            MAX_SLOTS_AT_ONCE,
        ),
        MAX_SLOTS_AT_ONCE,
    ),
    "slots_overlap": _("Some of these slots overlap slots the desk already offers at the same table."),
}


class MeetingError(ServiceError):
    """A meeting request or change that the rules refuse; `code` is a key of ERROR_MESSAGES."""

    messages = ERROR_MESSAGES


def meeting_clash(registration: Registration, start, end) -> Meeting | None:
    """The person's requested or accepted meeting between `start` and `end`, if any: a session they book must
    not overlap it either."""
    return (
        Meeting.objects.active()
        .filter(registration=registration, slot__starts_at__lt=end, slot__ends_at__gt=start)
        .select_related("slot")
        .first()
    )


def meetings_held(registration: Registration) -> list[Meeting]:
    """The person's requested and accepted meetings with their slots, in one query: for checking several
    sessions against them with meeting_clash_among."""
    return list(Meeting.objects.active().filter(registration=registration).select_related("slot"))


def meeting_clash_among(meetings: list[Meeting], start, end) -> Meeting | None:
    """The first of `meetings` (meetings_held's) between `start` and `end`, by meeting_clash's rule."""
    return next(
        (meeting for meeting in meetings if meeting.slot.starts_at < end and meeting.slot.ends_at > start), None
    )


def _busy_clash(registration: Registration, start, end) -> bool:
    """Whether the person is already taken between `start` and `end`, by another meeting or by a session they
    booked (a seat or a place in its line): the one overlap rule for meetings. Call with the registration
    row locked; booking a session locks it too, so the two cannot race."""
    return (
        meeting_clash(registration, start, end) is not None
        or SessionBooking.objects.filter(
            registration=registration, agenda_item__starts_at__lt=end, agenda_item__ends_at__gt=start
        ).exists()
    )


def _note_checked(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise MeetingError("note_empty")
    if len(note) > NOTE_MAX_LENGTH:
        raise MeetingError("note_too_long")
    return note


def meeting_request(*, registration: Registration, slot: Slot, note: str) -> Meeting:
    """Request a meeting in `slot` for a confirmed attendee of the slot's event; both sides are emailed.

    Raises MeetingError when the event takes no requests, the person is not confirmed, the slot has begun
    or is taken, or the person already has a meeting at that time.
    """
    note = _note_checked(note)
    try:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
            )
            slot = (
                Slot.objects.select_for_update(of=("self",))
                .select_related("desk__event", "desk__district", "desk__enterprise")
                .get(pk=slot.pk)
            )
            _check_request(registration, slot)
            meeting = Meeting(slot=slot, registration=registration, note=note)
            meeting.save(force_insert=True)
            _notify(meeting, "requested")
    except IntegrityError:
        raise MeetingError("slot_taken")
    return meeting


def _check_request(registration: Registration, slot: Slot) -> None:
    event = registration.event
    if slot.desk.event_id != event.pk:
        raise MeetingError("wrong_event")
    if not meetings_open(event):
        raise MeetingError("not_offered")
    if registration.status != Registration.Status.CONFIRMED or registration.personal_data_erased_at:
        raise MeetingError("not_confirmed")
    if slot.desk.accepted_at is None:
        raise MeetingError("desk_not_taking_part")
    if slot.starts_at <= timezone.now():
        raise MeetingError("slot_past")
    if slot.meetings.active().exists():
        raise MeetingError("slot_taken")
    if _busy_clash(registration, slot.starts_at, slot.ends_at):
        raise MeetingError("busy")


def meetings_open(event: Event) -> bool:
    """Whether the event takes meeting requests now: it offers meetings, is published and not over."""
    return (
        MeetingProgramme.objects.filter(event=event, is_open=True).exists()
        and event.state == Event.State.PUBLISHED
        and not event.is_past
    )


def meeting_decide(*, meeting: Meeting, accept: bool, decided_by) -> Meeting:
    """The desk accepts or declines a requested meeting; a declined one frees its slot."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status != Meeting.Status.REQUESTED:
            raise MeetingError("not_requested")
        meeting.decided_by = decided_by
        _change(meeting, Meeting.Status.ACCEPTED if accept else Meeting.Status.DECLINED)
    return meeting


def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """The attendee cancels a requested or accepted meeting before it begins; the slot is free again."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if not meeting.is_active:
            raise MeetingError("not_active")
        if meeting.slot.starts_at <= timezone.now():
            raise MeetingError("meeting_over")
        _change(meeting, Meeting.Status.CANCELLED)
    return meeting


def meetings_cancel_for(registration: Registration) -> int:
    """Cancel the person's meetings still ahead when their registration is cancelled; both sides are told."""
    count = 0
    meetings = registration.meetings.active().filter(slot__starts_at__gt=timezone.now())
    for meeting in meetings.select_for_update(of=("self",)).select_related(*MEETING_RELATED):
        _change(meeting, Meeting.Status.CANCELLED)
        count += 1
    return count


def meeting_notes_erase(registration: Registration) -> int:
    """Erase the notes of the person's meetings (with their registration's personal data); times stay."""
    return registration.meetings.exclude(note="").update(note="")


MEETING_RELATED = ("slot__desk__event", "slot__desk__district", "slot__desk__enterprise", "registration")


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related(*MEETING_RELATED).get(pk=meeting.pk)


def _change(meeting: Meeting, status: str) -> None:
    meeting.status = status
    meeting.status_changed_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "status_changed_at", "sequence", "decided_by"])
    _notify(meeting, status)


def _notify(meeting: Meeting, change: str) -> None:
    """Email both sides about a change, each in their language, with the meeting's .ics attached."""
    registration, desk = meeting.registration, meeting.slot.desk
    for side, to, language in (
        ("attendee", registration.email, registration.language),
        ("desk", desk.contact_email, desk.language),
    ):
        with translation.override(language):
            manage_url = registration.get_absolute_url()
        email_queue(
            to=to,
            template=f"meeting_to_{side}",
            context={
                "meeting": meeting,
                "change": change,
                "slot": meeting.slot,
                "desk": desk,
                "event": desk.event,
                "registration": registration,
                "site_url": settings.SITE_URL,
                "manage_url": manage_url,
            },
            language=language,
            about=registration,
            attachments=[
                {
                    "filename": "meeting.ics",
                    "content_type": f"text/calendar; method={'REQUEST' if meeting.is_active else 'CANCEL'}",
                    "content": meeting_calendar(meeting, language=language),
                }
            ],
        )


def slots_generate(*, desk: Desk, starts_at, ends_at, minutes: int, tables: int) -> list[Slot]:
    """Offer back-to-back slots of `minutes` at each of `tables` tables from `starts_at` until `ends_at`.
    Refuses, creating none, when a new slot would overlap one the desk offers already at the same table."""
    if minutes not in SLOT_MINUTES:
        raise MeetingError("slot_minutes")
    if not 1 <= tables <= MAX_TABLES:
        raise MeetingError("slot_tables")
    length = timedelta(minutes=minutes)
    if starts_at + length > ends_at:
        raise MeetingError("slot_range")
    if starts_at < timezone.now():
        raise MeetingError("slot_range_past")
    starts = []
    start = starts_at
    while start + length <= ends_at:
        starts.append(start)
        start += length
    if len(starts) * tables > MAX_SLOTS_AT_ONCE:
        raise MeetingError("too_many_slots")
    with transaction.atomic():
        desk = Desk.objects.select_for_update().get(pk=desk.pk)
        if desk.slots.filter(table__lte=tables, starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
            raise MeetingError("slots_overlap")
        return Slot.objects.bulk_create(
            Slot(desk=desk, table=table, starts_at=start, ends_at=start + length)
            for table in range(1, tables + 1)
            for start in starts
        )
