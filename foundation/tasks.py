from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from foundation.models import OutgoingEmail

MAX_ATTEMPTS = 5


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=2**attempts)


@task()
def deliver_email(email_id: int) -> str:
    """Send one stored email; on failure keep it, note the error and try again later."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == OutgoingEmail.Status.SENT:
            return "nothing to send"
        email.attempts += 1
        try:
            message = EmailMessage(
                email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], headers=email.headers
            )
            for attachment in email.attachments:
                message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
            message.send()
        except Exception as error:  # any transport error: keep the row, never drop the email
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
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return "sent"


def schedule_retry(email: OutgoingEmail) -> None:
    if deliver_email.get_backend().supports_defer:
        deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(email.pk)
