"""A database from before foundation/, when the outbox of emails lived in the project package, migrates
with its emails, their queued tasks and the staff's permission to send them again."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult

from foundation.models import OutgoingEmail
from foundation.tasks import deliver_email

PREVIOUS_LAYOUT = [("haizhu_portal", "0004_outgoing_email_resend_permission")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_an_outbox_from_the_previous_layout_keeps_its_emails_queued_tasks_and_permission(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    migrate(PREVIOUS_LAYOUT)
    # The model as it stood then: columns added to the outbox since are not in that table yet.
    then = MigrationExecutor(connection).loader.project_state(PREVIOUS_LAYOUT).apps
    email = then.get_model("haizhu_portal", "OutgoingEmail").objects.create(
        to="li@example.com", subject="Waiting list", body="Your place"
    )
    deliver_email.enqueue(email.pk)
    # The task as the previous layout queued it, under the module path it had then.
    DBTaskResult.objects.update(task_path="haizhu_portal.tasks.deliver_email")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert OutgoingEmail._meta.db_table == "haizhu_portal_outgoingemail"
    assert OutgoingEmail.objects.get(pk=email.pk).to == "li@example.com"
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["foundation.tasks.deliver_email"]
    # Its task is found, so the sweep does not queue the email a second time.
    assert not OutgoingEmail.objects.unqueued().exists()
    assert Permission.objects.filter(content_type__app_label="haizhu_portal", codename="resend_outgoingemail").exists()
