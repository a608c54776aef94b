"""Sessions as people meet them: ticked on the registration form or the ticket page in either language, counted
for the organiser, named at the door, written to, exported and erased."""

import csv
import datetime
import io
import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from events.models import AttendeeMessage, Registration, SessionBooking
from events.services import sessions_choose
from staff.privacy import personal_data_erase, personal_data_export
from staff.roles import EVENT_ORGANISERS
from tests.events.test_messages import hidden_fields
from tests.events.test_pages import form_data
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """An event under way since a minute ago, so the door checks tickets in, with sessions later in the day."""
    starts_at = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    return EventFactory(
        slug="forum",
        title_en="Forum",
        title_zh_hans="论坛",
        capacity=50,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=10),
        registration_closes_at=starts_at + datetime.timedelta(hours=9),
    )


def at(event, hours):
    return event.starts_at + datetime.timedelta(hours=hours)


@pytest.fixture
def sessions(event):
    """A two-seat workshop, a talk overlapping it, and a panel after both; a plain agenda item takes no bookings."""
    AgendaItemFactory(event=event, title_en="Opening", title_zh_hans="开幕", starts_at=at(event, 0.5))
    return {
        "workshop": AgendaItemFactory(
            event=event,
            title_en="Script workshop",
            title_zh_hans="剧本工作坊",
            starts_at=at(event, 2),
            ends_at=at(event, 4),
            capacity=2,
        ),
        "talk": AgendaItemFactory(
            event=event,
            title_en="Distribution talk",
            title_zh_hans="发行讲座",
            starts_at=at(event, 3),
            ends_at=at(event, 5),
            capacity=40,
        ),
        "panel": AgendaItemFactory(
            event=event,
            title_en="Financing panel",
            title_zh_hans="融资圆桌",
            starts_at=at(event, 6),
            ends_at=at(event, 7),
            capacity=40,
        ),
    }


