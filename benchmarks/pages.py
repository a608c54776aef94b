"""Shared by the benchmarks: time a page through Django's test client and count its queries."""

import statistics
import time
from contextlib import contextmanager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings


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


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    """Median and worst milliseconds over `repeat` requests after a warm-up, and the queries of one."""
    client.get(url)
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), max(timings), len(queries)
