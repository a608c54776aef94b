"""Instructions a page costs the app server's process, counted by valgrind: the same on every run.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
       .venv/bin/python benchmarks/page_instructions.py [--requests 40]

page_processor_time.py's pages, on the data in DATABASE_URL as they are (make bench's large data set, say),
under callgrind (benchmarks/callgrind.py): each page rendered fresh (a new query string each request, which
the page ignores, so that the page cache misses; the facet counts of a search may be kept, as in production)
and served from the page cache. After a few requests to warm up, `--requests` of each page are counted, and
the instructions per request in this process are printed: Django, the ORM, psycopg and the Redis client, not
PostgreSQL's or Redis's own work. Compare two versions of the code with it on the same database, in turn.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

from benchmarks.callgrind import counted_run, counting, under_callgrind  # noqa: E402
from benchmarks.pages import CACHED_PAGES, FRESH_PAGES  # noqa: E402

WARM_UP = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40, help="counted per page, after a warm-up of 5")
    arguments = parser.parse_args()
    if under_callgrind():
        serve(arguments.requests)
        return
    totals = iter(counted_run())
    print(f"instructions per request in Django's process, {arguments.requests} requests a page counted:")
    for title, pages in (
        ("rendered fresh (a new query string each request)", FRESH_PAGES),
        ("from the page cache", CACHED_PAGES),
    ):
        print(f"  {title}:")
        for page in pages:
            print(f"    {page:52} {next(totals) / arguments.requests / 1e6:6.2f} million")


def serve(requests: int) -> None:
    """Inside callgrind: each page warmed up uncounted, then counted on its own."""
    import django

    django.setup()
    from django.test.utils import override_settings

    from benchmarks.pages import page_client
    from foundation.content_versions import AREAS, content_committed

    # A page an earlier run stored expires after PAGE_CACHE_SECONDS, maybe while this run counts it, and is
    # rendered again inside the count: every page is made stale first and stored by the warm-up for an hour.
    content_committed(*AREAS)
    with page_client() as client, override_settings(DEBUG=False, PAGE_CACHE_SECONDS=3600):
        for pages, fresh in ((FRESH_PAGES, True), (CACHED_PAGES, False)):
            for page in pages:
                addresses = [unstored(page, number) if fresh else page for number in range(WARM_UP + requests)]
                for address in addresses[:WARM_UP]:
                    assert client.get(address).status_code == 200, address
                with counting():
                    for address in addresses[WARM_UP:]:
                        client.get(address)


def unstored(page: str, number: int) -> str:
    """The page's address with a parameter it ignores, never asked for before, in this run or an earlier one: the
    page cache misses. (This process's number, of a fixed width, tells runs apart.)"""
    return f"{page}{'&' if '?' in page else '?'}unstored={os.getpid():08d}-{number:04d}"


if __name__ == "__main__":
    main()
