from django.core.management.base import BaseCommand

from districts import demo as district_demo
from enterprises import demo as enterprise_demo
from events import demo as event_demo
from meetings import demo as meeting_demo
from search import index as search_index


class Command(BaseCommand):
    help = (
        "Load the demo data built from the seed texts. Safe to run again: it creates missing rows only and "
        "keeps what staff changed, unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite demo rows with the seed texts, undoing changes made to them.",
        )

    def handle(self, *args, reset=False, **options):
        counts = district_demo.load(reset=reset)
        counts.update(enterprise_demo.load(reset=reset))
        counts.update(event_demo.load(reset=reset))
        counts.update(meeting_demo.load(reset=reset))
        # The demos rename some rows by bulk updates, which send no save signals.
        counts["records searched"] = search_index.rebuild()
        self.stdout.write(self.style.SUCCESS("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
