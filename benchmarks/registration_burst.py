"""A crowd registering for one event at once, over HTTP, through the production shape.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/registration_burst.py [--registrations 2000] [--capacity 500] \\
       [--questions 5] [--sessions 2]

Starts deploy/local_stack.py (nginx in front of two gunicorn instances sharing PostgreSQL and
Redis, a task worker, object storage), creates an event with `--capacity` seats, and lets
`--registrations` people, each from their own address, open the form as a browser does; once the
spam check's few seconds have passed, all of them submit over `--connections` connections at once.
Instance "a" is killed (SIGKILL, workers and all) when `--kill-at` of the answers are in; a person
whose request died with it sends the form again, as they would. Then the database is checked:
everyone stored once, exactly `--capacity` confirmed, the rest waiting in the order they came. The event
asks `--questions` questions of its own and offers `--sessions` sessions of 40 seats, which everyone answers
and ticks, as at a conference: each session too must hold exactly its seats, its line in order.
Prints registrations per second; figures from a machine shared with other work are noisy.
"""

import argparse
import os
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Exists, OuterRef  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks import TaskResultStatus  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from benchmarks import processor_time  # noqa: E402
from benchmarks.browser_client import BrowserClient  # noqa: E402
from deploy.local_stack import LocalStack  # noqa: E402
from districts.models import District  # noqa: E402
from events.models import AgendaItem, Event, Question, Registration, SessionBooking  # noqa: E402
from foundation.models import OutgoingEmail, delivery_tasks  # noqa: E402

EVENT_SLUG = "registration-burst"
PEOPLE_DOMAIN = "burst.example.com"
# Answers a person who pressed "send" once more may see: the first try was lost with its server.
LOST_WITH_THE_SERVER = {502, 503, 504}


def client_address(network: int, number: int) -> str:
    """A loopback address of its own for each person: 127.<network>.1.1, 127.<network>.1.2, ..."""
    return f"127.{network}.{1 + number // 250}.{1 + number % 250}"


def fresh_event(capacity: int) -> Event:
    district, _ = District.objects.get_or_create(
        slug="burst-district", defaults={"name_zh_hans": "压测区", "name_en": "Burst District", "is_published": True}
    )
    # Registrations protect their event: the previous run's go first.
    Registration.objects.filter(event__slug=EVENT_SLUG).delete()
    unsent_emails_dropped()
    Event.objects.filter(slug=EVENT_SLUG).delete()
    starts = timezone.now() + timedelta(days=30)
    return Event.objects.create(
        slug=EVENT_SLUG,
        district=district,
        title_zh_hans="微短剧产业大会",
        title_en="Micro-drama Industry Forum",
        venue_zh_hans="琶洲会展中心",
        venue_en="Pazhou Convention Centre",
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        capacity=capacity,
        state=Event.State.PUBLISHED,
    )


def unsent_emails_dropped() -> None:
    """Drop earlier runs' unsent emails to their people, with the tasks that would send them. An in-process run
    (registration_lock.py) queues its emails and leaves them; a burst's task worker would send them during the
    burst, and their cost would count against its registrations."""
    unsent = OutgoingEmail.objects.filter(to__endswith=f"@{PEOPLE_DOMAIN}", status=OutgoingEmail.Status.PENDING)
    # The task (OuterRef(OuterRef)) is one of an unsent email's delivery tasks, as the outbox's sweep finds them.
    sending_unsent = unsent.filter(Exists(delivery_tasks().filter(pk=OuterRef(OuterRef("pk")))))
    DBTaskResult.objects.filter(Exists(sending_unsent), status=TaskResultStatus.READY).delete()
    unsent.delete()


def person(number: int) -> dict:
    return {
        "full_name": f"Attendee {number}",
        "email": f"attendee{number}@{PEOPLE_DOMAIN}",
        "organisation": "Burst Pictures",
        "role": Registration.Role.INVESTOR,
        "phone": "",
        "consent": "on",
    }


# An answer of each kind, as the form posts it.
SAMPLE_ANSWERS = {
    Question.Kind.SHORT_TEXT: "Producer",
    Question.Kind.LONG_TEXT: "Overseas distribution and financing",
    Question.Kind.ONE_CHOICE: "1",
    Question.Kind.SEVERAL_CHOICES: ["0", "2"],
    Question.Kind.YES_NO: "yes",
    Question.Kind.NUMBER: "12",
}


