"""What /healthz reports beyond the database: whether emails go out and a task worker runs."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from foundation.models import OutgoingEmail

# A task worker's sweep queues again, every 30 seconds, an email whose worker died; one left longer than
# this means no worker sweeps.
EMAIL_STUCK_AFTER = timedelta(minutes=1)


def database_task_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def stuck_emails() -> int:
    """How many pending emails no task waits to send and no worker has taken up for a minute."""
    if not database_task_queue():
        return 0
    return OutgoingEmail.objects.stuck(since=timezone.now() - EMAIL_STUCK_AFTER).count()


def email_delay() -> timedelta | None:
    """How long the oldest unsent email has waited, or None when none waits."""
    oldest = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).aggregate(oldest=Min("created_at"))
    return timezone.now() - oldest["oldest"] if oldest["oldest"] else None


def task_delay() -> timedelta | None:
    """How long the oldest task due to run has waited for a worker, or None when none waits.

    Only the database task queue can be asked; with any other backend there is nothing to wait.
    """
    if not database_task_queue():
        return None
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))
    return timezone.now() - oldest["oldest"] if oldest["oldest"] else None


def delivery_problems() -> dict[str, str]:
    """Each check that is late, with a short reason; empty when emails and tasks flow."""
    problems = {}
    waited = email_delay()
    if stuck := stuck_emails():
        problems["email"] = f"{stuck} unsent email(s) stuck: no task will send them"
    elif waited and waited > timedelta(minutes=settings.HEALTH_EMAIL_MAX_WAIT_MINUTES):
        problems["email"] = f"oldest unsent email waiting {int(waited.total_seconds() // 60)} min"
    waited = task_delay()
    if waited and waited > timedelta(minutes=settings.HEALTH_TASK_MAX_WAIT_MINUTES):
        problems["worker"] = f"no worker has taken a task for {int(waited.total_seconds() // 60)} min"
    return problems
