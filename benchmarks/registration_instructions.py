"""Instructions one registration costs the app server's process, counted by valgrind: the same on every run.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
       .venv/bin/python benchmarks/registration_instructions.py [--registrations 60] [--questions 5] [--sessions 2] \\
       [--waiting]

Runs registration_lock.py's registrations (each person from an address of their own, the form posted as a
browser posts it, the event asking `--questions` questions and offering `--sessions` sessions, everything
answered and ticked; everyone confirmed, or with --waiting everyone on the waiting list, whose email names
their place) under callgrind (benchmarks/callgrind.py), counting once a warm-up has run, and prints the
instructions per registration in this process: Django, the ORM, psycopg and the Redis client. PostgreSQL's own
work is not counted; registration_lock.py gives its processor time. Runs of the same code on the same database
agree to within 0.2%; the database's contents move the count a little (about 1% after the large data set was
loaded), so compare two versions of the code on the same database, in turn.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

from benchmarks.callgrind import counted_run, counting, under_callgrind  # noqa: E402

WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=60, help="counted, after a warm-up of 20")
    parser.add_argument("--questions", type=int, default=5, help="questions of the event's own, all answered")
    parser.add_argument("--sessions", type=int, default=2, help="sessions with their own seats, all ticked")
    parser.add_argument(
        "--waiting", action="store_true", help="the event full: everyone waits (as three in four of the burst do)"
    )
    arguments = parser.parse_args()
    if under_callgrind():
        register(arguments)
        return
    (total,) = counted_run()
    outcome = "waiting (the event full)" if arguments.waiting else "confirmed"
    print(
        f"registration with {arguments.questions} questions answered and {arguments.sessions} sessions ticked, "
        f"{outcome}, {arguments.registrations} counted after {WARM_UP}, Python {sys.version.split()[0]} "
        f"({sys.executable}):"
    )
    print(f"  {total / arguments.registrations / 1e6:.2f} million instructions per registration in Django's process")


def register(arguments) -> None:
    """Inside callgrind: the warm-up uncounted, then the registrations counted."""
    import django

    django.setup()
    from django.test.utils import override_settings

    from benchmarks.pages import page_client
    from benchmarks.registration_burst import fresh_event, questions_asked, sessions_offered
    from benchmarks.registration_lock import PRODUCTION_TASKS, registration_posted

    everyone = WARM_UP + arguments.registrations
    # Full after the first of the warm-up, whose registration takes the one seat.
    event = fresh_event(1 if arguments.waiting else everyone)
    answers = questions_asked(event, arguments.questions) | sessions_offered(event, arguments.sessions)
    path = f"/en/events/{event.slug}/register/"
    with page_client() as client, override_settings(TASKS=PRODUCTION_TASKS, DEBUG=False):
        for number in range(WARM_UP):
            registration_posted(client, path, answers, number)
        with counting():
            for number in range(WARM_UP, everyone):
                registration_posted(client, path, answers, number)


if __name__ == "__main__":
    main()
