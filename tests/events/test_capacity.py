"""The capacity rule: confirmed registrations never exceed capacity, the rest wait in order."""

import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from events import services
from events.models import Answer, Event, Question, Registration
from events.services import RegistrationError, registration_cancel, registration_create, waiting_list_promote
from foundation.models import OutgoingEmail
from tests.factories import EventFactory, RegistrationFactory
from tests.processes import database_url_for_processes

ROOT = Path(__file__).resolve().parents[2]


def register(event, email, **overrides):
    fields = dict(
        event=event,
        full_name="王小明",
        email=email,
        organisation="映宇宙",
        role="investor",
        phone="",
        consent=True,
        language="en",
    )
    fields.update(overrides)
    return registration_create(**fields)


def run_at_once(count, action):
    """Run action(number) in `count` threads released together, each on its own connection."""
    barrier = threading.Barrier(count)
    outcomes = []

    def attempt(number):
        try:
            barrier.wait(timeout=30)
            outcomes.append(action(number))
        except Exception as error:  # collected for the test to inspect
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_when_twenty_people_register_at_the_same_moment():
    event = EventFactory(capacity=5)
    people = 20
    outcomes = run_at_once(people, lambda number: register(event, f"person{number}@example.com"))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    # In the order the event's lock let them count the seats: each registration's time is set under it.
    registrations = list(Registration.objects.filter(event=event).order_by("created_at"))
    assert len(registrations) == people
    assert len({registration.created_at for registration in registrations}) == people
    statuses = [registration.status for registration in registrations]
    assert statuses.count(Registration.Status.CONFIRMED) == 5
    assert statuses.count(Registration.Status.WAITING) == 15
    # Seats went to the first five through the lock; everyone after them waits, in that order.
    assert statuses == [Registration.Status.CONFIRMED] * 5 + [Registration.Status.WAITING] * 15
    waiting = [registration for registration in registrations if registration.status == Registration.Status.WAITING]
    assert [registration.waiting_position() for registration in waiting] == list(range(1, 16))


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_across_several_server_processes():
    """Like several gunicorn workers: separate OS processes, each with its own connection."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url_for_processes(),
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    event = EventFactory(capacity=7)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.events.register_from_process", str(event.pk), f"p{number}", "5"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(6)
    ]
    # A barrier: nobody registers until every process has started Django and says it is ready.
    for process in processes:
        assert process.stdout.readline().strip() == "ready", process.communicate(timeout=60)[1]
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    windows = []
    for process in processes:
        output, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
        started, finished = (float(moment) for moment in output.split())
        windows.append((started, finished))
    # Every process was still registering when the last one began: the attempts really overlapped.
    assert max(started for started, _ in windows) < min(finished for _, finished in windows)
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 30
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 7
    waiting = list(registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk"))
    assert len(waiting) == 23
    # The line is the order of the seat counts, made under the event's lock and kept as each one's time.
    assert [registration.waiting_position() for registration in waiting] == list(range(1, 24))
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    assert max(registration.created_at for registration in confirmed) < waiting[0].created_at


@pytest.mark.django_db(transaction=True)
def test_the_same_email_submitted_ten_times_at_once_registers_once():
    event = EventFactory(capacity=5)
    outcomes = run_at_once(10, lambda number: register(event, "Same@Example.com" if number % 2 else "same@example.com"))
    refused = [outcome for outcome in outcomes if isinstance(outcome, RegistrationError)]
    assert len(refused) == 9 and all(error.code == "duplicate" for error in refused)
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_new_registrations_keep_the_room_full_and_the_line_in_order():
    event = EventFactory(capacity=5)
    confirmed = [register(event, f"seat{number}@example.com") for number in range(5)]
    waiting = [register(event, f"wait{number}@example.com") for number in range(5)]

    def act(number):
        if number < 3:
            return registration_cancel(registration=confirmed[number])
        return register(event, f"new{number}@example.com")

    outcomes = run_at_once(6, act)
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 5
    promoted = set(
        event.registrations.filter(status=Registration.Status.CONFIRMED, email__startswith="wait").values_list(
            "email", flat=True
        )
    )
    assert promoted == {registration.email for registration in waiting[:3]}
    assert not event.registrations.filter(status=Registration.Status.CONFIRMED, email__startswith="new").exists()


@pytest.mark.django_db
def test_registration_is_confirmed_while_seats_are_left_then_waits(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, "first@example.com")
        second = register(event, "second@example.com")
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITING
    assert second.waiting_position() == 1
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["first@example.com"].startswith("Your ticket for")
    assert subjects["second@example.com"].startswith("You are on the waiting list")
    assert first.ticket_code in next(m.body for m in mail.outbox if m.to == ["first@example.com"])


@pytest.mark.django_db
def test_waiting_list_promotes_first_in_line_on_cancel(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    confirmed = register(event, "seat@example.com")
    first_waiting = register(event, "first@example.com", language="zh-hans")
    second_waiting = register(event, "second@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=confirmed)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert second_waiting.status == Registration.Status.WAITING
    assert second_waiting.waiting_position() == 1
    promoted = next(message for message in mail.outbox if message.to == ["first@example.com"])
    assert first_waiting.ticket_code in promoted.body
    assert "名额" in promoted.subject or "座位" in promoted.subject
    assert any(message.to == ["seat@example.com"] for message in mail.outbox)
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_cancelling_a_waiting_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    confirmed = register(event, "seat@example.com")
    waiting = register(event, "wait@example.com")
    later = register(event, "later@example.com")
    registration_cancel(registration=waiting)
    confirmed.refresh_from_db()
    later.refresh_from_db()
    assert confirmed.status == Registration.Status.CONFIRMED
    assert later.status == Registration.Status.WAITING and later.waiting_position() == 1
    with pytest.raises(RegistrationError) as error:
        registration_cancel(registration=waiting)
    assert error.value.code == "already_cancelled"


@pytest.mark.django_db
def test_raising_capacity_confirms_people_waiting():
    event = EventFactory(capacity=1)
    register(event, "a@example.com")
    waiting = register(event, "b@example.com")
    Event.objects.filter(pk=event.pk).update(capacity=2)
    event.refresh_from_db()
    assert waiting_list_promote(event=event) == [waiting]


@pytest.mark.django_db
def test_registering_twice_with_the_same_email_in_any_case_is_refused():
    event = EventFactory()
    register(event, "li@example.com")
    with pytest.raises(RegistrationError) as error:
        register(event, "LI@Example.COM")
    assert error.value.code == "duplicate"
    assert event.registrations.count() == 1
    # The same address may register for another event, and again after cancelling.
    register(EventFactory(), "li@example.com")
    registration_cancel(registration=event.registrations.get())
    assert register(event, "Li@example.com").status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_database_refuses_a_duplicate_that_bypasses_the_service():
    from django.db import IntegrityError

    registration = RegistrationFactory(email="x@example.com")
    with pytest.raises(IntegrityError):
        RegistrationFactory(event=registration.event, email="X@EXAMPLE.com")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "event_fields, code",
    [
        (lambda now: {"state": Event.State.CANCELLED}, "event_cancelled"),
        (lambda now: {"state": Event.State.DRAFT}, "event_not_published"),
        (lambda now: {"capacity": None}, "no_registration"),
        (lambda now: {"registration_opens_at": now + datetime.timedelta(days=1)}, "not_open_yet"),
        (lambda now: {"registration_closes_at": now - datetime.timedelta(minutes=1)}, "closed"),
        (
            lambda now: {"starts_at": now - datetime.timedelta(hours=1), "ends_at": now + datetime.timedelta(hours=1)},
            "closed",
        ),
    ],
    ids=["cancelled", "draft", "no-capacity", "not-open-yet", "registration-closed", "started"],
)
def test_registration_outside_the_window_or_for_a_cancelled_event_is_refused(client, event_fields, code):
    # The moments are taken when the test runs, not when the tests are collected.
    event = EventFactory(**event_fields(timezone.now()))
    with pytest.raises(RegistrationError) as error:
        register(event, "late@example.com")
    assert error.value.code == code
    assert str(error.value)
    assert not Registration.objects.exists()
    # The page asks the same rule, so it offers no form the service would refuse.
    assert not event.registration_is_open()
    if event.state != Event.State.DRAFT:
        assert 'name="full_name"' not in client.get(f"/en/events/{event.slug}/register/").content.decode()


@pytest.mark.django_db
def test_an_open_event_offers_the_form_and_the_service_accepts(client):
    event = EventFactory(registration_opens_at=timezone.now() - datetime.timedelta(days=1))
    assert event.registration_is_open()
    assert 'name="full_name"' in client.get(f"/en/events/{event.slug}/register/").content.decode()
    assert register(event, "early@example.com").status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_a_failing_mail_server_never_loses_the_registration(django_capture_on_commit_callbacks):
    event = EventFactory()
    with mock.patch("foundation.tasks.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        with django_capture_on_commit_callbacks(execute=True):
            registration = register(event, "li@example.com")
    assert Registration.objects.get() == registration
    email = OutgoingEmail.objects.get(to="li@example.com")
    assert email.status == OutgoingEmail.Status.PENDING
    assert "smtp down" in email.last_error
    assert registration.ticket_code in email.body
    assert mail.outbox == []


@pytest.mark.django_db
def test_emails_are_written_in_the_language_of_the_registration(django_capture_on_commit_callbacks):
    event = EventFactory(title_zh_hans="杭州·微短剧大会", title_en="Hangzhou Micro-Short Drama Conference")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "zh@example.com", language="zh-hans")
    email = OutgoingEmail.objects.get(to="zh@example.com")
    assert "杭州·微短剧大会" in email.subject
    assert "/zh-hans/events/ticket/" in email.body


def _seat_claims_prepared() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'UPDATE \"events_registration\"%%'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("prepared", [True, False])
def test_the_seat_claim_is_prepared_once_per_connection_unless_the_settings_say_a_pooler_cannot_keep_it(
    settings, prepared
):
    settings.DATABASE_PREPARED_STATEMENTS = prepared
    event = EventFactory(capacity=2)
    statuses = [register(event, f"person{number}@example.com").status for number in range(3)]
    assert statuses == [Registration.Status.CONFIRMED] * 2 + [Registration.Status.WAITING]
    assert _seat_claims_prepared() == (1 if prepared else 0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prepared", [True, False])
def test_answers_are_stored_with_the_registration_and_a_refused_address_stores_nothing(settings, prepared):
    settings.DATABASE_PREPARED_STATEMENTS = prepared
    event = EventFactory(capacity=1)
    asked = [
        Question.objects.create(event=event, kind=kind, label_zh_hans="问题", label_en="Question", display_order=number)
        for number, kind in enumerate([Question.Kind.SHORT_TEXT, Question.Kind.SEVERAL_CHOICES])
    ]

    def answered(*values):
        return [
            Answer(question=question, question_label=question.label_en, kind=question.kind, value=value)
            for question, value in zip(asked, values, strict=True)
        ]

    first = register(event, "li@example.com")
    with pytest.raises(RegistrationError) as error:
        register(event, "LI@example.com", answers=answered("Producer", "A"))
    assert error.value.code == "duplicate"
    # The same connection goes on registering people, with their answers.
    later = register(event, "wang@example.com", answers=answered("Director", "A\nC"))
    assert [first.status, later.status] == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
    stored = Registration.objects.get(email="wang@example.com")
    assert [(answer.question, answer.value) for answer in stored.answers.order_by("question__display_order")] == [
        (asked[0], "Director"),
        (asked[1], "A\nC"),
    ]
    assert Answer.objects.count() == 2 and not first.answers.exists()


def _database_says(sql: str):
    with connections["default"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_registration_is_on_disk_before_it_returns_and_the_connection_commits_durably_after(monkeypatch):
    """The registration's own commit does not wait for the log to reach the disk (the event's lock is held
    until it returns); the email's commit that follows does, so the registration is on disk before anyone is
    told."""
    event = EventFactory(capacity=5)
    logged_to = []
    claim = services.seat_claimed

    def claimed_and_noted(*arguments):
        # Where the log ends once the registration has committed: its commit is before this point.
        transaction.on_commit(lambda: logged_to.append(_database_says("SELECT pg_current_wal_insert_lsn()::text")))
        return claim(*arguments)

    monkeypatch.setattr(services, "seat_claimed", claimed_and_noted)
    registration = register(event, "li@example.com")
    assert registration.status == Registration.Status.CONFIRMED
    assert len(logged_to) == 1
    assert _database_says(f"SELECT pg_current_wal_flush_lsn() >= '{logged_to[0]}'::pg_lsn") is True
    # The setting was the registration's transaction's alone.
    assert _database_says("SHOW synchronous_commit") == "on"


@pytest.mark.django_db(transaction=True)
def test_a_registration_inside_a_callers_transaction_leaves_its_commit_durable():
    event = EventFactory(capacity=5)
    with transaction.atomic():
        register(event, "li@example.com")
        assert _database_says("SHOW synchronous_commit") == "on"
    assert Registration.objects.get(email="li@example.com").status == Registration.Status.CONFIRMED
