"""A person's meetings are in their data export and their notes go with their registration's erasure."""

import pytest

from foundation.models import OutgoingEmail
from meetings.models import Meeting
from meetings.services import meeting_request
from staff.privacy import personal_data_erase, personal_data_export

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_persons_meetings(attendee, slots):
    meeting_request(registration=attendee, slot=slots[0], note="Co-producing a series")
    [meeting] = personal_data_export(email="LI@example.com")["meetings"]
    assert meeting["note"] == "Co-producing a series" and meeting["status"] == "requested"
    assert meeting["slot__desk__event__slug"] == "expo" and meeting["slot__desk__district__slug"] == "haizhu"
    assert meeting["slot__starts_at"] == slots[0].starts_at


def test_erasure_removes_the_notes_and_the_emails_to_both_sides_and_keeps_the_meeting(attendee, slots):
    meeting_request(registration=attendee, slot=slots[0], note="Co-producing a series")
    assert personal_data_erase(email="li@example.com")["registrations"] == 1

    meeting = Meeting.objects.get()
    assert meeting.note == "" and meeting.slot == slots[0]
    for email in OutgoingEmail.objects.all():
        assert email.body == "" and email.attachments == [] and "li@example.com" not in email.to
        # Subjects name the desk and the time, never the person.
        assert "Li Hua" not in email.subject
    assert personal_data_export(email="li@example.com")["meetings"] == []
