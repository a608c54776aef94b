"""An email whose task a dead worker left: the sweep queues it again, health names it, staff send it again.
The worker processes themselves, killed for real, are in test_worker_kill."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from foundation.emails import email_sweep
from foundation.models import OutgoingEmail
from foundation.tasks import deliver_email
from tests.portal.test_roles import admin_url, client_for, send_again, world  # noqa: F401  (world: a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def left_by_a_dead_worker(*, minutes_ago=0) -> OutgoingEmail:
    """A pending email whose task a worker claimed and never finished."""
    moment = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    email = OutgoingEmail.objects.create(to="li@example.com", subject="Waiting list", body="Your place")
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=moment)
    deliver_email.enqueue(email.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=moment, worker_ids=["dead"])
    return email


def run_ready_tasks() -> list[str]:
    """What a worker would do with the tasks now due, in this process."""
    results = []
    for task in DBTaskResult.objects.ready():
        task.claim("test")
        results.append(deliver_email.call(*task.args_kwargs["args"]))
        task.set_successful(results[-1])
    return results


def test_the_sweep_queues_again_an_email_a_dead_worker_left_and_it_goes_once(database_tasks, mailoutbox):
    email = left_by_a_dead_worker()
    assert email_sweep() == 1
    assert email_sweep() == 0  # queued now: a second sweep adds nothing
    assert run_ready_tasks() == ["sent"]
    assert [message.to for message in mailoutbox] == [["li@example.com"]]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_the_sweep_leaves_queued_emails_and_those_waiting_for_their_retry(database_tasks):
    OutgoingEmail.objects.create(to="a@example.com", subject="s", body="b")
    deliver_email.enqueue(OutgoingEmail.objects.get().pk)
    failing = OutgoingEmail.objects.create(to="b@example.com", subject="s", body="b")
    with mock.patch("foundation.tasks.EmailMessage.send", side_effect=OSError("connection refused")):
        assert deliver_email.call(failing.pk) == "failed"
    # The retry is queued with the failed attempt, deferred: the email is not stranded meanwhile.
    retry = DBTaskResult.objects.get(args_kwargs__args=[failing.pk])
    assert retry.status == TaskResultStatus.READY and retry.run_after > timezone.now()
    OutgoingEmail.objects.create(to="c@example.com", subject="s", body="b", status=OutgoingEmail.Status.SENT)
    assert email_sweep() == 0
    assert DBTaskResult.objects.count() == 2


def test_an_email_going_twice_through_the_queue_is_sent_once(database_tasks, mailoutbox):
    email = OutgoingEmail.objects.create(to="li@example.com", subject="s", body="b")
    deliver_email.enqueue(email.pk)
    deliver_email.enqueue(email.pk)
    assert run_ready_tasks() == ["sent", "nothing to send"]
    assert len(mailoutbox) == 1


def test_health_says_degraded_while_an_email_is_stuck_for_a_minute(database_tasks, client):
    email = left_by_a_dead_worker(minutes_ago=0.5)
    # Half a minute: a running worker's sweep (every 30 seconds) may yet queue it again.
    assert client.get("/healthz").json()["email"] == "ok"
    DBTaskResult.objects.update(started_at=timezone.now() - datetime.timedelta(minutes=1, seconds=1))
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    health = client.get("/healthz").json()
    assert health["status"] == "degraded"
    assert health["email"] == "1 unsent email(s) stuck: no task will send them"
    assert health["worker"] == "ok"  # no task waits for a worker: only the email says what is wrong
    email_sweep()
    assert client.get("/healthz").json()["status"] == "ok"


def test_staff_send_a_stuck_pending_email_again_and_it_is_in_its_history(
    database_tasks,
    world,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    email = OutgoingEmail.objects.filter(inquiry=world["a"]["inquiry"]).first()
    assert email.status == OutgoingEmail.Status.PENDING
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["dead"])
    editor = client_for(world["a"]["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(editor, email)
    assert "1 unsent email queued again." in response.content.decode()
    assert run_ready_tasks() == ["sent"]
    assert [message.to for message in mailoutbox] == [[email.to]]
    history = editor.get(f"{admin_url(email, 'list')}{email.pk}/history/").content.decode()
    assert "Sent again" in history and "editor-a" in history
