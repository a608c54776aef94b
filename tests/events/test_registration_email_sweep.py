"""A registration whose server process died between its commit and its email gets the email from the worker."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration
from events.services import registration_emails_missing_queue
from foundation.models import OutgoingEmail
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _registered(minutes_ago: int, **fields) -> Registration:
    """A registration stored without its email, as a process killed after the commit leaves it."""
    return RegistrationFactory(created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **fields)


def test_a_registration_left_without_its_email_gets_the_right_one_once():
    event = EventFactory()
    confirmed = _registered(5, event=event, email="seat@example.com")
    waiting = _registered(5, event=event, email="line@example.com", status=Registration.Status.WAITING)

    assert registration_emails_missing_queue() == 2
    assert registration_emails_missing_queue() == 0

    emails = {email.to: email for email in OutgoingEmail.objects.all()}
    assert set(emails) == {"seat@example.com", "line@example.com"}
    assert emails["seat@example.com"].registration == confirmed
    assert emails["line@example.com"].registration == waiting
    assert emails["seat@example.com"].subject.startswith("Your ticket for")
    assert emails["line@example.com"].subject.startswith("You are on the waiting list")


def test_the_sweep_leaves_alone_fresh_cancelled_old_and_emailed_registrations():
    event = EventFactory()
    _registered(0, event=event)  # its request may still be queueing the email
    _registered(5, event=event, status=Registration.Status.CANCELLED)
    _registered(60 * 25, event=event)  # older than a day: not this sweep's business
    emailed = _registered(5, event=event)
    OutgoingEmail.objects.create(to=emailed.email, subject="s", body="b", registration=emailed)

    assert registration_emails_missing_queue() == 0
    assert OutgoingEmail.objects.count() == 1
