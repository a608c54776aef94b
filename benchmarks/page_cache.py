"""Times the main public pages in process, rendered afresh and served from the page cache, with their queries.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       DEBUG=1 .venv/bin/python benchmarks/page_cache.py [--repeat 30] [--profile /en/districts/haizhu/]

The demo data go into a throwaway database next to the one in DATABASE_URL (Django's test
database, "test_<name>"), created for the run and dropped at the end. The cache is the one the
settings name: Redis with REDIS_URL, else the in-process one. --profile prints where an
uncached render of one page spends its time (cProfile, by cumulative time, the parts worth reading).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache, caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from benchmarks.pages import measure, page_client  # noqa: E402

PAGES = [
    "/en/",
    "/en/districts/",
    "/en/districts/haizhu/",
    "/en/incentives/?category=subsidy",
    "/en/incentives/finder/?stage=startup&segment=production",
    "/en/districts/compare/?d=haizhu&d=linping",
    "/en/enterprises/",
    "/en/enterprises/?q=drama",
    "/zh-hans/enterprises/?q=短剧",
    "/en/enterprises/flextv/",
    "/en/events/",
    "/en/events/create-micro-dramas-in-haizhu-briefing/",
    "/en/events/create-micro-dramas-in-haizhu-briefing/register/",
]


# Searches timed with a different query string on every request (an extra parameter the filters
# ignore), so the page itself is never in the cache; the facet counts of the search may be.
SEARCHES = ["/en/enterprises/", "/en/enterprises/?q=drama", "/zh-hans/enterprises/?q=短剧&segment=production"]


def measure_each_new(client, url: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds of `repeat` first visits to variants of this address, and the queries of the last."""
    separator = "&" if "?" in url else "?"
    client.get(url)
    timings = []
    for visit in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(f"{url}{separator}visit={visit}")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries)


# The parts of a page's cost worth reading: the request, the template, includes, form widgets,
# the queries run, and the page cache itself.
PROFILED = (
    r"(base.py:.*get_response|template/response|loader_tags|forms/(boundfield|renderers|widgets)|_fetch_all|page_cache)"
)


def profile(client, url: str) -> None:
    with override_settings(PAGE_CACHE=False):
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            client.get(url)
        profiler.disable()
    print(f"\ncProfile of 20 uncached renders of {url}:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(PROFILED, 25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", metavar="URL", help="profile the uncached render of this page")
    options = parser.parse_args()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_demo", verbosity=0)
        cache.clear()
        backend = caches["default"].__class__.__name__
        print(f"cache backend: {backend}; {options.repeat} requests per figure after a warm-up\n")
        print(f"{'page':<62} {'uncached ms':>11} {'queries':>8} {'cached ms':>10} {'queries':>8}")
        with page_client() as client:
            for url in PAGES:
                with override_settings(PAGE_CACHE=False):
                    fresh, _, fresh_queries = measure(client, url, options.repeat)
                with override_settings(PAGE_CACHE=True):
                    cached, _, cached_queries = measure(client, url, options.repeat)
                print(f"{url:<62} {fresh:>11.1f} {fresh_queries:>8} {cached:>10.2f} {cached_queries:>8}")
            heading = f"{'no cache ms':>11} {'queries':>8} {'facets kept':>11} {'queries':>8}"
            print(f"\n{'search, a new query string each request':<62} {heading}")
            for url in SEARCHES:
                with override_settings(PAGE_CACHE=False):
                    fresh, fresh_queries = measure_each_new(client, url, options.repeat)
                with override_settings(PAGE_CACHE=True):
                    kept, kept_queries = measure_each_new(client, url, options.repeat)
                print(f"{url:<62} {fresh:>11.1f} {fresh_queries:>8} {kept:>11.1f} {kept_queries:>8}")
            if options.profile:
                profile(client, options.profile)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
