"""The events' background tasks, run by the task worker (haizhu_portal's task_worker command)."""

from django.db import transaction
from django.db.models import OuterRef
from django.db.models.functions import JSONArray
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from events.models import AttendeeMessage
from events.services import message_emails_queue_batch


@task()
def message_emails_store(message_id: int, *, batch_size: int) -> str:
    """Store one batch of a message's emails, then leave the next batch to a task of its own, so the emails
    already stored go out meanwhile. A worker killed midway leaves its task "running" and the batch
    undone: the worker's sweep (events.services.messages_queue_unfinished) gives the message a task again."""
    message = AttendeeMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "no such message"
    with transaction.atomic():
        more = message_emails_queue_batch(message=message, batch_size=batch_size)
        if more:
            message_emails_queue_later(message_id, batch_size)
    return "more to store" if more else "stored"


def message_emails_queue_later(message_id: int, batch_size: int) -> None:
    """Have the task worker store the message's emails once the current transaction commits."""
    if isinstance(message_emails_store.get_backend(), DatabaseBackend):
        # The task is a row in the same database: it commits, or rolls back, with the message (or the batch).
        message_emails_store.enqueue(message_id, batch_size=batch_size)
    else:
        transaction.on_commit(lambda: message_emails_store.enqueue(message_id, batch_size=batch_size))


def store_tasks():
    """The task queue's rows storing the emails of the message OuterRef("pk"), in a subquery."""
    return DBTaskResult.objects.filter(
        task_path=message_emails_store.module_path, args_kwargs__args=JSONArray(OuterRef("pk"))
    )
