import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email

from staff.privacy import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = (
        "One person's data under the PIPL, by email address, across event registrations, inquiries, alert "
        "subscriptions and stored emails: `personal_data export EMAIL` prints it as JSON; "
        "`personal_data erase EMAIL --yes` erases it (counts by event and district stay)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirm an erasure; it cannot be undone.")

    def handle(self, *args, action, email, yes, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not an email address.")
        if action == "export":
            data = personal_data_export(email=email)
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            return
        if not yes:
            raise CommandError("Erasing cannot be undone: add --yes to confirm.")
        erased = personal_data_erase(email=email)
        self.stdout.write(
            self.style.SUCCESS(
                "Erased {registrations} registrations, {inquiries} inquiries, {submissions} enterprise submissions, "
                "{alert_subscriptions} alert subscriptions and {emails} stored emails.".format(**erased)
            )
        )
