"""How long one registration holds its event's row lock, in process, one registration at a time.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/registration_lock.py [--registrations 600] [--questions 5] [--sessions 2]

Registrations for one event take turns on the event's row (events/services.py), from the
SELECT ... FOR NO KEY UPDATE to the commit. However many processors serve them, one event then takes at
most 1000 / (milliseconds held) registrations a second: this prints that ceiling beside the time.
With --questions, the event asks that many questions of its own (the kinds in turn), all answered,
and the whole request's time per registration is printed too, to compare with and without, with the
processor time each registration cost this process (Django) and PostgreSQL, from their own counters.
With --sessions, the event has that many sessions with seats of their own (one after the other, 40 seats
each) and everyone ticks all of them; give --capacity at least --registrations so that every registration
is confirmed and books them (someone on the event's waiting list books none).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.core import signing  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks.pages import page_client  # noqa: E402
from benchmarks.processor_time import snapshot, spent  # noqa: E402
from benchmarks.registration_burst import fresh_event, person, questions_asked, sessions_offered  # noqa: E402
from events.models import AgendaItem  # noqa: E402
from foundation import spam  # noqa: E402


class LockTimer:
    """Times each stretch from the event row's FOR NO KEY UPDATE to the commit that ends it."""

    def __init__(self):
        self.held: list[float] = []
        self.locked_at: float | None = None

    def __call__(self, execute, sql, params, many, context):
        if "FOR NO KEY UPDATE" in sql and 'FROM "events_event" WHERE' in sql:
            self.locked_at = time.perf_counter()
        return execute(sql, params, many, context)

    def committed(self) -> None:
        if self.locked_at is not None:
            self.held.append((time.perf_counter() - self.locked_at) * 1000)
            self.locked_at = None


# As in production: the email task joins the registration's transaction, and no query log.
PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def registration_form_body(answers: dict, number: int) -> str:
    """Person `number`'s registration form with `answers`, as a browser posts it (and the burst), not as the test
    client's multipart: shown long enough ago for the spam check."""
    started = signing.dumps(time.time() - 10, salt=spam.SALT)
    return urlencode({**person(number), **answers, "started": started, "website": ""}, doseq=True)


def registration_posted(client, path: str, answers: dict, number: int) -> float:
    """Person `number` registers, from an address of their own, once the spam check's seconds have passed;
    returns the milliseconds the request took."""
    client.cookies.clear()
    body = registration_form_body(answers, number)
    sent_at = time.perf_counter()
    response = client.post(
        path,
        body,
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=f"127.6.{1 + number // 250}.{1 + number % 250}",
    )
    if response.status_code != 302:
        raise SystemExit(f"registration {number}: HTTP {response.status_code}")
    return (time.perf_counter() - sent_at) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--capacity", type=int, default=150)
    parser.add_argument("--questions", type=int, default=0, help="questions of the event's own, all answered")
    parser.add_argument("--sessions", type=int, default=0, help="sessions with their own seats, all ticked")
    arguments = parser.parse_args()
    event = fresh_event(arguments.capacity)
    answers = questions_asked(event, arguments.questions) | sessions_offered(event, arguments.sessions)
    requests: list[float] = []
    path = f"/en/events/{event.slug}/register/"
    timer = LockTimer()
    commit = connection.commit

    def timed_commit():
        commit()
        timer.committed()

    connection.commit = timed_commit
    warm_up = arguments.registrations // 10
    with (
        page_client() as client,
        override_settings(TASKS=PRODUCTION_TASKS, DEBUG=False),
        connection.execute_wrapper(timer),
    ):
        for number in range(arguments.registrations):
            if number == warm_up:
                database_before, own_before = snapshot(), time.process_time()
            requests.append(registration_posted(client, path, answers, number))
    own_ms = 1000 * (time.process_time() - own_before) / (arguments.registrations - warm_up)
    database_ms = 1000 * spent(database_before, snapshot())["PostgreSQL"] / (arguments.registrations - warm_up)
    held = timer.held[len(timer.held) // 10 :]  # after the warm-up
    median = statistics.median(held)
    print(f"event row lock held per registration ({len(held)} timed, one at a time, confirmed and waiting):")
    print(f"  median {median:.2f} ms, p90 {statistics.quantiles(held, n=10)[-1]:.2f} ms")
    print(f"  so one event takes at most about {1000 / median:.0f} registrations/s, however many processors serve it")
    timed = requests[warm_up:]
    confirmed = event.registrations.filter(status="confirmed").count()
    booked = AgendaItem.objects.filter(event=event).sessions().with_booking_counts()
    print(
        f"{confirmed} of {arguments.registrations} confirmed; sessions booked (seat + waiting): "
        + ", ".join(f"{item.booked}+{item.waiting}" for item in booked)
    )
    print(
        f"whole request per registration with {arguments.questions} questions answered "
        f"and {arguments.sessions} sessions ticked:"
    )
    print(f"  median {statistics.median(timed):.2f} ms, p90 {statistics.quantiles(timed, n=10)[-1]:.2f} ms")
    print(
        f"  processor time per registration: Django {own_ms:.2f} ms, PostgreSQL {database_ms:.2f} ms "
        "(the email's delivery by the task worker not included)"
    )
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
