from django.core.management.base import BaseCommand

from alerts.tasks import send_alert_digests


class Command(BaseCommand):
    """Hand the weekly alert digests to the background worker; run from cron (daily or weekly is fine:
    each person gets at most one digest in six days)."""

    help = "Queue the weekly alert digests for the background worker."

    def handle(self, *args, **options):
        result = send_alert_digests.enqueue()
        self.stdout.write(f"Alert digests queued ({result.id}).")
