"""Sessions with seats of their own: a confirmed attendee books them; each keeps its capacity under a burst,
has its own waiting list, and nobody holds two that overlap."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import AgendaItem, Registration, SessionBooking
from events.selectors import person_sessions
from events.services import (
    SessionError,
    registration_cancel,
    session_waiting_lists_fill,
    sessions_choose,
    sessions_first_book,
)
from tests.events.test_capacity import register, run_at_once
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory


def session(event, title, start_hour, end_hour, capacity=2, **fields):
    """A session of the event on its first day, from start_hour to end_hour (fractions are minutes)."""
    day = event.starts_at.replace(hour=0, minute=0, second=0, microsecond=0)
    return AgendaItemFactory(
        event=event,
        title_en=title,
        title_zh_hans=f"{title}（中文）",
        starts_at=day + datetime.timedelta(hours=start_hour),
        ends_at=day + datetime.timedelta(hours=end_hour),
        capacity=capacity,
        **fields,
    )


@pytest.fixture
def event():
    return EventFactory(capacity=50, starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=10))


def statuses(item):
    return list(item.bookings.order_by("created_at", "pk").values_list("registration__email", "status"))


@pytest.mark.django_db
def test_a_session_confirms_while_seats_are_left_then_its_line_forms_in_order(event):
    workshop = session(event, "Script workshop", 10, 12, capacity=2)
    people = [RegistrationFactory(event=event, email=f"p{number}@example.com") for number in range(4)]
    for person in people:
        sessions_choose(registration=person, items=[workshop])
    assert statuses(workshop) == [
        ("p0@example.com", "confirmed"),
        ("p1@example.com", "confirmed"),
        ("p2@example.com", "waiting"),
        ("p3@example.com", "waiting"),
    ]
    assert [booking.ahead for booking in person_sessions(people[3])] == [1]


@pytest.mark.django_db
def test_a_session_that_overlaps_one_held_is_refused_naming_both(event):
    morning = session(event, "Financing panel", 10, 11)
    overlapping = session(event, "Script workshop", 10.5, 11.5)
    right_after = session(event, "Distribution talk", 11, 12)
    person = RegistrationFactory(event=event)
    sessions_choose(registration=person, items=[morning])
    with pytest.raises(SessionError) as refused:
        sessions_choose(registration=person, items=[morning, overlapping])
    assert refused.value.code == "clash"
    assert "Script workshop" in str(refused.value.message) and "Financing panel" in str(refused.value.message)
    assert list(person.session_bookings.values_list("agenda_item", flat=True)) == [morning.pk]
    # One ending as the other starts is no overlap.
    sessions_choose(registration=person, items=[morning, right_after])
    assert set(person.session_bookings.values_list("agenda_item", flat=True)) == {morning.pk, right_after.pk}


@pytest.mark.django_db
def test_a_place_on_a_waiting_list_counts_as_holding_the_session(event):
    full = session(event, "Full workshop", 10, 12, capacity=1)
    sessions_choose(registration=RegistrationFactory(event=event), items=[full])
    person = RegistrationFactory(event=event)
    sessions_choose(registration=person, items=[full])
    with pytest.raises(SessionError, match="Full workshop"):
        sessions_choose(registration=person, items=[full, session(event, "Same time", 11, 13)])


@pytest.mark.django_db
def test_giving_up_a_session_moves_the_first_in_line_up_and_tells_them_in_their_language(
    event, django_capture_on_commit_callbacks
):
    workshop = session(event, "Script workshop", 10, 12, capacity=1)
    holder = RegistrationFactory(event=event, email="holder@example.com")
    first = RegistrationFactory(event=event, email="first@example.com", language="zh-hans")
    second = RegistrationFactory(event=event, email="second@example.com")
    for person in (holder, first, second):
        sessions_choose(registration=person, items=[workshop])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sessions_choose(registration=holder, items=[])
    assert statuses(workshop) == [("first@example.com", "confirmed"), ("second@example.com", "waiting")]
    told = [message for message in mail.outbox if message.to == ["first@example.com"]]
    assert len(told) == 1 and "Script workshop（中文）" in told[0].subject and "名额" in told[0].body
    assert not any(message.to == ["second@example.com"] for message in mail.outbox)


@pytest.mark.django_db
def test_cancelling_the_registration_frees_its_sessions_for_the_people_waiting(event):
    workshop = session(event, "Script workshop", 10, 12, capacity=1)
    panel = session(event, "Financing panel", 14, 15, capacity=1)
    leaving = register(event, "leaving@example.com", sessions=[workshop, panel])
    waiting = RegistrationFactory(event=event, email="waiting@example.com")
    sessions_choose(registration=waiting, items=[workshop, panel])
    assert statuses(workshop)[1] == ("waiting@example.com", "waiting")
    registration_cancel(registration=leaving)
    assert not SessionBooking.objects.filter(registration=leaving).exists()
    assert statuses(workshop) == statuses(panel) == [("waiting@example.com", "confirmed")]


@pytest.mark.django_db
def test_registering_books_the_sessions_picked_only_with_a_seat_at_the_event(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    workshop = session(event, "Script workshop", 10, 12)
    with django_capture_on_commit_callbacks(execute=True):
        seated = register(event, "seated@example.com", sessions=[workshop])
        waiting = register(event, "waiting@example.com", sessions=[workshop])
    assert seated.status == Registration.Status.CONFIRMED and waiting.status == Registration.Status.WAITING
    assert statuses(workshop) == [("seated@example.com", "confirmed")]
    # The ticket email lists the sessions booked with it; no email of their own.
    assert not [message for message in mail.outbox if message.subject.startswith("Your sessions at")]
    [ticket_email] = [message for message in mail.outbox if message.to == ["seated@example.com"]]
    assert ticket_email.subject.startswith("Your ticket for") and "Script workshop" in ticket_email.body
    with pytest.raises(SessionError) as refused:
        sessions_choose(registration=waiting, items=[workshop])
    assert refused.value.code == "not_confirmed"


@pytest.mark.django_db
def test_a_session_that_has_started_can_no_longer_be_booked_or_given_up(event):
    started = AgendaItemFactory(
        event=event,
        title_en="Opening",
        title_zh_hans="Opening",
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        capacity=5,
    )
    person = RegistrationFactory(event=event)
    with pytest.raises(SessionError, match="Opening"):
        sessions_choose(registration=person, items=[started])
    SessionBooking.objects.create(registration=person, agenda_item=started, status="confirmed")
    with pytest.raises(SessionError) as refused:
        sessions_choose(registration=person, items=[])
    assert refused.value.code == "session_started"
    assert person.session_bookings.count() == 1


@pytest.mark.django_db
def test_an_agenda_item_without_seats_or_of_another_event_takes_no_booking(event):
    talk = AgendaItemFactory(event=event, ends_at=event.starts_at + datetime.timedelta(hours=1))
    elsewhere = session(EventFactory(), "Elsewhere", 10, 11)
    person = RegistrationFactory(event=event)
    for item in (talk, elsewhere):
        with pytest.raises(SessionError) as refused:
            sessions_choose(registration=person, items=[item])
        assert refused.value.code == "not_a_session"
    assert not person.session_bookings.exists()


@pytest.mark.django_db
def test_more_seats_in_a_session_confirm_the_people_waiting_in_order(event):
    workshop = session(event, "Script workshop", 10, 12, capacity=1)
    for number in range(4):
        sessions_choose(registration=RegistrationFactory(event=event, email=f"p{number}@example.com"), items=[workshop])
    AgendaItem.objects.filter(pk=workshop.pk).update(capacity=3)
    promoted = session_waiting_lists_fill(event=event)
    assert [booking.registration.email for booking in promoted] == ["p1@example.com", "p2@example.com"]
    assert statuses(workshop)[-1] == ("p3@example.com", "waiting")


@pytest.mark.django_db
def test_the_database_keeps_one_booking_per_person_per_session_and_sessions_with_an_end(event):
    workshop = session(event, "Script workshop", 10, 12)
    person = RegistrationFactory(event=event)
    SessionBooking.objects.create(registration=person, agenda_item=workshop, status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionBooking.objects.create(registration=person, agenda_item=workshop, status="waiting")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(event=event, capacity=10, ends_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        session(event, "No seats", 10, 11, capacity=0)


# Real parallel connections to PostgreSQL, as the event's own capacity is tested (tests/events/test_capacity.py).


@pytest.mark.django_db(transaction=True)
def test_a_five_seat_session_holds_when_twenty_people_book_at_the_same_moment():
    event = EventFactory(capacity=50)
    workshop = session(event, "Script workshop", 10, 12, capacity=5)
    people = [RegistrationFactory(event=event, email=f"p{number:02}@example.com") for number in range(20)]
    outcomes = run_at_once(20, lambda number: sessions_choose(registration=people[number], items=[workshop]))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    bookings = list(workshop.bookings.order_by("created_at", "pk"))
    assert len(bookings) == 20
    assert [booking.status for booking in bookings] == ["confirmed"] * 5 + ["waiting"] * 15
    # The line is in the order the bookings were made, and each waiting person knows their place.
    line = [booking for booking in person_sessions_of(bookings) if booking.status == "waiting"]
    assert [booking.ahead for booking in line] == list(range(15))


def person_sessions_of(bookings):
    return [person_sessions(booking.registration)[0] for booking in bookings]


@pytest.mark.django_db(transaction=True)
def test_one_person_choosing_two_overlapping_sessions_in_two_tabs_at_once_ends_with_one():
    event = EventFactory(capacity=50)
    items = [session(event, "Workshop A", 10, 12, capacity=5), session(event, "Workshop B", 11, 13, capacity=5)]
    person = RegistrationFactory(event=event)
    outcomes = run_at_once(2, lambda number: sessions_choose(registration=person, items=[items[number]]))
    # Each tab says "these are my sessions": they take turns on the person's row, and the later one wins whole.
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert person.session_bookings.count() == 1


@pytest.mark.django_db(transaction=True)
def test_people_leaving_while_others_book_keep_the_session_full_and_the_line_in_order():
    event = EventFactory(capacity=50)
    workshop = session(event, "Script workshop", 10, 12, capacity=3)
    seated = [register(event, f"seat{number}@example.com", sessions=[workshop]) for number in range(3)]
    waiting = [RegistrationFactory(event=event, email=f"wait{number}@example.com") for number in range(3)]
    for person in waiting:
        sessions_choose(registration=person, items=[workshop])
    newcomers = [RegistrationFactory(event=event, email=f"new{number}@example.com") for number in range(3)]

    def act(number):
        if number < 2:
            return registration_cancel(registration=seated[number])
        return sessions_choose(registration=newcomers[number - 2], items=[workshop])

    outcomes = run_at_once(5, act)
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    confirmed = set(workshop.bookings.filter(status="confirmed").values_list("registration__email", flat=True))
    assert confirmed == {"seat2@example.com", "wait0@example.com", "wait1@example.com"}
    assert workshop.bookings.filter(status="waiting").count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_booking_sessions_costs_the_same_queries_however_many_are_ticked(event, count, django_assert_num_queries):
    items = [session(event, f"Session {number}", 9 + number, 10 + number, capacity=5) for number in range(count)]
    person = RegistrationFactory(event=event)
    # Within its transaction (a savepoint here): the person's row, the sessions' rows, the bookings held, the
    # person's meetings, the seats counted, the bookings stored and the email; the same for one session or four.
    with django_assert_num_queries(9):
        bookings = sessions_choose(registration=person, items=items)
    assert [booking.status for booking in bookings] == [SessionBooking.Status.CONFIRMED] * count


@pytest.mark.django_db(transaction=True)
def test_twenty_people_registering_at_once_for_two_five_seat_sessions_fill_each_in_order():
    event = EventFactory(capacity=50)
    items = [
        session(event, "Script workshop", 10, 12, capacity=5),
        session(event, "Financing panel", 14, 15, capacity=5),
    ]
    outcomes = run_at_once(20, lambda number: register(event, f"p{number:02}@example.com", sessions=items))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    for item in items:
        bookings = list(item.bookings.order_by("created_at", "pk"))
        assert [booking.status for booking in bookings] == ["confirmed"] * 5 + ["waiting"] * 15
        line = [booking for booking in person_sessions_of(bookings) if booking.status == "waiting"]
        assert sorted(booking.ahead for booking in line) == list(range(15))


@pytest.mark.django_db
def test_first_sessions_are_refused_to_a_registration_cancelled_meanwhile_and_none_is_booked(event):
    workshop = session(event, "Script workshop", 10, 12)
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    with pytest.raises(SessionError) as refused:
        sessions_first_book(cancelled, [workshop])
    assert refused.value.code == "not_confirmed"
    assert not workshop.bookings.exists()


@pytest.mark.django_db
def test_first_sessions_of_two_that_overlap_are_refused_naming_both(event):
    person = RegistrationFactory(event=event)
    items = [session(event, "Financing panel", 10, 11), session(event, "Script workshop", 10.5, 11.5)]
    with pytest.raises(SessionError) as refused:
        sessions_first_book(person, items)
    assert refused.value.code == "clash" and "Financing panel" in str(refused.value.message)
    assert not SessionBooking.objects.filter(registration=person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_registering_with_sessions_costs_the_same_queries_however_many_are_ticked(
    event, count, django_assert_num_queries
):
    items = [session(event, f"Session {number}", 9 + number, 10 + number, capacity=5) for number in range(count)]
    # Savepoints here, for the test's transaction: the registration's (its insert, the event's lock, the seat
    # claim), its sessions' (the locks, then the bookings counted and stored), then its email; for one or four.
    with django_assert_num_queries(10):
        person = register(event, "booked@example.com", sessions=items)
    assert [booking.status for booking in person.session_bookings.all()] == [SessionBooking.Status.CONFIRMED] * count
