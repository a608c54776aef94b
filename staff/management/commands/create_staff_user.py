from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from staff.roles import STAFF_ROLES, StaffUserError, staff_user_create


class Command(BaseCommand):
    help = (
        "Create a staff account for a role: an administrator (everything), a bureau editor of one or more "
        "districts (their profile, incentives, enterprises, inquiries), or an organiser of one or more events "
        "(their registrations and check-in). For example: "
        "create_staff_user li --role editor --district haizhu --district linping. "
        "The account gets no password: set one with changepassword."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=STAFF_ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument("--district", action="append", default=[], help="District slug (editors); repeatable.")
        parser.add_argument("--event", action="append", default=[], help="Event slug (organisers); repeatable.")

    def handle(self, *args, username, role, email, district, event, **options):
        try:
            user = staff_user_create(username=username, email=email, role=role, districts=district, events=event)
        except StaffUserError as error:
            raise CommandError(str(error))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        scope = ", ".join(district or event) or "everything"
        self.stdout.write(self.style.SUCCESS(f"Created {role} “{user.username}” for {scope}."))
        self.stdout.write(f"Set a password with: manage.py changepassword {user.username}")