def questions_asked(event, count: int) -> dict:
    """Ask `count` required questions on the event, the kinds in turn; returns the form's answers to them."""
    kinds = list(SAMPLE_ANSWERS)
    answers = {}
    for number in range(count):
        kind = kinds[number % len(kinds)]
        question = Question.objects.create(
            event=event,
            kind=kind,
            label_zh_hans=f"问题{number + 1}",
            label_en=f"Question {number + 1}",
            choices_zh_hans="甲\n乙\n丙",
            choices_en="A\nB\nC",
            required=True,
            display_order=number,
        )
        answers[f"answers-question_{question.pk}"] = SAMPLE_ANSWERS[kind]
    return answers


def sessions_offered(event, count: int) -> dict:
    """Give the event `count` sessions of 40 seats, one after the other; returns the form's ticks of all."""
    items = [
        AgendaItem.objects.create(
            event=event,
            title_zh_hans=f"分场{number + 1}",
            title_en=f"Session {number + 1}",
            starts_at=event.starts_at + timedelta(hours=number),
            ends_at=event.starts_at + timedelta(hours=number + 1),
            capacity=40,
        )
        for number in range(count)
    ]
    return {"sessions-chosen": [str(item.pk) for item in items]} if items else {}


class Burst:
    def __init__(self, stack: LocalStack, count: int, connections: int, kill_at: float | None, answers: dict):
        self.stack, self.count, self.connections = stack, count, connections
        # What everyone sends besides their own details: the answers to the event's questions, the sessions.
        self.answers = answers
        self.kill_after = int(count * kill_at) if kill_at else None
        self.statuses: Counter = Counter()
        self.retries = 0
        self.answered = 0
        self.accepted: set[str] = set()
        self.killed_at: int | None = None
        self.lock = threading.Lock()
        self.processor_time: dict[str, float] = {}
        self.before_the_kill: dict = {}

    def run(self, path: str) -> float:
        # A network of addresses of its own per run: the hourly limit per address still counts the last run's.
        network = random.randint(1, 254)
        clients = [BrowserClient(self.stack.url, source_address=client_address(network, n)) for n in range(self.count)]
        with ThreadPoolExecutor(self.connections) as pool:
            forms = list(pool.map(lambda client: client.open_form(path), clients))
        # The spam check refuses a form sent within three seconds of opening it.
        time.sleep(3.2)
        before, start = processor_time.snapshot(), time.perf_counter()
        with ThreadPoolExecutor(self.connections) as pool:
            list(pool.map(self.register, range(self.count), clients, forms))
        elapsed = time.perf_counter() - start
        after = processor_time.snapshot()
        self.processor_time = processor_time.spent(before, after, last_seen=self.before_the_kill)
        for client in clients:
            client.close()
        return elapsed

    def register(self, number: int, client: BrowserClient, form) -> None:
        for _attempt in range(4):
            try:
                status = client.submit(form, person(number) | self.answers).status
            except Exception:  # the connection died with the server: the person sends again
                status = "connection lost"
            with self.lock:
                self.statuses[status] += 1
                if status in LOST_WITH_THE_SERVER or status == "connection lost":
                    # The same form again, as a person pressing "send" once more: its start token
                    # may be used already, but by this same address, which the form accepts.
                    self.retries += 1
                    continue
                self.answered += 1
                # 302: registered (confirmed or waiting), or told the address is already registered.
                if status == 302:
                    self.accepted.add(person(number)["email"])
                if self.kill_after is not None and self.killed_at is None and self.answered >= self.kill_after:
                    self.killed_at = self.answered
                    self.before_the_kill = processor_time.snapshot()
                    self.stack.kill_app("a")
                return


