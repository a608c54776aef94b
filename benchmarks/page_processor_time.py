"""Processor time of one page, in process: this Python process and its PostgreSQL backend, from their counters.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python benchmarks/page_processor_time.py [--repeat 200]

Wall time on a shared machine swings with whatever else runs; the processor time a request costs
the processes serving it does not. For each page this prints the median over rounds of the
milliseconds per request spent by this process (Django: middleware, view, ORM, templates) and by
its PostgreSQL backend (read from /proc, as benchmarks/processor_time.py does for the whole stack):
- rendered fresh: the directory search and the incentive catalogue with a different query string
  each request (an extra parameter the filters ignore), so the page is never served from the
  cache; the facet counts of the search may be, as in production;
- served from the page cache: the same pages, the same address every request.
The demo data go into a throwaway database ("test_<name>"), created for the run and dropped at the
end (kept for the next run with --keepdb); with --existing, the data in DATABASE_URL as they are (say
benchmarks/large_dataset.py --scale 0.1's, whose pages list twenty cards as production's do). The
cache is the one the settings name (Redis with REDIS_URL).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks.pages import CACHED_PAGES, FRESH_PAGES, page_client  # noqa: E402
from benchmarks.processor_time import snapshot, spent  # noqa: E402
from districts.models import District  # noqa: E402


def processor_ms(client, addresses) -> tuple[float, float]:
    """Milliseconds per request of this process and of PostgreSQL (this database's backends and the
    shared processes) over these requests."""
    database_before, own_before = snapshot(), time.process_time()
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
    own = time.process_time() - own_before
    database = spent(database_before, snapshot())["PostgreSQL"]
    return 1000 * own / len(addresses), 1000 * database / len(addresses)


def rounds(client, make_addresses, count: int = 5) -> str:
    """`count` rounds of requests: the median of each part's per-request time, and the range of the sum."""
    results = [processor_ms(client, make_addresses(number)) for number in range(count)]
    own = statistics.median(result[0] for result in results)
    database = statistics.median(result[1] for result in results)
    totals = sorted(sum(result) for result in results)
    return f"{own:>8.2f} {database:>9.2f} {own + database:>7.2f}   ({totals[0]:.2f}-{totals[-1]:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200, help="requests per round (five rounds per page)")
    parser.add_argument("--keepdb", action="store_true", help="keep the database with its demo data for the next run")
    parser.add_argument(
        "--existing", action="store_true", help="use DATABASE_URL's data as it is (benchmarks/large_dataset.py's)"
    )
    options = parser.parse_args()
    if options.existing:
        options.keepdb = True
    else:
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=options.keepdb)
    try:
        if not District.objects.exists():
            call_command("load_demo", verbosity=0)
        cache.clear()
        print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        print(f"processor ms per request, median of 5 rounds of {options.repeat} (range of the total)\n")
        print(f"{'page':<52} {'django':>8} {'postgres':>9} {'total':>7}")
        with page_client() as client, override_settings(DEBUG=False, PAGE_CACHE=True):
            print("rendered fresh (a new query string each request):")
            for url in FRESH_PAGES:
                separator = "&" if "?" in url else "?"
                client.get(url)
                figures = rounds(
                    client,
                    lambda number, url=url: [
                        f"{url}{separator}visit={number}-{visit}" for visit in range(options.repeat)
                    ],
                )
                print(f"  {url:<50} {figures}")
            print("served from the page cache (the same address each request):")
            for url in CACHED_PAGES:
                client.get(url)
                figures = rounds(client, lambda number, url=url: [url] * options.repeat)
                print(f"  {url:<50} {figures}")
        print(f"\nload average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    finally:
        if not options.keepdb:
            connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
