"""Every stored email goes out, once, whatever task worker dies when: real worker processes, killed with
SIGKILL at several moments of a registration burst, sending to a real SMTP server in the test process."""

import asyncio
import datetime
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import AttendeeMessage
from events.services import message_send, registration_create
from events.tasks import message_emails_store
from foundation.models import OutgoingEmail
from tests.factories import EventFactory, RegistrationFactory
from tests.processes import database_url_for_processes

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER = ["manage.py", "task_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]


class MailServer:
    """An SMTP server that counts, by recipient, the messages it accepted. `hold_next()` keeps the next
    message (or the one after `after` more) waiting for its answer: a sender that dies meanwhile never gets
    the 250 and that message is not accepted, as with any mail server; with `accepted=True` the server has
    taken it before the sender dies."""

    def __init__(self):
        self.accepted = Counter()
        self.dropped = 0
        self.holding = threading.Event()
        self.hold = None
        self.held_for = []
        self.hold_after = 0

    def hold_next(self, *, accepted=False, after=0):
        self.holding.clear()
        self.hold = "accepted" if accepted else "unanswered"
        self.hold_after = after

    async def handle_DATA(self, server, session, envelope):
        if self.hold and self.hold_after:
            self.hold_after -= 1
            hold = None
        else:
            hold, self.hold = self.hold, None
        if hold == "accepted":
            self.accepted.update(envelope.rcpt_tos)
        if hold:
            self.held_for = envelope.rcpt_tos
            self.holding.set()
            try:
                while True:  # until the sender's connection is lost, which cancels this coroutine
                    await asyncio.sleep(0.05)
            except asyncio.CancelledError:
                self.dropped += 1
                raise
        self.accepted.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = MailServer()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command it receives
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    server.port = port
    yield server
    controller.stop()


class Workers:
    """`manage.py` task worker processes on the test database, sending through the test's mail server."""

    def __init__(self, mail_server, log_folder):
        self.env = {key: value for key, value in os.environ.items() if key not in ("TASKS_BACKEND", "EMAIL_BACKEND")}
        self.env.update(DATABASE_URL=database_url_for_processes(), EMAIL_URL=f"smtp://127.0.0.1:{mail_server.port}")
        self.log_folder = log_folder
        self.processes = {}

    def start(self, name: str, *options: str) -> subprocess.Popen:
        log = open(self.log_folder / f"{name}.log", "w")
        self.processes[name] = subprocess.Popen(
            [sys.executable, *WORKER, "--worker-id", name, *options],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return self.processes[name]

    def kill(self, name: str) -> None:
        process = self.processes[name]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text()}" for path in sorted(self.log_folder.iterdir()))

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(transactional_db, mail_server, tmp_path, settings):
    settings.TASKS = DATABASE_TASKS
    started = Workers(mail_server, tmp_path)
    yield started
    started.stop_all()


def wait_until(condition, workers, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still waiting after {timeout} s\n{workers.logs()}"
        time.sleep(0.05)


def burst(event, numbers) -> None:
    """Register one person per number, as fast as the service takes them, on this thread's own connection."""
    try:
        for number in numbers:
            registration_create(
                event=event,
                full_name="王小明",
                email=f"person{number}@example.com",
                organisation="映宇宙",
                role="investor",
                phone="",
                consent=True,
                language="en",
            )
    finally:
        connections.close_all()


def all_sent() -> bool:
    return not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()


def settled(live_worker: str):
    """Every email sent, and no task left to run that could send one a second time."""
    running = DBTaskResult.objects.running().filter(worker_ids__contains=[live_worker])
    return all_sent() and not DBTaskResult.objects.ready().exists() and not running.exists()


def test_every_person_gets_one_email_whatever_moment_the_worker_is_killed(workers, mail_server, client):
    event = EventFactory(capacity=8)  # eight confirmed, the rest on the waiting list with their manage link

    # Killed before it has started: the first people's emails wait for a worker.
    workers.start("before-start")
    workers.kill("before-start")
    burst(event, range(0, 10))

    # Killed in the middle of the burst, while people keep registering.
    late = threading.Thread(target=burst, args=(event, range(10, 20)))
    # The kill lands while the server holds the fourth message unanswered: never between the server's yes and
    # the commit, the one instant that may send twice (tested on its own below). Armed before the worker starts:
    # armed once three were accepted, the worker could have sent every message queued by then.
    mail_server.hold_next(after=3)
    workers.start("mid-burst")
    late.start()
    wait_until(mail_server.holding.is_set, workers)
    assert mail_server.accepted.total() >= 3
    workers.kill("mid-burst")
    wait_until(lambda: mail_server.dropped == 1, workers)
    late.join(timeout=60)
    burst(event, range(20, 25))

    # Killed while sending: the mail server has the message and has not answered yet.
    mail_server.hold_next()
    workers.start("mid-send")
    wait_until(mail_server.holding.is_set, workers)
    workers.kill("mid-send")
    wait_until(lambda: mail_server.dropped == 2, workers)
    stuck = DBTaskResult.objects.running().filter(worker_ids__contains=["mid-send"]).get()
    assert OutgoingEmail.objects.get(pk=stuck.args_kwargs["args"][0]).status == OutgoingEmail.Status.PENDING
    # With no worker left to notice, a minute later health says the email is stuck.
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1, seconds=1)
    DBTaskResult.objects.running().update(started_at=a_minute_ago)
    OutgoingEmail.objects.update(created_at=a_minute_ago)
    health = client.get("/healthz").json()
    assert health["status"] == "degraded" and "stuck" in health["email"]

    # A fresh worker sends what the dead ones left, each email once.
    workers.start("fresh")
    wait_until(lambda: settled("fresh"), workers)
    people = [f"person{number}@example.com" for number in range(25)]
    assert mail_server.accepted == Counter(people)
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_running_worker_sends_what_a_dead_one_left_within_its_sweep_interval(workers, mail_server):
    event = EventFactory(capacity=3)
    mail_server.hold_next()
    workers.start("first")
    burst(event, range(0, 6))
    wait_until(mail_server.holding.is_set, workers)
    # A second worker sends the rest; the email the first one is sending is locked, and left to it.
    workers.start("second", "--sweep-interval", "1")
    wait_until(lambda: OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count() == 1, workers)
    assert [mail_server.accepted[person] for person in mail_server.held_for] == [0]

    workers.kill("first")
    killed = time.monotonic()
    wait_until(lambda: settled("second"), workers)
    assert time.monotonic() - killed < 10  # a sweep a second: no restart needed
    assert mail_server.accepted == Counter(f"person{number}@example.com" for number in range(6))


def test_an_email_goes_twice_only_when_its_worker_dies_between_the_mail_servers_yes_and_the_commit(
    workers, mail_server
):
    event = EventFactory(capacity=3)
    burst(event, range(0, 3))
    mail_server.hold_next(accepted=True)
    workers.start("accepted-then-killed")
    wait_until(mail_server.holding.is_set, workers)
    workers.kill("accepted-then-killed")
    workers.start("fresh")
    wait_until(lambda: settled("fresh"), workers)
    people = [f"person{number}@example.com" for number in range(3)]
    assert mail_server.accepted == Counter(people + mail_server.held_for)  # the one held: twice


def test_a_message_to_attendees_reaches_each_person_once_whatever_worker_dies_mid_send(workers, mail_server):
    event = EventFactory(capacity=20)
    people = [f"attendee{number}@example.com" for number in range(10)]
    for number, email in enumerate(people):
        RegistrationFactory(event=event, email=email, language="en" if number % 2 else "zh-hans")
    # Send stores the message alone; the worker stores its emails three people at a time, each batch's
    # emails queued to go before the next batch is stored.
    message = message_send(
        message=AttendeeMessage(
            event=event,
            audience=AttendeeMessage.Audience.ALL,
            subject_zh_hans="会场变更",
            body_zh_hans="会议改在二号馆举行。",
            subject_en="Venue change",
            body_en="The conference moves to Hall 2.",
            reply_to="desk@example.org",
            key=uuid.uuid4(),
        ),
        batch_size=3,
    )
    assert not OutgoingEmail.objects.exists()

    # Killed while sending the fourth: the mail server never answered it. The message is half stored.
    mail_server.hold_next(after=3)
    workers.start("mid-message")
    wait_until(mail_server.holding.is_set, workers)
    workers.kill("mid-message")
    wait_until(lambda: mail_server.dropped == 1, workers)
    assert mail_server.accepted.total() == 3
    assert 3 < OutgoingEmail.objects.count() < 10
    message.refresh_from_db()
    assert message.emails_queued_at is None

    # Killed while storing a batch, over a minute ago: its transaction rolled back, its task left "running"
    # for ever and none waiting. This is what the database holds after such a kill; the sweep finds it.
    store_tasks = list(DBTaskResult.objects.ready().filter(task_path=message_emails_store.module_path))
    assert store_tasks
    for store_task in store_tasks:
        store_task.claim("killed-while-storing")
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1, seconds=1)
    DBTaskResult.objects.running().filter(worker_ids__contains=["killed-while-storing"]).update(started_at=a_minute_ago)

    # Killed two emails later, between the mail server's yes and the commit: that one person gets it twice.
    mail_server.hold_next(accepted=True, after=2)
    workers.start("accepted-then-killed")
    wait_until(mail_server.holding.is_set, workers)
    workers.kill("accepted-then-killed")

    # Nothing but the workers' sweep gives the message a task again.
    workers.start("fresh")
    wait_until(lambda: settled("fresh") and message_stored(message), workers)
    assert mail_server.accepted == Counter(people + mail_server.held_for)
    counts = AttendeeMessage.objects.with_delivery_counts().get()
    assert (counts.sent, counts.queued, counts.failed) == (10, 0, 0)
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == sorted(people)


def message_stored(message) -> bool:
    return AttendeeMessage.objects.filter(pk=message.pk, emails_queued_at__isnull=False).exists()
