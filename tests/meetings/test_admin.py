"""Desks answer in the admin, each staff member within their role: organisers for their events, district
staff for their district's desk; organisers generate a desk's slots over a time range."""

import datetime

import pytest
from django.utils import timezone

from foundation.models import OutgoingEmail
from meetings.models import Meeting, Slot
from meetings.services import meeting_request
from tests.factories import DistrictFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def requested(attendee, slots):
    return meeting_request(registration=attendee, slot=slots[0], note="Funds")


def decide(client, meeting, action):
    return client.post(
        "/admin/meetings/meeting/", {"action": action, "_selected_action": [meeting.pk], "index": 0}, follow=True
    )


def test_the_organiser_accepts_a_request_and_both_sides_are_told(client, organiser, requested):
    client.force_login(organiser)
    page = decide(client, requested, "accept_meetings").content.decode()
    requested.refresh_from_db()
    assert requested.status == Meeting.Status.ACCEPTED and requested.decided_by == organiser
    assert "1 meeting accepted." in page
    assert OutgoingEmail.objects.filter(subject="Meeting accepted by Haizhu investment desk").count() == 1
    assert OutgoingEmail.objects.filter(to="desk@haizhu.example", subject__startswith="会谈已接受：").count() == 1


def test_the_districts_editor_declines_for_their_desk(client, editor_of, event, requested):
    client.force_login(editor_of(event.district))
    assert "Li Hua" in client.get("/admin/meetings/meeting/").content.decode()
    decide(client, requested, "decline_meetings")
    requested.refresh_from_db()
    assert requested.status == Meeting.Status.DECLINED


def test_a_desk_outside_ones_role_is_neither_listed_nor_decided(client, editor_of, requested):
    client.force_login(editor_of(DistrictFactory(slug="yuexiu"), username="yuexiu-editor"))
    assert "Li Hua" not in client.get("/admin/meetings/meeting/").content.decode()
    assert client.get(f"/admin/meetings/meeting/{requested.pk}/change/").status_code == 302
    decide(client, requested, "accept_meetings")
    requested.refresh_from_db()
    assert requested.status == Meeting.Status.REQUESTED


def test_a_meeting_no_longer_requested_is_left_as_it_is(client, organiser, requested):
    client.force_login(organiser)
    decide(client, requested, "decline_meetings")
    page = decide(client, requested, "accept_meetings").content.decode()
    requested.refresh_from_db()
    assert requested.status == Meeting.Status.DECLINED
    assert "1 meeting was no longer waiting for an answer and was left as it is." in page


def test_the_organiser_generates_a_desks_slots_over_a_time_range(client, organiser, desk, event):
    client.force_login(organiser)
    start = timezone.localtime(event.starts_at + datetime.timedelta(days=1))
    form = client.post("/admin/meetings/desk/", {"action": "generate_slots", "_selected_action": [desk.pk]})
    assert form.status_code == 200 and "Generate the slots" in form.content.decode()
    data = {
        "action": "generate_slots",
        "_selected_action": [desk.pk],
        "apply": "1",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00",
        "ends_at_0": start.strftime("%Y-%m-%d"),
        "ends_at_1": "11:00",
        "minutes": "15",
        "tables": "2",
    }
    page = client.post("/admin/meetings/desk/", data, follow=True).content.decode()
    assert "8 time slots created." in page and Slot.objects.filter(desk=desk).count() == 8
    # The same range again overlaps: said on the form, with the values typed kept.
    again = client.post("/admin/meetings/desk/", data)
    text = again.content.decode()
    assert again.status_code == 400 and "overlap slots the desk already offers" in text and 'value="11:00"' in text
    assert Slot.objects.filter(desk=desk).count() == 8


def test_an_organiser_cannot_add_a_desk_to_another_event(client, organiser, django_user_model):
    from tests.factories import EventFactory

    other = EventFactory(slug="elsewhere")
    client.force_login(organiser)
    form = client.get("/admin/meetings/desk/add/").content.decode()
    assert f'value="{other.pk}"' not in form


def test_the_desks_email_is_readable_by_staff_who_reach_the_registration(attendee, requested):
    assert set(OutgoingEmail.objects.values_list("registration", flat=True)) == {attendee.pk}


def test_emails_of_a_meeting_carry_its_calendar_file_to_the_mail_server(
    attendee, slots, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request(registration=RegistrationFactory(event=attendee.event), slot=slots[1], note="x")
    message = next(message for message in mailoutbox if message.to == ["desk@haizhu.example"])
    [(filename, content, content_type)] = message.attachments
    assert filename == "meeting.ics" and content_type.startswith("text/calendar") and "METHOD:REQUEST" in content


def test_the_districts_editor_keeps_the_desks_contact_up_to_date(client, editor_of, event, desk):
    client.force_login(editor_of(event.district))
    accepted = timezone.localtime(desk.accepted_at)
    data = {
        "contact_email": "new-desk@haizhu.example",
        "language": "en",
        "accepted_at_0": f"{accepted:%Y-%m-%d}",
        "accepted_at_1": f"{accepted:%H:%M:%S}",
    }
    response = client.post(f"/admin/meetings/desk/{desk.pk}/change/", data)
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.contact_email == "new-desk@haizhu.example" and desk.event == event and desk.accepted_at
