"""The task worker of `make run`, deploy/local_stack.py and production: see Command.help."""

import logging
import os
import threading
import time

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from events.services import expired_codes_seats_release, messages_queue_unfinished, registration_emails_missing_queue
from foundation.emails import email_sweep
from page_views.counting import flush_page_views

logger = logging.getLogger("haizhu_portal.task_worker")

# A worker that dies mid-task leaves its task "running" for ever; its email goes out again within this.
SWEEP_SECONDS = 30
# Page views wait in Redis at most this long before they reach PostgreSQL (page_views/counting.py).
PAGE_VIEWS_FLUSH_SECONDS = 60
# Seats of invitation codes that expired reach the waiting list within this; a message to attendees whose
# worker died mid-batch gets a task again within it too (once its task is a minute old).
EVENTS_SWEEP_SECONDS = 30


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
        super().handle(**options)

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
