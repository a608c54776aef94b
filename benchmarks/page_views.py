"""Processor time per request of pages served from the page cache, with page views counted and without.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark REDIS_URL=redis://127.0.0.1:6379/0 \\
       DEBUG=1 .venv/bin/python benchmarks/page_views.py [--requests 3000]

As benchmarks/page_cache.py: demo data in a throwaway database ("test_<name>"), the cache the settings
name (Redis with REDIS_URL). Each figure is the processor time this process spent per request
(time.process_time), over --requests requests, best of three rounds; then the same with a new user agent on
every request (the robot check's worst case: no answer kept), and the time the task worker's flush takes.
Redis's own processor time for the HINCRBY is not in these figures; benchmarks/production_load.py reads it.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache, caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks.pages import page_client  # noqa: E402
from page_views.counting import flush_page_views  # noqa: E402
from page_views.models import PageViewDay  # noqa: E402

PAGES = ["/en/districts/haizhu/", "/zh-hans/enterprises/flextv/", "/en/events/create-micro-dramas-in-haizhu-briefing/"]
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
COUNTING = "page_views.middleware.PageViewMiddleware"


def processor_ms_per_request(requests: int, *, counting: bool, new_user_agents: bool = False) -> float:
    middleware = [name for name in settings.MIDDLEWARE if counting or name != COUNTING]
    best = float("inf")
    with override_settings(MIDDLEWARE=middleware, PAGE_CACHE=True), page_client() as client:
        for url in PAGES:
            assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 200  # stored in the page cache
        for round_ in range(3):
            start = time.process_time()
            for number in range(requests):
                agent = f"{BROWSER} Round/{round_}.{number}" if new_user_agents else BROWSER
                response = client.get(PAGES[number % len(PAGES)], HTTP_USER_AGENT=agent)
            best = min(best, (time.process_time() - start) * 1000 / requests)
            assert response.status_code == 200
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    options = parser.parse_args()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_demo", verbosity=0)
        cache.clear()
        flush_page_views()
        print(f"cache backend: {caches['default'].__class__.__name__}; {options.requests} cached requests a round")
        off = processor_ms_per_request(options.requests, counting=False)
        on = processor_ms_per_request(options.requests, counting=True)
        fresh_agents = processor_ms_per_request(options.requests, counting=True, new_user_agents=True)
        print(f"processor ms per cached request, counting off: {off:.3f}")
        print(f"processor ms per cached request, counting on:  {on:.3f} ({on - off:+.3f})")
        print(f"  the same, a new user agent every request: {fresh_agents:.3f} ({fresh_agents - off:+.3f})")
        start = time.perf_counter()
        moved = flush_page_views()
        rows = PageViewDay.objects.count()
        print(f"flush: {moved} views into {rows} rows in {(time.perf_counter() - start) * 1000:.1f} ms")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
