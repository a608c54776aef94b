"""How long the organiser's "Send" takes for a message to every attendee of a 500-seat event.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/attendee_message.py [--recipients 500] [--runs 5]

Creates an event with `--recipients` confirmed attendees (half registered in Chinese, half in English)
and an organiser, then posts the messages page's Send step through Django's test client, as the
browser does after the preview, `--runs` times (a new message each time), with the tasks stored in
PostgreSQL as in production. Prints the request's time (median and slowest), then how long the task
worker takes to store the emails of one message. The request used to store them all itself: 2.65 s
(median of 5, 4.38 s at worst) for 500 people on the development machine, against 0.06 s now.
Nothing is sent: the worker is not started, and the benchmark's rows are deleted at the end.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from districts.models import District  # noqa: E402
from events.models import AttendeeMessage, Event, Registration  # noqa: E402
from events.services import MESSAGE_BATCH_SIZE, message_emails_queue  # noqa: E402
from foundation.models import OutgoingEmail  # noqa: E402
from staff.roles import EVENT_ORGANISERS  # noqa: E402

EVENT_SLUG = "attendee-message-benchmark"
ORGANISER = "attendee-message-benchmark"


def clean_up(since=None) -> None:
    """The benchmark's rows go, and the tasks it enqueued (nothing else runs tasks on a benchmark database)."""
    if since is not None:
        DBTaskResult.objects.filter(enqueued_at__gte=since).delete()
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return
    AttendeeMessage.objects.filter(event=event).delete()
    OutgoingEmail.objects.filter(registration__event=event).delete()
    Registration.objects.filter(event=event).delete()
    event.delete()


def fresh_event(recipients: int) -> Event:
    clean_up()
    district, _ = District.objects.get_or_create(
        slug="benchmark-district", defaults={"name_zh_hans": "压测区", "name_en": "Benchmark District"}
    )
    starts = timezone.now() + timedelta(days=30)
    event = Event.objects.create(
        slug=EVENT_SLUG,
        district=district,
        title_zh_hans="微短剧产业大会（压测）",
        title_en="Micro-drama Industry Forum (benchmark)",
        venue_zh_hans="会展中心",
        venue_en="Convention Centre",
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        capacity=recipients,
        state=Event.State.PUBLISHED,
    )
    confirmed_attendees(event, recipients)
    return event


def confirmed_attendees(event: Event, count: int) -> None:
    """`count` confirmed attendees of `event`, half of them reading English and half Chinese."""
    Registration.objects.bulk_create(
        Registration(
            event=event,
            full_name=f"Attendee {number}",
            email=f"attendee{number}@benchmark.example.com",
            organisation="Benchmark Pictures",
            role=Registration.Role.INVESTOR,
            consent=True,
            language="en" if number % 2 else "zh-hans",
            status=Registration.Status.CONFIRMED,
        )
        for number in range(count)
    )


def organiser_client(event: Event) -> Client:
    user, _ = get_user_model().objects.get_or_create(
        username=ORGANISER, defaults={"is_staff": True, "email": "desk@benchmark.example.com"}
    )
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(user)
    client = Client()
    client.force_login(user)
    return client


def send_data() -> dict:
    return {
        "audience": "confirmed",
        "subject_zh_hans": "会场变更",
        "body_zh_hans": "会议改在二号馆举行。",
        "subject_en": "Venue change",
        "body_en": "The conference moves to Hall 2.",
        "reply_to": "desk@benchmark.example.com",
        "key": str(uuid.uuid4()),
        "step": "send",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The page's static files by their plain names: no collectstatic manifest needed to render it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    event = fresh_event(arguments.recipients)
    client = organiser_client(event)
    url = f"/en/events/{EVENT_SLUG}/organise/messages/"
    client.get(url)  # the session, the language and the templates settled
    since, timings = timezone.now(), []
    try:
        for _ in range(arguments.runs):
            started = time.perf_counter()
            response = client.post(url, send_data())
            timings.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
        print(
            f"Send to {arguments.recipients} attendees: the request takes {statistics.median(timings):.3f} s"
            f" (median of {arguments.runs}), {max(timings):.3f} s at worst"
        )
        message = AttendeeMessage.objects.filter(event=event).order_by("pk").first()
        started = time.perf_counter()
        message_emails_queue(message=message)
        print(
            f"The task worker stores its {message.emails.count()} emails in {time.perf_counter() - started:.2f} s"
            f" (batches of {MESSAGE_BATCH_SIZE}, each its own transaction)"
        )
    finally:
        clean_up(since)


if __name__ == "__main__":
    main()
