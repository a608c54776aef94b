import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from events.models import Event, Registration
from events.services import registration_create
from foundation.models import OutgoingEmail
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def tomorrow_at(hour):
    return datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(hour), SHANGHAI)


def test_reminders_go_once_to_confirmed_attendees_of_events_starting_tomorrow(django_capture_on_commit_callbacks):
    event = EventFactory(starts_at=tomorrow_at(9), title_zh_hans="杭州·微短剧大会")
    confirmed = RegistrationFactory(event=event, email="seat@example.com", language="zh-hans")
    RegistrationFactory(event=event, email="wait@example.com", status=Registration.Status.WAITING)
    RegistrationFactory(event=event, email="gone@example.com", status=Registration.Status.CANCELLED)
    RegistrationFactory(
        event=EventFactory(starts_at=tomorrow_at(9) + datetime.timedelta(days=1)), email="later@example.com"
    )
    RegistrationFactory(
        event=EventFactory(starts_at=tomorrow_at(9), state=Event.State.CANCELLED), email="off@example.com"
    )
    output = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=output)
    assert "Reminders queued: 1" in output.getvalue()
    assert [message.to for message in mail.outbox] == [["seat@example.com"]]
    assert "明天举行" in mail.outbox[0].subject and confirmed.ticket_code in mail.outbox[0].body
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_an_event_late_tomorrow_in_beijing_counts_as_tomorrow():
    # 23:30 in Beijing is still the same day there, though it is a different day in UTC.
    RegistrationFactory(event=EventFactory(starts_at=tomorrow_at(23).replace(minute=30)))
    call_command("send_event_reminders", stdout=StringIO())
    assert OutgoingEmail.objects.count() == 1


def past_event(days_ago):
    ended = timezone.now() - datetime.timedelta(days=days_ago)
    return EventFactory(starts_at=ended - datetime.timedelta(hours=8), ends_at=ended)


def test_erase_attendee_data_keeps_the_counts_but_not_the_people(client):
    old = past_event(days_ago=40)
    with time_machine.travel(old.starts_at - datetime.timedelta(days=5), tick=False):
        registration = registration_create(
            event=old,
            full_name="王小明",
            email="wang@example.com",
            organisation="映宇宙",
            role="investor",
            phone="+8613812345678",
            consent=True,
            language="en",
        )
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=old.starts_at)
    RegistrationFactory(event=old, status=Registration.Status.WAITING, full_name="李明")
    RegistrationFactory(event=old, status=Registration.Status.CANCELLED)
    recent = past_event(days_ago=5)
    kept = RegistrationFactory(event=recent, full_name="张伟")
    manage_url = f"/en/events/ticket/{registration.manage_token}/"
    assert client.get(manage_url).status_code == 200

    output = StringIO()
    call_command("erase_attendee_data", "--days", "30", stdout=output)
    assert "Erased 3 registrations of 1 events, and 1 stored emails." in output.getvalue()

    registrations = Registration.objects.filter(event=old)
    counts = {status: registrations.filter(status=status).count() for status in Registration.Status.values}
    assert counts == {"confirmed": 1, "waiting": 1, "cancelled": 1}
    assert registrations.filter(checked_in_at__isnull=False).count() == 1
    for erased in registrations:
        assert erased.full_name == "" and erased.organisation == "" and erased.phone == ""
        assert "example.com" not in erased.email and erased.personal_data_erased_at
    email = OutgoingEmail.objects.get()
    assert email.to.endswith("@erased.invalid") and "王小明" not in email.body
    assert client.get(manage_url).status_code == 404
    kept.refresh_from_db()
    assert kept.full_name == "张伟"
    old.refresh_from_db()
    assert old.attendee_data_erased_at is not None

    call_command("erase_attendee_data", "--days", "30", stdout=output)
    assert "Erased 0 registrations of 0 events" in output.getvalue()


def test_erase_attendee_data_needs_a_sensible_number_of_days():
    with pytest.raises(CommandError):
        call_command("erase_attendee_data", "--days", "-1")
    with pytest.raises(CommandError):
        call_command("erase_attendee_data")
