"""Instructions each part of a registration costs the app server's process, counted by valgrind.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
       .venv/bin/python benchmarks/registration_parts.py [--times 200] [--questions 5] [--sessions 2]

registration_instructions.py counts a whole registration; this says where it goes. Each part (building the
forms, checking them, the answers' instances, the limits' round trip to Redis, ...) runs `--times` over in one
counted block (benchmarks/callgrind.py), with the posted data registration_instructions.py posts, after every
part has run once so that what a process pays once (regular expressions compiled, catalogues read) is left
out. The parts overlap nothing and do not add up to the whole: the rest is the request's way through Django and
the registration's statements. Compare two versions of the code with it on the same database, in turn.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

from benchmarks.callgrind import counted_run, counting, under_callgrind  # noqa: E402

PARTS = [
    "the registration form built",
    "the questions' form built",
    "the sessions' form built",
    "the three forms checked",
    "the answers' instances",
    "the limits counted (Redis)",
    "the spam check's token claimed (Redis)",
    "the content versions read (Redis)",
    "the events' version bumped (Redis)",
    "the sent page's cookie and redirect",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=200, help="each part run this many times, counted")
    parser.add_argument("--questions", type=int, default=5, help="questions of the event's own, all answered")
    parser.add_argument("--sessions", type=int, default=2, help="sessions with their own seats, all ticked")
    arguments = parser.parse_args()
    if under_callgrind():
        run_parts(arguments)
        return
    totals = counted_run()
    print(
        f"parts of a registration with {arguments.questions} questions answered and {arguments.sessions} sessions "
        f"ticked, each run {arguments.times} times, Python {sys.version.split()[0]}:"
    )
    for part, total in zip(PARTS, totals, strict=True):
        print(f"  {part:42} {total / arguments.times / 1e6:6.2f} million instructions")


def run_parts(arguments) -> None:
    """Inside callgrind: each part once uncounted, then each counted in a block of its own, in PARTS' order."""
    import django

    django.setup()
    from django.http import QueryDict
    from django.test import RequestFactory
    from django.utils import translation

    from benchmarks.registration_burst import fresh_event, questions_asked, sessions_offered
    from benchmarks.registration_lock import registration_form_body
    from events.forms import AnswersForm, RegistrationForm, SessionsForm
    from events.registration_reads import answer_fields, event_questions, event_registered_for, event_sessions_offered
    from foundation import public_forms
    from foundation.content_versions import (
        EVENT_SETUP,
        EVENTS,
        content_committed,
        content_versions,
        versions_of_request,
    )
    from foundation.limits import registration_within_limits

    translation.activate("en")
    event = fresh_event(arguments.times)
    answers = questions_asked(event, arguments.questions) | sessions_offered(event, arguments.sessions)
    event = event_registered_for(event.slug)
    questions, sessions = event_questions(event), event_sessions_offered(event)
    request = RequestFactory().post("/", REMOTE_ADDR="127.6.0.1")

    def versions_read() -> None:
        reading = versions_of_request.set({})
        content_versions([EVENTS])
        versions_of_request.reset(reading)

    # The versions as the request read them before building the forms (the middleware's one reading).
    request_versions = {}
    reading = versions_of_request.set(request_versions)
    content_versions([EVENT_SETUP])
    versions_of_request.reset(reading)

    def answers_form(data) -> AnswersForm:
        reading = versions_of_request.set(request_versions)
        try:
            return AnswersForm(questions, data, fields=answer_fields(event, questions))
        finally:
            versions_of_request.reset(reading)

    everyone = [QueryDict(registration_form_body(answers, number)) for number in range(arguments.times)]
    built = [
        (RegistrationForm(data, event=event), answers_form(data), SessionsForm(sessions, data)) for data in everyone
    ]
    parts = [
        lambda number: RegistrationForm(everyone[number], event=event),
        lambda number: answers_form(everyone[number]),
        lambda number: SessionsForm(sessions, everyone[number]),
        lambda number: [form.is_valid() for form in built[number]],
        lambda number: built[number][1].answers(),
        lambda number: registration_within_limits(request, event=event, email=f"part{number}@example.com"),
        lambda number: built[number][0].claim_start_token(),
        lambda number: versions_read(),
        lambda number: content_committed(EVENTS),
        lambda number: public_forms.sent("/en/events/sent/", built[number][0].cleaned_data["email"]),
    ]
    # Once each, uncounted: the forms checked first, as every later part reads what checking them gave.
    for part in (parts[3], *parts):
        part(0)
    for part in parts:
        with counting():
            for number in range(arguments.times):
                part(number)


if __name__ == "__main__":
    main()
