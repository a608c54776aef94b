"""How long one registration holds its event's row lock, in process, one registration at a time.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/registration_lock.py [--registrations 600]

Registrations for one event take turns on the event's row (events/services.py), from the
SELECT ... FOR UPDATE to the commit. However many processors serve them, one event then takes at
most 1000 / (milliseconds held) registrations a second: this prints that ceiling beside the time.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.core import signing  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks.pages import page_client  # noqa: E402
from benchmarks.registration_burst import fresh_event, person  # noqa: E402
from foundation import spam  # noqa: E402


class LockTimer:
    """Times each stretch from the event row's FOR UPDATE to the commit that ends it."""

    def __init__(self):
        self.held: list[float] = []
        self.locked_at: float | None = None

    def __call__(self, execute, sql, params, many, context):
        if "FOR UPDATE" in sql and '"events_event"' in sql:
            self.locked_at = time.perf_counter()
        return execute(sql, params, many, context)

    def committed(self) -> None:
        if self.locked_at is not None:
            self.held.append((time.perf_counter() - self.locked_at) * 1000)
            self.locked_at = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--capacity", type=int, default=150)
    arguments = parser.parse_args()
    event = fresh_event(arguments.capacity)
    path = f"/en/events/{event.slug}/register/"
    timer = LockTimer()
    commit = connection.commit

    def timed_commit():
        commit()
        timer.committed()

    connection.commit = timed_commit
    # As in production: the email task joins the registration's transaction, and no query log.
    tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with page_client() as client, override_settings(TASKS=tasks, DEBUG=False), connection.execute_wrapper(timer):
        for number in range(arguments.registrations):
            client.cookies.clear()
            started = signing.dumps(time.time() - 10, salt=spam.SALT)
            data = {**person(number), "started": started, "website": ""}
            response = client.post(path, data, REMOTE_ADDR=f"127.6.{1 + number // 250}.{1 + number % 250}")
            if response.status_code != 302:
                raise SystemExit(f"registration {number}: HTTP {response.status_code}")
    held = timer.held[len(timer.held) // 10 :]  # after the warm-up
    median = statistics.median(held)
    print(f"event row lock held per registration ({len(held)} timed, one at a time, confirmed and waiting):")
    print(f"  median {median:.2f} ms, p90 {statistics.quantiles(held, n=10)[-1]:.2f} ms")
    print(f"  so one event takes at most about {1000 / median:.0f} registrations/s, however many processors serve it")


if __name__ == "__main__":
    main()