@pytest.fixture
def organiser_client(client, django_user_model, event):
    user = django_user_model.objects.create_user("organiser", email="o@bureau.example.cn", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(user)
    client.force_login(user)
    return client


def register(client, language="en", **overrides):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/{language}/events/forum/register/", form_data(**overrides))


def booked(email):
    return sorted(
        SessionBooking.objects.filter(registration__email=email).values_list("agenda_item__title_en", "status")
    )


# The registration form


@pytest.mark.parametrize(
    "language, heading, seats",
    [("en", "Sessions with their own seats", "2 seats left"), ("zh-hans", "有独立座位的分场", "剩余2个座位")],
)
def test_the_form_offers_the_sessions_with_their_seats_in_each_language(client, sessions, language, heading, seats):
    page = client.get(f"/{language}/events/forum/register/").content.decode()
    assert heading in page and seats in page
    assert ("Script workshop" if language == "en" else "剧本工作坊") in page
    assert "Opening" not in page.split(heading)[1].split("</fieldset>")[0]


def test_the_event_page_marks_the_sessions_and_the_form_counts_their_seats_afresh(client, event, sessions):
    person = RegistrationFactory(event=event)
    assert "2 seats of its own" in client.get("/en/events/forum/").content.decode()
    assert "独立座位2个" in client.get("/zh-hans/events/forum/").content.decode()
    assert "Script workshop · " in client.get("/en/events/forum/register/").content.decode()
    sessions_choose(registration=person, items=[sessions["workshop"]])
    page = client.get("/en/events/forum/register/").content.decode()
    assert "1 seat left" in page.split("Script workshop")[1].split("</label>")[0]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_registering_with_two_sessions_books_both_and_emails_them(client, sessions, language):
    chosen = [sessions["workshop"].pk, sessions["panel"].pk]
    assert register(client, language, **{"sessions-chosen": chosen}).status_code == 302
    assert booked("li@example.com") == [("Financing panel", "confirmed"), ("Script workshop", "confirmed")]
    # One email: the ticket, with the sessions booked.
    [ticket_email] = [message for message in mail.outbox if message.to == ["li@example.com"]]
    assert ("融资圆桌" if language == "zh-hans" else "Financing panel") in ticket_email.body
    assert ("座位已确认" if language == "zh-hans" else "your seat is confirmed") in ticket_email.body


@pytest.mark.parametrize("language, text", [("en", "overlaps “Distribution talk”"), ("zh-hans", "与“发行讲座”")])
def test_two_overlapping_sessions_on_the_form_are_refused_keeping_everything_typed(client, sessions, language, text):
    chosen = [sessions["workshop"].pk, sessions["talk"].pk, sessions["panel"].pk]
    response = register(client, language, full_name="林小雨", **{"sessions-chosen": chosen})
    page = response.content.decode()
    assert response.status_code == 400
    assert text.replace("“", "&ldquo;") in page or text in page
    assert 'value="林小雨"' in page
    # The three ticks are still there, and the sessions are offered again with their seats counted.
    assert page.count("checked") >= 3
    assert ("2 seats left" if language == "en" else "剩余2个座位") in page
    assert not Registration.objects.filter(email="li@example.com").exists()


def test_a_session_that_is_no_longer_offered_is_refused_on_the_field(client, sessions):
    response = register(client, **{"sessions-chosen": ["999999"]})
    assert response.status_code == 400
    assert "This session is no longer offered" in response.content.decode()


def test_someone_who_waits_for_the_event_books_no_session_yet(client, event, sessions):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    assert register(client, **{"sessions-chosen": [sessions["panel"].pk]}).status_code == 302
    assert Registration.objects.get(email="li@example.com").status == Registration.Status.WAITING
    assert booked("li@example.com") == []


# The ticket page


def ticket(registration, language="en"):
    return f"/{language}/events/ticket/{registration.manage_token}/"


@pytest.mark.parametrize("language, saved", [("en", "Your sessions are saved"), ("zh-hans", "您的分场已保存")])
def test_a_confirmed_attendee_picks_and_gives_up_sessions_on_the_ticket_page(client, event, sessions, language, saved):
    person = RegistrationFactory(event=event, language=language)
    page = client.get(ticket(person, language)).content.decode()
    assert ("Your sessions" if language == "en" else "您的分场") in page
    url = f"{ticket(person, language)}sessions/"
    response = client.post(url, {"sessions-chosen": [sessions["workshop"].pk]}, follow=True)
    assert saved in response.content.decode()
    assert booked(person.email) == [("Script workshop", "confirmed")]
    client.post(url, {"sessions-chosen": [sessions["panel"].pk]})
    assert booked(person.email) == [("Financing panel", "confirmed")]


def test_a_full_session_puts_the_person_in_line_and_the_page_says_their_place(client, event, sessions):
    for _ in range(2):
        sessions_choose(registration=RegistrationFactory(event=event), items=[sessions["workshop"]])
    person = RegistrationFactory(event=event)
    client.post(f"{ticket(person)}sessions/", {"sessions-chosen": [sessions["workshop"].pk]})
    page = client.get(ticket(person)).content.decode()
    assert "Waiting list · 1st in line" in page


@pytest.mark.parametrize("language, text", [("en", "nobody can attend both"), ("zh-hans", "无法同时参加")])
def test_an_overlap_on_the_ticket_page_is_refused_and_the_ticks_stay(client, event, sessions, language, text):
    person = RegistrationFactory(event=event)
    sessions_choose(registration=person, items=[sessions["panel"]])
    chosen = [sessions["workshop"].pk, sessions["talk"].pk]
    response = client.post(f"{ticket(person, language)}sessions/", {"sessions-chosen": chosen})
    page = response.content.decode()
    assert response.status_code == 400 and text in page
    assert page.count('name="sessions-chosen"') == 3 and page.count("checked") == 2
    assert booked(person.email) == [("Financing panel", "confirmed")]


def test_a_person_waiting_for_the_event_is_told_to_book_sessions_once_confirmed(client, event, sessions):
    person = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    page = client.get(ticket(person)).content.decode()
    assert "Once your seat at the event is confirmed, you can book its sessions here." in page
    response = client.post(f"{ticket(person)}sessions/", {"sessions-chosen": [sessions["panel"].pk]})
    assert response.status_code == 400 and "Sessions are booked by confirmed attendees" in response.content.decode()
    assert booked(person.email) == []


@pytest.mark.parametrize("count", [1, 3])
def test_the_ticket_page_costs_the_same_queries_however_many_sessions(
    client, event, sessions, count, django_assert_num_queries
):
    person = RegistrationFactory(event=event)
    items = [sessions["workshop"], sessions["panel"]][: min(count, 2)]
    sessions_choose(registration=person, items=items)
    for number in range(count):
        AgendaItemFactory(event=event, starts_at=at(event, 8 + number), ends_at=at(event, 8.5 + number), capacity=5)
    client.get(ticket(person))
    # The registration with its event, its questions, answers and sessions, the sessions offered, the
    # person's meetings and the event's meeting programme.
    with django_assert_num_queries(7):
        assert client.get(ticket(person)).status_code == 200


# The organiser


def test_the_organiser_sees_each_sessions_counts_and_each_persons_sessions(organiser_client, event, sessions):
    people = [RegistrationFactory(event=event, full_name=f"Person {number}") for number in range(3)]
    for person in people:
        sessions_choose(registration=person, items=[sessions["workshop"]])
    people[0].checked_in_at = timezone.now()
    people[0].save()
    response = organiser_client.get("/en/events/forum/organise/")
    rows = {
        item.title: (item.booked, item.capacity, item.waiting, item.checked_in) for item in response.context["sessions"]
    }
    assert rows == {
        "Script workshop": (2, 2, 1, 1),
        "Distribution talk": (0, 40, 0, 0),
        "Financing panel": (0, 40, 0, 0),
    }
    page = response.content.decode()
    assert "Sessions with their own seats" in page and "Script workshop" in page


@pytest.mark.parametrize("rows", [2, 12])
def test_the_organise_page_costs_the_same_queries_however_many_bookings(
    organiser_client, event, sessions, rows, django_assert_num_queries
):
    for _ in range(rows):
        sessions_choose(registration=RegistrationFactory(event=event), items=[sessions["panel"]])
    organiser_client.get("/en/events/forum/organise/")
    # tests/events/test_organisers.py's count, with the sessions' counts and the people's sessions.
    with django_assert_num_queries(12):
        assert organiser_client.get("/en/events/forum/organise/").status_code == 200


def test_the_attendee_export_lists_each_persons_sessions(organiser_client, event, sessions):
    person = RegistrationFactory(event=event, full_name="=cmd")
    sessions_choose(registration=person, items=[sessions["workshop"], sessions["panel"]])
    response = organiser_client.get("/en/events/forum/organise/attendees.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("Sessions")
    assert rows[1][column] == "Script workshop (Seat confirmed); Financing panel (Seat confirmed)"


def test_the_door_says_which_sessions_a_ticket_holds_and_counts_each_session(organiser_client, event, sessions):
    person = RegistrationFactory(event=event, full_name="Li Hua")
    sessions_choose(registration=person, items=[sessions["panel"]])
    for _ in range(2):
        sessions_choose(registration=RegistrationFactory(event=event), items=[sessions["workshop"]])
    sessions_choose(registration=person, items=[sessions["panel"], sessions["workshop"]])
    preview = organiser_client.get(f"/en/events/forum/organise/check-in/?code={person.ticket_code}").content.decode()
    assert "Script workshop (waiting list only)" in preview and "Financing panel" in preview
    answer = organiser_client.post(
        "/en/events/forum/organise/check-in/", {"ticket_code": person.ticket_code}, HTTP_ACCEPT="application/json"
    )
    status = json.loads(answer.content)
    assert status["code"] == "checked_in"
    assert status["sessions"] == ["Script workshop (waiting list only)", "Financing panel"]
    counts = {session["title"]: session["text"] for session in status["counts"]["sessions"]}
    assert counts["Financing panel"] == "Financing panel: 1 of 1 booked checked in"
    assert counts["Script workshop"] == "Script workshop: 0 of 2 booked checked in"
    page = organiser_client.get("/zh-hans/events/forum/organise/check-in/").content.decode()
    assert "融资圆桌：已预订的1人中已签到1人" in page


def test_a_message_to_one_session_reaches_its_booked_people_only(organiser_client, event, sessions):
    seated = [RegistrationFactory(event=event, email=f"seat{number}@example.com") for number in range(2)]
    for person in seated:
        sessions_choose(registration=person, items=[sessions["workshop"]])
    waiting = RegistrationFactory(event=event, email="line@example.com")
    sessions_choose(registration=waiting, items=[sessions["workshop"]])
    RegistrationFactory(event=event, email="elsewhere@example.com")
    url = "/en/events/forum/organise/messages/"
    data = {
        "audience": "confirmed",
        "agenda_item": sessions["workshop"].pk,
        "subject_zh_hans": "工作坊教室变更",
        "body_zh_hans": "改到三号教室。",
        "subject_en": "Workshop room change",
        "body_en": "Now in room 3.",
        "reply_to": "o@bureau.example.cn",
        "step": "preview",
    }
    page = organiser_client.post(url, data)
    assert "To: Confirmed attendees of the session “Script workshop”, 2 people." in page.content.decode().replace(
        "&ldquo;", "“"
    ).replace("&rdquo;", "”")
    with TestCase.captureOnCommitCallbacks(execute=True):
        organiser_client.post(url, {**hidden_fields(page), "step": "send"})
    assert sorted(message.to[0] for message in mail.outbox) == ["seat0@example.com", "seat1@example.com"]
    assert AttendeeMessage.objects.get().agenda_item == sessions["workshop"]
    data["audience"], data["step"] = "waiting", "preview"
    assert "1 person." in organiser_client.post(url, data).content.decode()


def test_a_message_to_a_session_of_another_event_is_refused(organiser_client, event, sessions):
    other = AgendaItemFactory(event=EventFactory(), ends_at=timezone.now() + datetime.timedelta(days=20), capacity=5)
    response = organiser_client.post(
        "/en/events/forum/organise/messages/",
        {"audience": "all", "agenda_item": other.pk, "subject_zh_hans": "x", "step": "preview"},
    )
    assert response.status_code == 400 and "Choose one of the event&#x27;s sessions." in response.content.decode()


# Personal data, the admin


def test_the_persons_data_export_lists_their_sessions_and_erasure_leaves_nothing_that_names_them(event, sessions):
    person = RegistrationFactory(event=event, email="li@example.com")
    sessions_choose(registration=person, items=[sessions["panel"]])
    exported = personal_data_export(email="li@example.com")["registrations"][0]["sessions"]
    assert [(row["session_en"], row["session_zh_hans"], row["status"]) for row in exported] == [
        ("Financing panel", "融资圆桌", "confirmed")
    ]
    personal_data_erase(email="li@example.com")
    assert personal_data_export(email="li@example.com")["registrations"] == []
    # The seat stays taken (the registration stays confirmed), booked by a registration that names nobody.
    booking = SessionBooking.objects.select_related("registration").get()
    assert booking.registration.full_name == "" and booking.registration.email.endswith("@erased.invalid")


def test_organisers_see_the_bookings_of_their_own_events_only_in_the_admin(organiser_client, event, sessions):
    mine = RegistrationFactory(event=event, full_name="Mine Person")
    sessions_choose(registration=mine, items=[sessions["panel"]])
    other_event = EventFactory()
    other_item = AgendaItemFactory(
        event=other_event, starts_at=other_event.starts_at, ends_at=other_event.ends_at, capacity=5
    )
    sessions_choose(registration=RegistrationFactory(event=other_event, full_name="Other Person"), items=[other_item])
    page = organiser_client.get("/admin/events/sessionbooking/").content.decode()
    assert "Mine Person" in page and "Other Person" not in page
    event_page = organiser_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "1/40，候补0人" in event_page
    assert admin.site.is_registered(SessionBooking)
