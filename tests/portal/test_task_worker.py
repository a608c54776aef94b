"""The task worker's loop (haizhu_portal's task_worker), in this process: each email sent once in its own
transaction, its task finished as db_worker finishes one, the next claimed only when the worker will run it.
Real worker processes, killed at every moment, are in test_worker_kill."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from alerts.tasks import send_alert_digests
from foundation.emails import email_queue
from foundation.models import OutgoingEmail
from foundation.tasks import deliver_email
from haizhu_portal.management.commands.task_worker import Worker

# The worker returns its connection to the pool, which a test's transaction would not survive.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(**options) -> None:
    """Run the due tasks, as `manage.py task_worker --batch` does."""
    settings = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
        **options,
    }
    Worker(**settings).run()


def queue_email(number: int) -> OutgoingEmail:
    return email_queue(
        to=f"person{number}@example.com",
        template="inquiry_received",
        context={
            "inquiry": SimpleNamespace(contact_name="Li", message="Hello"),
            "district": SimpleNamespace(name="Haizhu", get_absolute_url=lambda: "/en/districts/haizhu/"),
        },
        language="en",
    )


def returned(status=TaskResultStatus.SUCCESSFUL) -> list:
    return sorted(str(task.return_value) for task in DBTaskResult.objects.filter(status=status))


def test_the_worker_sends_each_due_email_once_and_finishes_every_task(mailoutbox):
    emails = [queue_email(number) for number in range(3)]
    deliver_email.enqueue(emails[0].pk)  # a second task for the same email, as the sweep may give it
    run_worker()
    assert sorted(message.to[0] for message in mailoutbox) == [f"person{number}@example.com" for number in range(3)]
    for email in OutgoingEmail.objects.all():
        assert (email.status, email.attempts, email.last_error) == (OutgoingEmail.Status.SENT, 1, "")
        assert email.sent_at is not None
    assert returned() == ["nothing to send", "sent", "sent", "sent"]
    assert all(task.worker_ids == ["test-worker"] for task in DBTaskResult.objects.all())
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_the_worker_claims_no_task_past_its_maximum(mailoutbox):
    for number in range(3):
        queue_email(number)
    run_worker(max_tasks=2)
    assert len(mailoutbox) == 2
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2
    # The third is left for the next worker, not claimed for this one.
    assert DBTaskResult.objects.ready().count() == 1
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count() == 1


def test_an_email_the_worker_fails_to_send_waits_for_its_retry(mailoutbox):
    for number in range(2):
        queue_email(number)
    with mock.patch("foundation.tasks.EmailMessage.send", side_effect=OSError("connection refused")):
        run_worker()
    for email in OutgoingEmail.objects.all():
        assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 1)
        assert email.last_error == "OSError: connection refused"
    assert returned() == ["failed", "failed"]
    retries = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retries.count() == 2 and all(task.run_after > timezone.now() for task in retries)
    assert mailoutbox == []


def test_other_tasks_run_between_emails_as_db_worker_runs_them(mailoutbox):
    queue_email(0)
    send_alert_digests.enqueue()
    queue_email(1)
    run_worker()
    assert len(mailoutbox) == 2
    digests = DBTaskResult.objects.get(task_path=send_alert_digests.module_path)
    assert (digests.status, digests.return_value, digests.worker_ids) == (
        TaskResultStatus.SUCCESSFUL,
        0,
        ["test-worker"],
    )


def test_an_email_and_its_task_are_stored_in_one_statement_as_django_tasks_stores_a_task():
    email = queue_email(0)
    ours = DBTaskResult.objects.get()
    theirs = DBTaskResult.objects.get(pk=deliver_email.enqueue(email.pk).id)
    fields = [
        field.attname for field in DBTaskResult._meta.concrete_fields if field.attname not in ("id", "enqueued_at")
    ]
    assert {name: getattr(ours, name) for name in fields} == {name: getattr(theirs, name) for name in fields}
    assert ours.args_kwargs == {"args": [email.pk], "kwargs": {}}
    assert OutgoingEmail.objects.get().pk == email.pk and not email._state.adding
