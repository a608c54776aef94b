import contextlib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from foundation.compiled import model_from_row
from foundation.models import OutgoingEmail
from foundation.task_queue import TaskQueue

MAX_ATTEMPTS = 5
TABLE = OutgoingEmail._meta.db_table
# What sending reads of an email, and what a failure writes back.
SENDING_FIELDS = [
    field
    for field in OutgoingEmail._meta.concrete_fields
    if field.name in {"id", "to", "subject", "body", "headers", "attachments", "attempts", "status", "last_error"}
]


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=2**attempts)


@task()
def deliver_email(email_id: int) -> str:
    """Send one stored email; on failure keep it, note the error and try again later.
    The task worker runs these tasks as email_task_run, in fewer statements."""
    with transaction.atomic():
        email = email_to_send(email_id)
        if email is None:
            return "nothing to send"
        outcome = email_send(email)
        if outcome == "sent":
            with connection.cursor() as cursor:
                cursor.execute(*email_sent_statement(email))
        return outcome


def email_task_run(task: DBTaskResult, queue: TaskQueue, *, claim_next: bool, mail=None) -> DBTaskResult | None:
    """deliver_email's task, run by the task worker in the email's transaction: the email locked and read in
    one statement, sent, then marked sent with its task finished (and, with `claim_next`, the next due task
    claimed and returned) in another. An email sent and not yet marked is still locked: no other worker sends
    it, and a worker killed meanwhile leaves it pending, as deliver_email does. `mail`: see email_send."""
    (email_id,) = task.args_kwargs["args"]
    with transaction.atomic():
        email = email_to_send(email_id)
        if email is None:
            return queue.finish(task, "nothing to send", claim_next=claim_next)
        outcome = email_send(email, mail)
        sent = email_sent_statement(email) if outcome == "sent" else None
        return queue.finish(task, outcome, first=sent, claim_next=claim_next)


def email_to_send(email_id: int) -> OutgoingEmail | None:
    """The email, locked until the transaction ends, with this attempt counted (to be saved with its outcome);
    None if it is gone or was sent (by a worker that held the lock meanwhile, too: the row is read again once
    that one commits)."""
    columns = ", ".join(f'"{field.column}"' for field in SENDING_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {TABLE} WHERE id = %s AND status <> %s FOR NO KEY UPDATE",
            [email_id, OutgoingEmail.Status.SENT],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    email = model_from_row(OutgoingEmail, SENDING_FIELDS, row)
    email.attempts += 1
    return email


def email_send(email: OutgoingEmail, mail=None) -> str:
    """Send a locked email: "sent", or "failed" with the error noted and a retry scheduled while attempts
    remain (then the email is failed, never dropped). `mail`: an email backend (django.core.mail.get_connection)
    that the caller keeps open from one email to the next and closes; after a failure it is closed here, so
    the next email opens a fresh connection."""
    try:
        if mail is not None:
            mail.open()  # nothing to do while it is open
        message = EmailMessage(
            email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], headers=email.headers, connection=mail
        )
        for attachment in email.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
        message.send()
    except Exception as error:  # any transport error: keep the row, never drop the email
        if mail is not None:
            mail_close(mail)
        email.last_error = f"{type(error).__name__}: {error}"
        if email.attempts < MAX_ATTEMPTS:
            if isinstance(deliver_email.get_backend(), DatabaseBackend):
                # The retry commits with the attempt: no moment when the email waits on no task.
                schedule_retry(email)
            else:
                transaction.on_commit(lambda: schedule_retry(email))
        else:
            email.status = OutgoingEmail.Status.FAILED
        email.save(update_fields=["attempts", "last_error", "status"])
        return "failed"
    return "sent"


def email_sent_statement(email: OutgoingEmail) -> tuple[str, list]:
    """The statement (sql, params) that marks a sent email sent."""
    return (
        f"UPDATE {TABLE} SET status = %s, sent_at = %s, last_error = '', attempts = %s WHERE id = %s",
        [OutgoingEmail.Status.SENT, timezone.now(), email.attempts, email.pk],
    )


def mail_close(mail) -> None:
    """Close a connection that email_send kept open; one that broke closes as it can."""
    with contextlib.suppress(Exception):
        mail.close()


def schedule_retry(email: OutgoingEmail) -> None:
    if deliver_email.get_backend().supports_defer:
        deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(email.pk)
