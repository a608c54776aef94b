"""The meetings a person sees and asks for on their ticket page and the event page, and the organiser's grid."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import meeting_request
from tests.factories import RegistrationFactory
from tests.meetings.conftest import make_slots

pytestmark = pytest.mark.django_db


def ticket(registration, language="en"):
    return f"/{language}/events/ticket/{registration.manage_token}/"


@pytest.mark.parametrize(
    "language, heading, button, help_text",
    [
        ("en", "Your meetings", "Request the meeting", "A short note for the desk, up to 300 characters."),
        ("zh-hans", "您的会谈", "申请会谈", "给洽谈台的简短说明，最多300个字。"),
    ],
)
def test_the_ticket_page_lists_the_persons_meetings_and_offers_free_slots(
    client, attendee, slots, language, heading, button, help_text
):
    meeting_request(registration=attendee, slot=slots[0], note="Co-producing a series")
    page = client.get(ticket(attendee, language)).content.decode()
    assert heading in page and button in page and help_text in page and "Co-producing a series" in page
    # The slot taken is listed as the person's, no longer offered in the form.
    assert f'value="{slots[0].pk}"' not in page and f'value="{slots[1].pk}"' in page


def test_a_request_from_the_ticket_page_is_listed_there(client, attendee, slots):
    response = client.post(ticket(attendee) + "meetings/", {"slot": slots[1].pk, "note": "Studios to rent"})
    assert response.status_code == 302 and response["Location"] == ticket(attendee) + "#meetings"
    page = client.get(response["Location"]).content.decode()
    assert "Your meeting request is sent" in page and "Studios to rent" in page and "Requested" in page
    assert Meeting.objects.get().slot == slots[1]


@pytest.mark.parametrize(
    "language, data, message",
    [
        ("en", {"note": ""}, "Say in a few words what you would like to discuss."),
        ("en", {"note": "x" * 301}, "Ensure this value has at most 300 characters"),
        ("zh-hans", {"note": ""}, "请简要说明您想洽谈的内容。"),
    ],
)
def test_a_bad_note_is_explained_and_the_choice_is_kept(client, attendee, slots, language, data, message):
    response = client.post(ticket(attendee, language) + "meetings/", {"slot": slots[1].pk, **data})
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert f'<option value="{slots[1].pk}" selected>' in page and not Meeting.objects.exists()


def test_a_slot_taken_meanwhile_or_past_is_explained_and_the_note_is_kept(client, attendee, slots, event):
    meeting_request(registration=RegistrationFactory(event=event), slot=slots[0], note="First")
    response = client.post(ticket(attendee) + "meetings/", {"slot": slots[0].pk, "note": "My plans for a series"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else has just taken this time slot; choose another one." in page
    assert "My plans for a series" in page and f'<option value="{slots[0].pk}" selected>' in page

    slots[1].starts_at = timezone.now() - datetime.timedelta(minutes=5)
    slots[1].ends_at = slots[1].starts_at + datetime.timedelta(minutes=20)
    slots[1].save()
    response = client.post(ticket(attendee, "zh-hans") + "meetings/", {"slot": slots[1].pk, "note": "计划"})
    assert response.status_code == 400 and "该时段已经开始，请选择更晚的时段。" in response.content.decode()


def test_a_person_on_the_waiting_list_is_told_they_cannot_request(client, event, slots):
    waiting = RegistrationFactory(event=event, status="waiting")
    assert "Request the meeting" not in client.get(ticket(waiting)).content.decode()
    response = client.post(ticket(waiting) + "meetings/", {"slot": slots[0].pk, "note": "Funds"})
    assert response.status_code == 400
    assert "Only attendees with a confirmed registration for this event can request a meeting." in (
        response.content.decode()
    )


def test_the_attendee_cancels_from_the_ticket_page_and_the_slot_is_free_again(client, attendee, slots):
    meeting = meeting_request(registration=attendee, slot=slots[0], note="Funds")
    response = client.post(ticket(attendee) + f"meetings/{meeting.pk}/cancel/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    page = client.get(ticket(attendee)).content.decode()
    assert "The meeting is cancelled; the desk has been told." in page and f'value="{slots[0].pk}"' in page
    # Someone else's ticket cannot cancel it.
    other = RegistrationFactory(event=attendee.event)
    assert client.post(ticket(other) + f"meetings/{meeting.pk}/cancel/").status_code == 404


def test_the_ticket_page_costs_the_same_queries_however_many_meetings(
    client, attendee, desk, event, django_assert_num_queries
):
    many = make_slots(desk, count=8, tables=2)
    meeting_request(registration=attendee, slot=many[0], note="One")
    # The registration, its answers, questions, sessions and bookings, meetings, the programme and the free slots.
    with django_assert_num_queries(8):
        assert client.get(ticket(attendee)).status_code == 200
    for slot in many[1:8]:
        meeting_request(registration=attendee, slot=slot, note="More")
    with django_assert_num_queries(8):
        assert "More" in client.get(ticket(attendee)).content.decode()


@pytest.mark.parametrize("language, link", [("en", "Meet the investment desks"), ("zh-hans", "与投资洽谈台会谈")])
def test_the_event_page_links_the_meetings_page_which_takes_a_request(client, event, attendee, slots, language, link):
    assert link in client.get(f"/{language}/events/expo/").content.decode()
    page = client.get(f"/{language}/events/expo/meetings/").content.decode()
    assert "Haizhu" in page or "海珠区" in page
    response = client.post(
        f"/{language}/events/expo/meetings/",
        {"email": "LI@example.com", "ticket_code": attendee.ticket_code.lower(), "slot": slots[2].pk, "note": "Funds"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().registration == attendee


def test_the_event_page_refuses_an_unknown_ticket_and_keeps_what_was_typed(client, attendee, slots):
    response = client.post(
        "/en/events/expo/meetings/",
        {"email": "li@example.com", "ticket_code": "WRONGCODE1", "slot": slots[2].pk, "note": "My questions"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "No confirmed registration for this event has this email address and ticket code." in page
    assert "My questions" in page and 'value="WRONGCODE1"' in page and not Meeting.objects.exists()


def test_an_event_without_meetings_has_no_meetings_page(client, event):
    assert client.get("/en/events/expo/meetings/").status_code == 404
    assert "Meet the investment desks" not in client.get("/en/events/expo/").content.decode()


@pytest.mark.parametrize("language, word", [("en", "table 2"), ("zh-hans", "2号桌")])
def test_the_organiser_sees_the_grid_by_desk_and_table(client, organiser, attendee, desk, language, word):
    slots = make_slots(desk, count=2, tables=2)
    meeting_request(registration=attendee, slot=slots[3], note="Funds")
    client.force_login(organiser)
    page = client.get(f"/{language}/events/expo/organise/meetings/").content.decode()
    assert word in page and "Li Hua" in page and "meetings/schedule.css" in page
    assert 'style="' not in page


def test_the_grid_costs_the_same_queries_however_many_slots_and_meetings(
    client, organiser, event, desk, other_desk, django_assert_num_queries
):
    client.force_login(organiser)
    make_slots(desk, count=1)
    # The session, the user, the event, the organiser check (two), the programme, desks, slots, meetings.
    with django_assert_num_queries(9):
        client.get("/en/events/expo/organise/meetings/")
    slots = make_slots(other_desk, count=6, tables=3)
    for slot in slots[:5]:
        meeting_request(registration=RegistrationFactory(event=event), slot=slot, note="x")
    with django_assert_num_queries(9):
        assert "Tianhe" in client.get("/en/events/expo/organise/meetings/").content.decode()


def test_only_the_events_organisers_see_the_grid(client, django_user_model, desk):
    assert client.get("/en/events/expo/organise/meetings/").status_code == 302
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    client.force_login(stranger)
    assert client.get("/en/events/expo/organise/meetings/").status_code == 403


def test_a_request_after_the_event_stopped_taking_them_says_so(client, attendee, slots, event):
    event.meeting_programme.is_open = False
    event.meeting_programme.save()
    response = client.post(ticket(attendee) + "meetings/", {"slot": slots[0].pk, "note": "Funds"})
    page = response.content.decode()
    assert response.status_code == 400 and "This event is not taking meeting requests." in page and "Funds" in page
