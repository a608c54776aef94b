from django.core.management.base import BaseCommand

from districts import demo as district_demo
from enterprises import demo as enterprise_demo
from events import demo as event_demo


class Command(BaseCommand):
    help = "Load the demo data built from the seed texts. Safe to run again: it updates in place."

    def handle(self, *args, **options):
        counts = district_demo.load()
        counts.update(enterprise_demo.load())
        counts.update(event_demo.load())
        self.stdout.write(self.style.SUCCESS("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
