from django.core.management.base import BaseCommand

from events.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email confirmed attendees of events that start tomorrow (Asia/Shanghai). "
        "Run it daily or hourly: nobody gets the same reminder twice."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(self.style.SUCCESS(f"Reminders queued: {sent}"))
