"""A waiting person knows their place, it moves as people ahead cancel, and organisers can move someone up."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from events.models import Registration
from events.services import RegistrationError, registration_cancel, waiting_list_move_to_front
from staff.roles import EVENT_ORGANISERS
from tests.events.test_capacity import register
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="pitch-day", capacity=1)


@pytest.fixture
def line(event):
    """One confirmed seat, four people waiting: a, b, c, d."""
    seat = register(event, "seat@example.com")
    waiting = [register(event, f"{name}@example.com") for name in "abcd"]
    return seat, waiting


def ticket_page(client, registration):
    return client.get(f"/en/events/ticket/{registration.manage_token}/").content.decode()


def test_ticket_page_shows_the_place_and_it_moves_up_as_people_ahead_cancel(client, line):
    seat, (a, b, c, d) = line
    assert "4th in line" in ticket_page(client, d)
    registration_cancel(registration=b)
    assert "3rd in line" in ticket_page(client, d)
    registration_cancel(registration=seat)  # a takes the seat
    a.refresh_from_db()
    assert a.status == Registration.Status.CONFIRMED
    assert "2nd in line" in ticket_page(client, d)
    assert "1st in line" in ticket_page(client, c)
    chinese = client.get(f"/zh-hans/events/ticket/{d.manage_token}/").content.decode()
    assert "第2位" in chinese


def test_waiting_list_email_tells_the_place(event, django_capture_on_commit_callbacks):
    register(event, "seat@example.com")
    register(event, "first@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "second@example.com")
        register(event, "chinese@example.com", language="zh-hans")
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "2nd in line" in bodies["second@example.com"]
    assert "第3位" in bodies["chinese@example.com"]


def test_promotion_email_says_a_seat_was_freed(line, django_capture_on_commit_callbacks):
    seat, (a, *_) = line
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seat)
    promoted = next(message for message in mail.outbox if message.to == ["a@example.com"])
    assert "seat has freed up" in promoted.body


def test_moved_to_the_front_takes_the_next_free_seat_and_is_recorded(line, django_user_model):
    seat, (a, b, c, d) = line
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    waiting_list_move_to_front(registration=c, moved_by=organiser)
    c.refresh_from_db()
    assert c.moved_up_by == organiser and c.moved_up_at is not None
    assert [r.waiting_position() for r in (c, a, b, d)] == [1, 2, 3, 4]
    waiting_list_move_to_front(registration=d, moved_by=organiser)
    d.refresh_from_db()
    assert d.waiting_position() == 1
    registration_cancel(registration=seat)
    d.refresh_from_db()
    assert d.status == Registration.Status.CONFIRMED
    with pytest.raises(RegistrationError):
        waiting_list_move_to_front(registration=d, moved_by=organiser)


def test_organisers_see_the_waiting_list_in_order_and_move_someone_up(client, event, line, django_user_model):
    seat, (a, b, c, d) = line
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(organiser)
    client.force_login(organiser)
    page = client.get("/en/events/pitch-day/organise/")
    assert [r.pk for r in page.context["waiting_list"]] == [a.pk, b.pk, c.pk, d.pk]
    response = client.post(f"/en/events/pitch-day/organise/waiting-list/{c.pk}/move-up/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert [r.pk for r in page.context["waiting_list"]] == [c.pk, a.pk, b.pk, d.pk]
    assert "Moved to the front by organiser" in page.content.decode()
    assert client.get(f"/en/events/pitch-day/organise/waiting-list/{c.pk}/move-up/").status_code == 405


def test_strangers_cannot_move_people_up(client, line, django_user_model):
    seat, (a, b, c, d) = line
    client.force_login(django_user_model.objects.create_user("stranger", is_staff=True))
    assert client.post(f"/en/events/pitch-day/organise/waiting-list/{d.pk}/move-up/").status_code == 403
    d.refresh_from_db()
    assert d.moved_up_at is None and d.waiting_position() == 4


def test_each_place_is_the_place_in_the_organisers_list_ties_and_moves_up_included(event):
    """Moved up first (the highest priority first), then by time; people registered at the same moment in the
    order they were stored."""
    moment = timezone.now()
    stamps = [moment, moment, moment - datetime.timedelta(seconds=1), moment, moment + datetime.timedelta(seconds=1)]
    priorities = [0, 2, 0, 1, 0, 0, 1]
    people = [
        RegistrationFactory(
            event=event, status=Registration.Status.WAITING, created_at=stamps[number % 5], priority=priority
        )
        for number, priority in enumerate(priorities)
    ]
    RegistrationFactory(
        event=event, status=Registration.Status.CONFIRMED, created_at=moment - datetime.timedelta(hours=1)
    )
    in_order = list(event.registrations.waiting_in_order())
    assert {registration.pk for registration in in_order} == {registration.pk for registration in people}
    assert [registration.waiting_position() for registration in in_order] == list(range(1, len(people) + 1))
    assert (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).get().waiting_position() is None
    )
