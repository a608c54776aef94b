"""The task worker of `make run`, deploy/local_stack.py and production: see Command.help."""

import logging
import os
import random
import threading
import time

from django.core.mail import get_connection
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from events.services import expired_codes_seats_release, messages_queue_unfinished, registration_emails_missing_queue
from foundation.emails import email_sweep
from foundation.task_queue import TaskQueue
from foundation.tasks import deliver_email, email_task_run, mail_close
from page_views.counting import flush_page_views

logger = logging.getLogger("haizhu_portal.task_worker")
tasks_logger = logging.getLogger(TASKS_LOGGER)

# A worker that dies mid-task leaves its task "running" for ever; its email goes out again within this.
SWEEP_SECONDS = 30
# Page views wait in Redis at most this long before they reach PostgreSQL (page_views/counting.py).
PAGE_VIEWS_FLUSH_SECONDS = 60
# Seats of invitation codes that expired reach the waiting list within this; a message to attendees whose
# worker died mid-batch gets a task again within it too (once its task is a minute old).
EVENTS_SWEEP_SECONDS = 30
# Emails sent back to back share an SMTP connection (a new one costs a TCP handshake and three SMTP round trips),
# for at most this many: some mail servers end a connection after a number of messages.
EMAILS_A_CONNECTION = 100


class Worker(db_worker.Worker):
    """db_worker's worker in fewer statements (foundation/task_queue.py): a task is claimed in one statement,
    and an email's task runs in its email's transaction, which finishes it and claims the next due task in the
    statement that marks the email sent (foundation.tasks.email_task_run). Other tasks run as db_worker runs
    them. The database connection goes back to the pool, and the SMTP connection is closed, when the queue is
    empty, not after every task."""

    def run(self) -> None:
        db_worker.logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311  as db_worker: workers started together poll apart
        queue = TaskQueue(
            worker_id=self.worker_id,
            backend_name=self.backend_name,
            queue_names=self.queue_names,
            excluded_queue_names=self.excluded_queue_names,
        )
        self.mail, self.emails_on_connection = get_connection(), 0
        claimed = None
        # A task claimed is run even after a signal to stop: nothing else would run it.
        while self.running or claimed is not None:
            if claimed is None:
                close_old_connections()  # a connection broken while the queue was empty is replaced
                claimed = queue.claim()
            if claimed is None:
                self.mail_close()
                if self.batch:
                    db_worker.logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                    return
                close_old_connections()
                if self.running:
                    time.sleep(self.interval)
                continue
            claimed = self.run_claimed(claimed, queue)
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                db_worker.logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id
                )
                break
        self.mail_close()

    def run_claimed(self, task: DBTaskResult, queue: TaskQueue) -> DBTaskResult | None:
        """Run a claimed task; returns the next one when running it claimed it."""
        if task.task_path != deliver_email.module_path:
            self.mail_close()  # not left open, unused, for as long as this task takes
            self.run_task(task)
            return None
        # No task is claimed that this worker will not run: none after a signal to stop, none past --max-tasks.
        claim_next = self.running and (self.max_tasks is None or self._run_tasks + 1 < self.max_tasks)
        self.running_task = True
        tasks_logger.info("Task id=%s path=%s state=%s", task.pk, task.task_path, "RUNNING")
        claimed = None
        try:
            if self.emails_on_connection >= EMAILS_A_CONNECTION:
                self.mail_close()
            self.emails_on_connection += 1
            claimed = email_task_run(task, queue, claim_next=claim_next, mail=self.mail)
            tasks_logger.info("Task id=%s path=%s state=%s", task.pk, task.task_path, "SUCCESSFUL")
        except BaseException as error:  # as db_worker: the task is marked failed, the worker goes on
            task.set_failed(error)
            tasks_logger.exception("Task id=%s path=%s state=%s", task.pk, task.task_path, "FAILED")
        finally:
            # Still busy while it holds a claimed task: a signal to stop then waits for that task to run.
            self.running_task = claimed is not None
            self._run_tasks += 1
        return claimed

    def mail_close(self) -> None:
        mail_close(self.mail)
        self.emails_on_connection = 0


class Command(db_worker.Command):
    help = (
        "Run the background tasks (emails), as django-tasks-db's db_worker does, and queue again, at start "
        "and every --sweep-interval seconds, every pending email that no task waits to send (its worker died); "
        "and move the page views counted in Redis to PostgreSQL every --page-views-interval seconds; every "
        "--events-interval seconds, give the seats of expired invitation codes to the waiting list and a task "
        "again to each message to attendees that a dead worker left half stored."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=db_worker.valid_interval,
            default=SWEEP_SECONDS,
            help="Seconds between two sweeps for emails a dead worker left (default: %(default)r)",
        )
        parser.add_argument(
            "--page-views-interval",
            type=db_worker.valid_interval,
            default=PAGE_VIEWS_FLUSH_SECONDS,
            help="Seconds between two moves of the page views counted to PostgreSQL (default: %(default)r)",
        )
        parser.add_argument(
            "--events-interval",
            type=db_worker.valid_interval,
            default=EVENTS_SWEEP_SECONDS,
            help="Seconds between two sweeps of expired codes and half-stored messages (default: %(default)r)",
        )

    def handle(self, *, sweep_interval, page_views_interval, events_interval, **options):
        # With --reload this process only watches the files; the worker runs in its child.
        watcher = options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not watcher:
            self.sweep()  # first what a dead worker left, before anything new
            threading.Thread(target=self.sweep_every, args=(sweep_interval,), name="email-sweep", daemon=True).start()
            threading.Thread(
                target=self.flush_page_views_every, args=(page_views_interval,), name="page-views", daemon=True
            ).start()
            # Its first sweep at start-up, as the emails' is, then every --events-interval seconds.
            threading.Thread(
                target=self.sweep_events_every, args=(events_interval,), name="events", daemon=True
            ).start()
        self.run_worker(**options)

    def run_worker(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ) -> None:
        """db_worker's handle, with its worker replaced by this module's."""
        self.configure_logging(verbosity)
        if reload and batch:
            db_worker.logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child, which runs the worker, stops on a signal
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

    def sweep(self) -> None:
        try:
            if queued := email_sweep():
                logger.warning("Queued again %d pending email(s) that no task was sending.", queued)
        except Exception:  # the database away for a moment: the next sweep tries again
            logger.exception("Email sweep failed")
        finally:
            close_old_connections()

    def sweep_every(self, seconds: float) -> None:
        while True:  # a daemon thread: it ends with the worker's process
            time.sleep(seconds)
            self.sweep()

    def flush_page_views(self) -> None:
        try:
            flush_page_views()
        except Exception:  # Redis or the database away for a moment: the counts wait for the next flush
            logger.exception("Moving the page views to the database failed")
        finally:
            close_old_connections()

    def flush_page_views_every(self, seconds: float) -> None:
        while True:  # a daemon thread: it ends with the worker's process
            time.sleep(seconds)
            self.flush_page_views()

    def sweep_events(self) -> None:
        for job, failure in (
            (expired_codes_seats_release, "Giving the seats of expired invitation codes to the waiting list failed"),
            (messages_queue_unfinished, "Storing the emails of messages to attendees failed"),
            (registration_emails_missing_queue, "Queueing registration emails that were never queued failed"),
        ):
            try:
                job()
            except Exception:  # the database away for a moment: the next sweep tries again
                logger.exception(failure)
            finally:
                close_old_connections()

    def sweep_events_every(self, seconds: float) -> None:
        while True:  # a daemon thread: it ends with the worker's process
            self.sweep_events()
            time.sleep(seconds)
