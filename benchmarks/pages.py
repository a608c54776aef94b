"""Shared by the benchmarks: time a page through Django's test client and count its queries."""

import itertools
import statistics
import time
from contextlib import contextmanager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

# The pages page_processor_time.py times and page_instructions.py counts: rendered fresh (each request with a
# parameter of its own, which the page ignores), and served from the page cache.
FRESH_PAGES = [
    "/en/enterprises/?q=drama",
    "/zh-hans/enterprises/?q=短剧&segment=production",
    "/en/incentives/?category=subsidy",
    "/zh-hans/incentives/",
]
CACHED_PAGES = ["/en/", "/en/enterprises/?q=drama", "/en/incentives/?category=subsidy", "/en/events/"]


@contextmanager
def page_client():
    """A test client that serves pages as production would, minus https and the static manifest."""
    with override_settings(
        DEBUG=True,
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield Client()


def measure(client: Client, url: str, repeat: int, *, unstored: bool = False) -> tuple[float, float, int]:
    """Median and worst milliseconds over `repeat` requests after a warm-up, and the queries of one. With
    `unstored`, each request is for an address never asked before (`url`, which has a query string, with a
    parameter the page ignores added), so that the page cache, when on, misses every time."""
    addresses = (f"{url}&unstored={next(UNSTORED)}" if unstored else url for _ in range(repeat + 1))
    client.get(next(addresses))
    timings = []
    for address in addresses:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(address)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (address, response.status_code)
    return statistics.median(timings), max(timings), len(queries)


UNSTORED = itertools.count()
