"""Times directory searches at 100,000 enterprises, a different one each request, as a crowd sends them.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
       .venv/bin/python benchmarks/varied_searches.py [--requests 400] [--no-cache] [--verbose] [--explain 3]

Reads the large data set (build it first with benchmarks/large_dataset.py). The requests are
production_load's varied searches (a keyword, a district, sometimes a segment), in its order,
through Django's test client. No page repeats, so none comes from the page cache; the facet
counts start from a cold cache and are kept as in production (a keyword's district counts serve
every district chosen with it), or, with --no-cache, are counted afresh for every request.
Prints the median, p90 and slowest wall and database time per request, for the whole run and
its second half, the queries per request, and with --explain the plans of the slowest request.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from benchmarks.pages import page_client  # noqa: E402
from benchmarks.production_load import varied_searches  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from foundation.content_versions import ENTERPRISES, content_changed  # noqa: E402


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--explain", type=int, default=0, help="plans of this many slowest queries")
    parser.add_argument("--verbose", action="store_true", help="one line per request")
    parser.add_argument(
        "--no-cache", action="store_true", help="count every facet afresh (as if the shared cache were empty)"
    )
    arguments = parser.parse_args()
    print(f"{Enterprise.objects.count():,} enterprises; figures are noisy on a shared machine.")
    walls, database, counts, slowest = [], [], [], (0, None, None)
    with page_client() as client, override_settings(PAGE_CACHE=not arguments.no_cache):
        client.get("/en/enterprises/?q=warm-up")
        # Every figure kept so far is stale from here: the run starts from a cold cache.
        content_changed(ENTERPRISES)
        for path in varied_searches()[: arguments.requests]:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                wall = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (path, response.status_code)
            in_database = sum(float(query["time"]) for query in queries.captured_queries) * 1000
            walls.append(wall)
            database.append(in_database)
            counts.append(len(queries))
            if arguments.verbose:
                found = re.search(rb'id="results-heading"[^>]*>([\d,]+)', response.content).group(1).decode()
                print(f"{path:70} {found:>6} found {wall:8.1f} ms {in_database:8.1f} ms in db {len(queries):3} queries")
            if wall > slowest[0]:
                slowest = (wall, path, list(queries.captured_queries))
    print(f"{len(walls)} different searches, " + ("nothing cached" if arguments.no_cache else "from a cold cache"))
    half = len(walls) // 2
    print(f"{'':38} {'median':>8} {'p90':>8} {'max':>8}")
    for label, values in (
        ("wall ms per request", walls),
        ("database ms per request", database),
        ("wall ms, second half of the run", walls[half:]),
        ("database ms, second half of the run", database[half:]),
    ):
        deciles = statistics.quantiles(values, n=10)
        print(f"{label:38} {statistics.median(values):8.1f} {deciles[-1]:8.1f} {max(values):8.1f}")
    print(f"queries per request: {min(counts)} to {max(counts)}")
    if arguments.explain:
        wall, path, queries = slowest
        print(f"\nSlowest request, {wall:.0f} ms: {path}")
        for query in sorted(queries, key=lambda query: -float(query["time"]))[: arguments.explain]:
            print(f"\n{float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}\n{explain(query['sql'])}")


if __name__ == "__main__":
    main()
