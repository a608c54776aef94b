"""What the task worker spends on one registration's email: statements, and processor time of the worker
and of its PostgreSQL backends.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/worker_per_email.py [--emails 400] [--while-registering]

Starts an SMTP server that accepts everything (aiosmtpd, in this process) and `manage.py task_worker` as
production runs it, sending through Django's SMTP backend to that server, with its sweeps an hour apart so
that they stay out of the figures. Once the worker is idle, it is paused, --emails people register on a
fresh event as the site registers them (events.services.registration_create: each registration's email and
its task committed after the registration), then the worker goes on until every email is sent and every
task finished. With --while-registering the worker is never paused: it sends while people register, as in
a burst, and its polls of an empty queue count too.

Printed per email: the statements the worker sent to PostgreSQL (each a round trip, BEGIN and COMMIT and the
pool's checks included), by kind; the processor time of the worker's process and of the PostgreSQL backends
serving it (read from /proc); and the statements of the web side's queueing (the email's transaction after
the registration's commit) and its processor time, counted in this process.
"""

import argparse
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")
# The worker's PostgreSQL backends carry this name (libpq reads it), so their processor time can be told apart.
WORKER_APPLICATION_NAME = "haizhu-worker-benchmark"
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
SWEEPS_APART = "3600"


def statement_kind(sql) -> str:
    """A statement's verb and the tables it names, e.g. 'UPDATE haizhu_portal_outgoingemail'."""
    text = sql.decode() if isinstance(sql, bytes) else str(sql)
    if not text.strip():
        return "(empty: the pool's check)"
    verb = text.split()[0].upper()
    tables = dict.fromkeys(re.findall(r'\b(?:FROM|(?<!FOR )UPDATE|INTO)\s+"?(\w+)"?', text, re.IGNORECASE))
    locked = " FOR UPDATE" if re.search(r"FOR (NO KEY )?UPDATE", text, re.IGNORECASE) else ""
    return f"{verb} {', '.join(tables)}{locked}".strip()


def count_statements(counted) -> None:
    """Call `counted(kind)` for every statement this process sends to PostgreSQL, BEGIN and COMMIT included."""
    from psycopg import Cursor
    from psycopg._connection_base import BaseConnection

    execute, executemany, exec_command = Cursor.execute, Cursor.executemany, BaseConnection._exec_command

    def counted_execute(self, query, *args, **kwargs):
        counted(statement_kind(query))
        return execute(self, query, *args, **kwargs)

    def counted_executemany(self, query, *args, **kwargs):
        counted(statement_kind(query))
        return executemany(self, query, *args, **kwargs)

    def counted_command(self, command, *args, **kwargs):
        counted(statement_kind(command))
        return exec_command(self, command, *args, **kwargs)

    Cursor.execute, Cursor.executemany, BaseConnection._exec_command = (
        counted_execute,
        counted_executemany,
        counted_command,
    )


def run_worker(counts_file: str, arguments: list[str]) -> None:
    """The worker's process: `manage.py task_worker` with its statements counted, written to `counts_file` on
    SIGUSR1."""
    counts = Counter()
    count_statements(lambda kind: counts.update((kind,)))

    def write_counts(signum, frame):
        Path(counts_file + ".part").write_text(json.dumps(counts))
        os.replace(counts_file + ".part", counts_file)

    signal.signal(signal.SIGUSR1, write_counts)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *arguments])


class MailSink:
    """Counts the messages accepted."""

    def __init__(self):
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        self.accepted += 1
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processor_seconds(pid: int) -> float:
    """utime + stime of a process, all its threads; 0 once it has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def worker_backends() -> dict[int, float]:
    """Processor seconds so far of each PostgreSQL backend the worker has open, by pid."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [WORKER_APPLICATION_NAME])
        return {pid: processor_seconds(pid) for (pid,) in cursor.fetchall()}


class Worker:
    def __init__(self, smtp_port: int, folder: Path):
        self.counts_file = folder / "counts.json"
        self.log = open(folder / "worker.log", "w+")
        env = {key: value for key, value in os.environ.items() if key not in ("EMAIL_BACKEND", "TASKS_BACKEND")}
        env.update(EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}", PGAPPNAME=WORKER_APPLICATION_NAME, DEBUG="0")
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--run-worker", str(self.counts_file), "task_worker", "--no-reload"]
            + ["--sweep-interval", SWEEPS_APART, "--events-interval", SWEEPS_APART]
            + ["--page-views-interval", SWEEPS_APART],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_idle(self) -> None:
        deadline = time.monotonic() + 60
        while "Starting worker" not in Path(self.log.name).read_text():
            assert self.process.poll() is None and time.monotonic() < deadline, Path(self.log.name).read_text()
            time.sleep(0.1)
        time.sleep(3)  # the sweeps at start-up, in their threads, are over

    def counts(self) -> Counter:
        self.counts_file.unlink(missing_ok=True)
        self.process.send_signal(signal.SIGUSR1)
        while not self.counts_file.exists():
            assert self.process.poll() is None, Path(self.log.name).read_text()
            time.sleep(0.01)
        return Counter(json.loads(self.counts_file.read_text()))

    def processor_seconds(self) -> float:
        return processor_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class QueueingStatements:
    """The statements of this process from the start of a registration's email to the end of the registration
    (the email's transaction, its COMMIT included), by kind."""

    def __init__(self):
        self.counts = Counter()
        self.queueing = False
        self.processor_seconds = 0.0

    def counted(self, kind: str) -> None:
        if self.queueing:
            self.counts[kind] += 1


