"""A real task worker process moves the views counted in Redis to PostgreSQL on its own, every interval."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from page_views import counting
from page_views.models import PageViewDay
from tests.factories import DistrictFactory
from tests.processes import database_url_for_processes

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared_redis(settings):
    """Redis under a key prefix of this test's own, for the test and the worker process alike."""
    prefix = f"test-worker-page-views-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "haizhu_portal.redis_cache.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    }
    yield prefix
    client = counting.redis_client()
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_the_task_worker_moves_page_views_to_the_database_every_interval(transactional_db, shared_redis, tmp_path):
    DistrictFactory(slug="haizhu")
    visitor = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")
    for _ in range(3):
        assert visitor.get("/en/districts/haizhu/").status_code == 200
    counting.send_unsent()
    env = {key: value for key, value in os.environ.items() if key != "TASKS_BACKEND"}
    env.update(DATABASE_URL=database_url_for_processes(), REDIS_URL=REDIS, REDIS_KEY_PREFIX=shared_redis)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "task_worker",
            "--no-reload",
            "--no-startup-delay",
            "--page-views-interval",
            "0.2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not PageViewDay.objects.exists():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    finally:
        worker.kill()
        worker.wait(timeout=10)
    row = PageViewDay.objects.get()
    assert (row.kind, row.key, row.language, row.day, row.views) == (
        "district",
        "haizhu",
        "en",
        timezone.localdate(),
        3,
    )
