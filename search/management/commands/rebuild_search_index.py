import time

from django.core.management.base import BaseCommand

from search import index
from search.kinds import KINDS, KINDS_BY_KEY


class Command(BaseCommand):
    help = "Writes the search index afresh from the records: after a bulk load or import that sent no save signals."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=list(KINDS_BY_KEY), help="only these kinds")

    def handle(self, *args, kind=None, **options):
        start = time.perf_counter()
        kinds = [KINDS_BY_KEY[key] for key in kind] if kind else KINDS
        total = index.rebuild(kinds)
        self.stdout.write(f"{total} records indexed in {time.perf_counter() - start:.1f} s.")
