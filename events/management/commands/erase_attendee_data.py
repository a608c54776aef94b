from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.services import attendee_data_erase


class Command(BaseCommand):
    help = (
        "Erase attendee personal data (names, emails, organisations, phones and the emails sent to them) "
        "of events that ended more than --days days ago. Counts by status and check-ins are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True, help="Keep data this many days after an event ends.")

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        erased = attendee_data_erase(ended_before=timezone.now() - timedelta(days=days))
        self.stdout.write(
            self.style.SUCCESS(
                "Erased {registrations} registrations of {events} events, and {emails} stored emails.".format(**erased)
            )
        )
