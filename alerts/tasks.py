from django_tasks import task

from alerts.services import digests_send


@task()
def send_alert_digests() -> int:
    """The weekly digests, run by the background worker."""
    return digests_send()
