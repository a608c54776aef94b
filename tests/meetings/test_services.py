"""The meeting rules: one party per slot, nobody in two places at once, both sides told of every change."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone
from icalendar import Calendar

from events.models import Registration
from events.services import registration_cancel
from foundation.models import OutgoingEmail
from meetings.models import Meeting
from meetings.selectors import accepted_meetings
from meetings.services import MeetingError, meeting_cancel, meeting_decide, meeting_request, slots_generate
from tests.factories import EnterpriseFactory, RegistrationFactory
from tests.meetings.conftest import make_slots

pytestmark = pytest.mark.django_db


def calendar_of(email: OutgoingEmail):
    [attachment] = email.attachments
    calendar = Calendar.from_ical(attachment["content"])
    [entry] = calendar.walk("VEVENT")
    return calendar, entry


def test_a_confirmed_attendee_gets_a_free_slot_and_both_sides_are_emailed_with_an_invitation(attendee, slots):
    meeting = meeting_request(registration=attendee, slot=slots[0], note="  Co-producing a series  ")

    assert meeting.status == Meeting.Status.REQUESTED and meeting.note == "Co-producing a series"
    to_attendee = OutgoingEmail.objects.get(to="li@example.com")
    to_desk = OutgoingEmail.objects.get(to="desk@haizhu.example")
    assert to_attendee.subject == "Meeting requested with Haizhu investment desk"
    # The desk reads Chinese, the language it asked for.
    start = timezone.localtime(slots[0].starts_at)
    assert to_desk.subject == f"会谈申请：{start:%Y-%m-%d %H:%M}，1号桌"
    assert "Li Hua" in to_desk.body and "Co-producing a series" in to_desk.body
    assert to_attendee.registration == attendee and to_desk.registration == attendee
    calendar, entry = calendar_of(to_attendee)
    assert calendar["METHOD"] == "REQUEST" and entry["STATUS"] == "TENTATIVE"
    assert str(entry["UID"]) == f"meeting-{meeting.pk}@haizhu-portal" and entry["SEQUENCE"] == 0
    assert entry.decoded("DTSTART") == slots[0].starts_at


def test_every_change_keeps_the_uid_and_raises_the_sequence_and_a_cancel_removes_it(attendee, slots, organiser):
    meeting = meeting_request(registration=attendee, slot=slots[0], note="Locations")
    meeting_decide(meeting=meeting, accept=True, decided_by=organiser)
    meeting_cancel(meeting=meeting)

    emails = list(OutgoingEmail.objects.filter(to="li@example.com").order_by("pk"))
    assert [email.subject for email in emails] == [
        "Meeting requested with Haizhu investment desk",
        "Meeting accepted by Haizhu investment desk",
        "Meeting with Haizhu investment desk cancelled",
    ]
    entries = [calendar_of(email) for email in emails]
    assert {str(entry["UID"]) for _calendar, entry in entries} == {f"meeting-{meeting.pk}@haizhu-portal"}
    assert [entry["SEQUENCE"] for _calendar, entry in entries] == [0, 1, 2]
    assert [calendar["METHOD"] for calendar, _entry in entries] == ["REQUEST", "REQUEST", "CANCEL"]
    assert OutgoingEmail.objects.filter(to="desk@haizhu.example").count() == 3


def test_a_taken_slot_is_refused_and_cancelling_frees_it(attendee, slots, event):
    first = meeting_request(registration=attendee, slot=slots[0], note="Funds")
    other = RegistrationFactory(event=event)
    with pytest.raises(MeetingError) as refused:
        meeting_request(registration=other, slot=slots[0], note="Funds too")
    assert refused.value.code == "slot_taken"

    meeting_cancel(meeting=first)
    assert meeting_request(registration=other, slot=slots[0], note="Funds too").status == Meeting.Status.REQUESTED


def test_a_declined_request_frees_the_slot(attendee, slots, event, organiser):
    meeting = meeting_decide(
        meeting=meeting_request(registration=attendee, slot=slots[0], note="Studios"),
        accept=False,
        decided_by=organiser,
    )
    assert meeting.status == Meeting.Status.DECLINED
    assert meeting_request(registration=RegistrationFactory(event=event), slot=slots[0], note="x").pk


def test_nobody_holds_two_meetings_at_the_same_time(attendee, slots, other_desk):
    elsewhere = make_slots(other_desk, count=1, minutes=30, start=slots[0].starts_at + datetime.timedelta(minutes=10))
    meeting_request(registration=attendee, slot=slots[0], note="Funds")

    with pytest.raises(MeetingError) as refused:
        meeting_request(registration=attendee, slot=elsewhere[0], note="Studios")
    assert refused.value.code == "busy"
    # The next slot, back to back with the first, is fine.
    assert meeting_request(registration=attendee, slot=slots[1], note="More").pk


@pytest.mark.parametrize(
    "change, code",
    [
        ({"status": Registration.Status.WAITING}, "not_confirmed"),
        ({"status": Registration.Status.CANCELLED}, "not_confirmed"),
    ],
)
def test_only_a_confirmed_attendee_may_request(event, slots, change, code):
    registration = RegistrationFactory(event=event, **change)
    with pytest.raises(MeetingError) as refused:
        meeting_request(registration=registration, slot=slots[0], note="Funds")
    assert refused.value.code == code and not Meeting.objects.exists()


def test_a_slot_in_the_past_a_desk_not_taking_part_and_bad_notes_are_refused(attendee, slots, desk):
    past = slots[0]
    past.starts_at = timezone.now() - datetime.timedelta(minutes=30)
    past.ends_at = past.starts_at + datetime.timedelta(minutes=20)
    past.save()
    for slot, note, code in [
        (past, "Funds", "slot_past"),
        (slots[1], "   ", "note_empty"),
        (slots[1], "x" * 301, "note_too_long"),
    ]:
        with pytest.raises(MeetingError) as refused:
            meeting_request(registration=attendee, slot=slot, note=note)
        assert refused.value.code == code
    desk.accepted_at = None
    desk.save()
    with pytest.raises(MeetingError) as refused:
        meeting_request(registration=attendee, slot=slots[1], note="Funds")
    assert refused.value.code == "desk_not_taking_part"


def test_an_event_that_stopped_taking_requests_refuses_them(attendee, slots, event):
    event.meeting_programme.is_open = False
    event.meeting_programme.save()
    with pytest.raises(MeetingError) as refused:
        meeting_request(registration=attendee, slot=slots[0], note="Funds")
    assert refused.value.code == "not_offered"


def test_the_database_refuses_a_second_active_meeting_in_a_slot(attendee, slots, event):
    Meeting.objects.create(slot=slots[0], registration=attendee, note="a")
    with pytest.raises(IntegrityError):
        Meeting.objects.create(slot=slots[0], registration=RegistrationFactory(event=event), note="b")


def test_only_a_requested_meeting_is_decided_and_a_cancelled_one_stays_cancelled(attendee, slots, organiser):
    meeting = meeting_request(registration=attendee, slot=slots[0], note="Funds")
    meeting_cancel(meeting=meeting)
    for action in (lambda: meeting_decide(meeting=meeting, accept=True, decided_by=organiser),):
        with pytest.raises(MeetingError) as refused:
            action()
        assert refused.value.code == "not_requested"
    with pytest.raises(MeetingError) as refused:
        meeting_cancel(meeting=meeting)
    assert refused.value.code == "not_active"


def test_cancelling_the_registration_cancels_its_meetings_and_tells_the_desk(attendee, slots):
    meeting = meeting_request(registration=attendee, slot=slots[0], note="Funds")
    registration_cancel(registration=attendee)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert OutgoingEmail.objects.filter(to="desk@haizhu.example", subject__contains="取消").exists()


def test_slots_are_generated_back_to_back_at_each_table_and_never_overlap(desk, event):
    start = event.starts_at + datetime.timedelta(hours=2)
    slots = slots_generate(
        desk=desk, starts_at=start, ends_at=start + datetime.timedelta(hours=1), minutes=20, tables=2
    )
    assert len(slots) == 6 and {slot.table for slot in slots} == {1, 2}
    assert sorted({slot.starts_at for slot in slots}) == [start + datetime.timedelta(minutes=m) for m in (0, 20, 40)]
    with pytest.raises(MeetingError) as refused:
        slots_generate(
            desk=desk,
            starts_at=start + datetime.timedelta(minutes=30),
            ends_at=start + datetime.timedelta(hours=2),
            minutes=30,
            tables=1,
        )
    assert refused.value.code == "slots_overlap"
    for minutes, tables, code in [(25, 1, "slot_minutes"), (20, 0, "slot_tables")]:
        with pytest.raises(MeetingError) as refused:
            slots_generate(
                desk=desk, starts_at=start, ends_at=start + datetime.timedelta(hours=1), minutes=minutes, tables=tables
            )
        assert refused.value.code == code
    with pytest.raises(MeetingError) as refused:
        past = timezone.now() - datetime.timedelta(days=1)
        slots_generate(desk=desk, starts_at=past, ends_at=past + datetime.timedelta(hours=1), minutes=20, tables=1)
    assert refused.value.code == "slot_range_past"


def test_accepted_meetings_count_the_districts_desk_and_its_enterprises_desks(attendee, slots, event, organiser, desk):
    from meetings.models import Desk

    enterprise = EnterpriseFactory(district=event.district)
    enterprise_desk = Desk.objects.create(
        event=event,
        kind=Desk.Kind.ENTERPRISE,
        enterprise=enterprise,
        contact_email="e@example.com",
        language="en",
        accepted_at=timezone.now(),
    )
    enterprise_slot = make_slots(enterprise_desk, count=1, start=slots[2].ends_at)[0]
    for slot in (slots[0], enterprise_slot):
        meeting_decide(
            meeting=meeting_request(registration=attendee, slot=slot, note="x"), accept=True, decided_by=organiser
        )
    meeting_request(registration=attendee, slot=slots[1], note="not yet accepted")

    day = timezone.localtime(event.starts_at).replace(hour=0, minute=0)
    assert accepted_meetings(event.district, day, day + datetime.timedelta(days=2)).count() == 2
    assert (
        accepted_meetings(event.district, day + datetime.timedelta(days=2), day + datetime.timedelta(days=3)).count()
        == 0
    )


def test_messages_naming_a_limit_speak_the_language_of_the_moment():
    from django.utils import translation

    from meetings.services import ERROR_MESSAGES

    with translation.override("zh-hans"):
        assert str(ERROR_MESSAGES["note_too_long"]) == "说明请不超过300个字。"
    with translation.override("en"):
        assert str(ERROR_MESSAGES["note_too_long"]) == "Keep the note to 300 characters or fewer."
