"""The task worker of `make run`, deploy/local_stack.py and production: see Command.help."""

import logging
import os
import threading
import time

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from foundation.emails import email_sweep

logger = logging.getLogger("haizhu_portal.task_worker")

# A worker that dies mid-task leaves its task "running" for ever; its email goes out again within this.
SWEEP_SECONDS = 30


class Command(db_worker.Command):
    help = (
        "Run the background tasks (emails), as django-tasks-db's db_worker does, and queue again, at start "
        "and every --sweep-interval seconds, every pending email that no task waits to send (its worker died)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=db_worker.valid_interval,
            default=SWEEP_SECONDS,
            help="Seconds between two sweeps for emails a dead worker left (default: %(default)r)",
        )

    def handle(self, *, sweep_interval, **options):
        # With --reload this process only watches the files; the worker runs in its child.
        watcher = options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not watcher:
            self.sweep()  # first what a dead worker left, before anything new
            threading.Thread(target=self.sweep_every, args=(sweep_interval,), name="email-sweep", daemon=True).start()
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