def register(event, count: int, queueing: QueueingStatements) -> None:
    """Register `count` people as the registration form does; their emails' queueing (the transaction after
    the registration's commit) is counted in `queueing`."""
    from events import services

    queue = services.email_registration

    def counted_queue(*args, **kwargs):
        queueing.queueing, queueing.started = True, time.thread_time()
        return queue(*args, **kwargs)

    services.email_registration = counted_queue
    try:
        for number in range(count):
            services.registration_create(
                event=event,
                full_name=f"Attendee {number}",
                email=f"attendee{number}@worker.example.com",
                organisation="Burst Pictures",
                role="investor",
                phone="",
                consent=True,
                language="en" if number % 2 else "zh-hans",
            )
            queueing.queueing = False
            queueing.processor_seconds += time.thread_time() - queueing.started
    finally:
        services.email_registration = queue


def everything_delivered(sink: MailSink, count: int) -> bool:
    from django_tasks_db.models import DBTaskResult

    from foundation.models import OutgoingEmail

    if sink.accepted < count:
        return False
    unfinished = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
    return not unfinished.exists() and not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).exists()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emails", type=int, default=400)
    parser.add_argument("--while-registering", action="store_true")
    arguments = parser.parse_args()

    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from benchmarks.registration_burst import EVENT_SLUG, fresh_event
    from foundation.models import OutgoingEmail
    from foundation.tasks import deliver_email

    queueing = QueueingStatements()
    count_statements(queueing.counted)

    earlier = OutgoingEmail.objects.filter(registration__event__slug=EVENT_SLUG)
    DBTaskResult.objects.filter(
        task_path=deliver_email.module_path, args_kwargs__args__0__in=list(earlier.values_list("pk", flat=True))
    ).delete()
    earlier.delete()
    left = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
    if left.exists():
        print(f"deleting {left.count()} unfinished task(s) left by an earlier run")
        left.delete()
    # As autovacuum would have (this machine's PostgreSQL runs without it): the earlier runs' dead rows
    # would slow every claim.
    with connection.cursor() as cursor:
        for model in (DBTaskResult, OutgoingEmail):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    event = fresh_event(capacity=arguments.emails // 2)  # half confirmed, half waiting: both emails

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink = MailSink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    with tempfile.TemporaryDirectory() as folder:
        worker = Worker(smtp_port, Path(folder))
        try:
            worker.wait_until_idle()
            if not arguments.while_registering:
                worker.process.send_signal(signal.SIGSTOP)
                register(event, arguments.emails, queueing)
                worker.process.send_signal(signal.SIGCONT)
            load_before = os.getloadavg()
            statements_before = worker.counts()
            worker_before, backends_before = worker.processor_seconds(), worker_backends()
            started = time.monotonic()
            if arguments.while_registering:
                register(event, arguments.emails, queueing)
            while not everything_delivered(sink, arguments.emails):
                time.sleep(0.02)
            elapsed = time.monotonic() - started
            worker_after, backends_after = worker.processor_seconds(), worker_backends()
            statements = worker.counts() - statements_before
            load_after = os.getloadavg()
        finally:
            worker.stop()
            controller.stop()

    emails = arguments.emails
    worker_ms = 1000 * (worker_after - worker_before) / emails
    backend_ms = 1000 * sum(seconds - backends_before.get(pid, 0.0) for pid, seconds in backends_after.items()) / emails
    shape = "sending while people register" if arguments.while_registering else "all due at once"
    print(
        f"{emails} registration emails, {shape}, sent to an SMTP server in {elapsed:.1f} s ({emails / elapsed:.0f}/s)"
    )
    print(f"  load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"  the worker's statements per email: {statements.total() / emails:.2f}")
    for kind, count in statements.most_common():
        print(f"    {count / emails:5.2f}  {kind}")
    print(f"  processor time per email: worker {worker_ms:.2f} ms, its PostgreSQL backends {backend_ms:.2f} ms")
    print(
        f"  the web side's queueing: {queueing.counts.total() / emails:.2f} statements and "
        f"{1000 * queueing.processor_seconds / emails:.2f} ms of processor time per email (the last ms of the "
        "registration, from its email's rendering on)"
    )
    for kind, count in queueing.counts.most_common():
        print(f"    {count / emails:5.2f}  {kind}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run-worker"]:
        run_worker(sys.argv[2], sys.argv[3:])
    else:
        main()
