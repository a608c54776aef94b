"""How long a meeting request takes, and the organiser's schedule grid and a ticket page at a large event.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/meetings.py [--desks 20] [--tables 3] [--people 500]

Builds (afresh on each run) an event with `desks` desks, each offering `tables` tables of 20-minute
slots over eight hours, and `people` confirmed attendees; then requests two meetings a person, one at a
time in process (each request writes the meeting and its two emails with their .ics), accepts half of
them, and times the grid page (/organise/meetings/) and a ticket page. Emails go to memory.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.attendee_message import confirmed_attendees  # noqa: E402
from benchmarks.pages import measure, page_client  # noqa: E402
from districts.models import District  # noqa: E402
from events.models import Event, Registration  # noqa: E402
from foundation.models import OutgoingEmail  # noqa: E402
from meetings.models import Desk, Meeting, MeetingProgramme, Slot  # noqa: E402
from meetings.services import meeting_decide, meeting_request  # noqa: E402

EVENT_SLUG = "meetings-benchmark"


def fresh_event(*, desks: int, tables: int, people: int) -> Event:
    Meeting.objects.filter(slot__desk__event__slug=EVENT_SLUG).delete()
    OutgoingEmail.objects.filter(registration__event__slug=EVENT_SLUG).delete()
    Registration.objects.filter(event__slug=EVENT_SLUG).delete()
    Event.objects.filter(slug=EVENT_SLUG).delete()
    district_rows = [
        District.objects.get_or_create(
            slug=f"meetings-bench-{number}",
            defaults={"name_zh_hans": f"压测区{number}", "name_en": f"Bench District {number}", "is_published": True},
        )[0]
        for number in range(desks)
    ]
    starts = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        slug=EVENT_SLUG,
        district=district_rows[0],
        title_zh_hans="洽谈压测",
        title_en="Meetings benchmark",
        venue_zh_hans="琶洲会展中心",
        venue_en="Pazhou Convention Centre",
        starts_at=starts,
        ends_at=starts + timedelta(hours=9),
        capacity=people,
        state=Event.State.PUBLISHED,
    )
    MeetingProgramme.objects.create(event=event)
    slots = []
    for district in district_rows:
        desk = Desk.objects.create(
            event=event,
            kind=Desk.Kind.DISTRICT,
            district=district,
            contact_email="desk@bench.example.com",
            language="zh-hans",
            accepted_at=timezone.now(),
        )
        slots += [
            Slot(desk=desk, table=table, starts_at=start, ends_at=start + timedelta(minutes=20))
            for table in range(1, tables + 1)
            for start in (starts + timedelta(minutes=20 * number) for number in range(24))
        ]
    Slot.objects.bulk_create(slots)
    confirmed_attendees(event, people)
    return event


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--tables", type=int, default=3)
    parser.add_argument("--people", type=int, default=500)
    arguments = parser.parse_args()
    event = fresh_event(desks=arguments.desks, tables=arguments.tables, people=arguments.people)
    people = list(event.registrations.order_by("pk"))
    slots = list(Slot.objects.filter(desk__event=event).order_by("starts_at", "desk", "table"))
    if arguments.people > len(slots) // 2:
        parser.error("two meetings a person need at least twice as many slots as people")
    durations, meetings = [], []
    for number, person in enumerate(people):
        # Two meetings a person, half the day apart, so no request clashes.
        for offset in (0, len(slots) // 2):
            slot = slots[(number + offset) % len(slots)]
            began = time.perf_counter()
            meetings.append(meeting_request(registration=person, slot=slot, note="Co-producing a series"))
            durations.append((time.perf_counter() - began) * 1000)
    staff = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
        "meetings-bench", password=None
    )
    for meeting in meetings[::2]:
        meeting_decide(meeting=meeting, accept=True, decided_by=staff)
    print(f"{len(slots)} slots at {arguments.desks} desks, {len(people)} attendees, {len(meetings)} meetings")
    print(
        f"meeting request (meeting, two emails with .ics): median {statistics.median(durations):.1f} ms, "
        f"95th percentile {sorted(durations)[int(len(durations) * 0.95)]:.1f} ms"
    )
    with page_client() as client:
        client.force_login(staff)
        for label, url in [
            ("organiser's grid", f"/en/events/{EVENT_SLUG}/organise/meetings/"),
            ("ticket page", f"/en/events/ticket/{people[0].manage_token}/"),
        ]:
            median, worst, queries = measure(client, url, 10)
            print(f"{label}: median {median:.0f} ms, worst {worst:.0f} ms, {queries} queries")


if __name__ == "__main__":
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        main()
