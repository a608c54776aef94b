from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail

from foundation import tasks
from foundation.emails import email_queue
from foundation.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def queue_one():
    return email_queue(
        to="investor@example.com",
        template="inquiry_received",
        context={
            "inquiry": SimpleNamespace(contact_name="Li", message="Hello"),
            "district": SimpleNamespace(name="海珠区", get_absolute_url=lambda: "/zh-hans/districts/haizhu/"),
        },
        language="zh-hans",
    )


def test_email_is_rendered_in_the_recipients_language_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_one()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.sent_at is not None
    assert mail.outbox[0].to == ["investor@example.com"]
    assert "您好" in mail.outbox[0].body and "海珠区" in mail.outbox[0].subject


def test_failed_sending_is_kept_and_retried_later_then_marked_failed(django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    email = queue_one()
    with mock.patch("foundation.tasks.EmailMessage.send", side_effect=OSError("connection refused")):
        for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                tasks.deliver_email.call(email.pk)
            email.refresh_from_db()
            assert email.attempts == attempt
            if attempt < tasks.MAX_ATTEMPTS:
                assert email.status == OutgoingEmail.Status.PENDING
                assert len(callbacks) == 1  # a deferred retry was scheduled
            else:
                assert email.status == OutgoingEmail.Status.FAILED
                assert callbacks == []
    assert "connection refused" in email.last_error
    with django_capture_on_commit_callbacks(execute=True):
        tasks.deliver_email.call(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_a_sent_email_is_never_sent_twice():
    email = OutgoingEmail.objects.create(to="a@example.com", subject="s", body="b", status=OutgoingEmail.Status.SENT)
    assert tasks.deliver_email.call(email.pk) == "nothing to send"
    assert mail.outbox == []