def check(event: Event, burst: Burst, capacity: int) -> list[str]:
    """What went wrong, as sentences; empty when every rule held."""
    problems = []
    registrations = list(event.registrations.order_by("created_at", "pk").values("email", "status"))
    stored = {row["email"] for row in registrations}
    statuses = Counter(row["status"] for row in registrations)
    if len(registrations) != burst.count or len(stored) != burst.count:
        problems.append(f"{len(registrations)} registrations stored ({len(stored)} addresses), {burst.count} sent")
    if missing := burst.accepted - stored:
        problems.append(f"{len(missing)} accepted registrations are not stored")
    if statuses[Registration.Status.CONFIRMED] != min(capacity, burst.count):
        problems.append(f"{statuses[Registration.Status.CONFIRMED]} confirmed for {capacity} seats")
    order = [row["status"] for row in registrations]
    first_waiting = order.index(Registration.Status.WAITING) if Registration.Status.WAITING in order else len(order)
    if any(status != Registration.Status.WAITING for status in order[first_waiting:]):
        problems.append("someone who came later was confirmed while an earlier person waits")
    for item in AgendaItem.objects.filter(event=event).sessions():
        bookings = list(item.bookings.order_by("created_at", "pk").values_list("status", "registration__status"))
        seated = sum(status == SessionBooking.Status.CONFIRMED for status, _ in bookings)
        if seated != min(item.capacity, len(bookings)):
            problems.append(f"{seated} seats confirmed in a session of {item.capacity} that {len(bookings)} booked")
        if any(person != Registration.Status.CONFIRMED for _, person in bookings):
            problems.append("someone without a seat at the event holds a session")
        if SessionBooking.Status.CONFIRMED in [status for status, _ in bookings[item.capacity :]]:
            problems.append("someone who booked a session later holds a seat while an earlier person waits")
    if errors := {status: n for status, n in burst.statuses.items() if status not in (302, 502, 503, 504)}:
        problems.append(f"unexpected answers: {errors}")
    return problems


def run(
    stack: LocalStack,
    *,
    registrations: int,
    capacity: int,
    connections: int,
    kill_at: float | None,
    questions: int = 5,
    sessions: int = 2,
) -> bool:
    """The burst; with `questions` asked by the event and `sessions` of 40 seats, all answered and ticked by
    everyone, as a conference's registration is (the cost issue 22 measures includes them)."""
    event = fresh_event(capacity)
    answers = questions_asked(event, questions) | sessions_offered(event, sessions)
    burst = Burst(stack, registrations, connections, kill_at, answers)
    elapsed = burst.run(f"/en/events/{event.slug}/register/")
    problems = check(event, burst, capacity)
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = event.registrations.filter(status=Registration.Status.WAITING).count()
    print(
        f"registration burst: {registrations} people, {capacity} seats, {questions} questions and {sessions} "
        f"sessions of 40 seats answered and ticked by everyone, {connections} connections"
    )
    print(f"  answers: {dict(burst.statuses)}; sent again after a lost answer: {burst.retries}")
    if burst.killed_at is not None:
        print(f"  instance a killed after {burst.killed_at} answers")
    print(f"  stored: {confirmed} confirmed, {waiting} waiting; {len(burst.accepted)} accepted answers all stored")
    booked = AgendaItem.objects.filter(event=event).sessions().with_booking_counts()
    if sessions:
        print("  sessions (seats + waiting): " + ", ".join(f"{item.booked}+{item.waiting}" for item in booked))
    print(f"  {registrations / elapsed:.0f} registrations/s ({elapsed:.2f} s for the submissions)")
    print(processor_time.report(burst.processor_time, registrations, "registration"))
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    return not problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of answers after which instance a dies")
    parser.add_argument("--no-kill", action="store_true", help="keep both instances alive")
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEPLOY_PORT", "8150")))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--questions", type=int, default=5, help="questions of the event's own, all answered")
    parser.add_argument("--sessions", type=int, default=2, help="sessions of 40 seats, all ticked")
    arguments = parser.parse_args()
    print("Figures from a machine shared with other work are noisy; compare runs on the same machine only.")
    with LocalStack(port=arguments.port, workers=arguments.workers) as stack:
        ok = run(
            stack,
            registrations=arguments.registrations,
            capacity=arguments.capacity,
            connections=arguments.connections,
            kill_at=None if arguments.no_kill else arguments.kill_at,
            questions=arguments.questions,
            sessions=arguments.sessions,
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
