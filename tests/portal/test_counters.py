"""Counters in the shared cache (foundation/counters.py): the form limits and the content versions count on them,
through Redis in production and the per-process cache in development, alike."""

import time
import uuid

import pytest
import redis
from django.core.cache import caches

from foundation import limits
from foundation.content_versions import EVENTS, content_changed, content_versions
from foundation.counters import incremented
from tests.portal.test_limits import redis_url


@pytest.fixture(params=["redis", "per process"])
def shared_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "haizhu_portal.redis_cache.RedisCache",
                "LOCATION": redis_url(),
                "KEY_PREFIX": f"counters-{uuid.uuid4().hex}",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    yield caches["default"]
    caches["default"].clear()


def test_each_counter_starts_from_its_own_value_and_counts_on(shared_cache):
    counters = {"seen": (0, 60), "version": (1_000, None)}
    assert incremented(counters) == [1, 1_001]
    assert incremented(counters) == [2, 1_002]
    assert shared_cache.get("seen") == 2 and shared_cache.get("version") == 1_002


def test_a_counter_expires_after_its_timeout_set_when_it_was_created(shared_cache):
    assert incremented({"short": (0, 1)}) == [1]
    assert incremented({"short": (0, 100)}) == [2]  # a later timeout does not extend the window
    time.sleep(1.1)
    assert shared_cache.get("short") is None
    assert incremented({"short": (0, 1)}) == [1]


def test_in_redis_a_counter_with_no_timeout_never_expires_and_one_with_a_timeout_does(settings):
    url = redis_url()
    settings.CACHES = {
        "default": {
            "BACKEND": "haizhu_portal.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"counters-{uuid.uuid4().hex}",
        }
    }
    incremented({"kept": (5, None), "window": (0, 120)})
    kept, window = caches["default"].make_key("kept"), caches["default"].make_key("window")
    server = redis.Redis.from_url(url)
    try:
        assert server.ttl(kept) == -1
        assert 110 < server.ttl(window) <= 120
    finally:
        server.delete(kept, window)


def test_a_limit_counts_every_counter_of_an_attempt_even_over_another_limit(shared_cache):
    strict, loose = limits.Limit("strict", 1), limits.Limit("loose", 10)
    attempts = [limits.counted_within(strict.counter("li@example.com"), loose.counter("venue")) for _ in range(3)]
    assert attempts == [True, False, False]
    assert shared_cache.get(loose.key("venue")) == 3


@pytest.mark.django_db
def test_a_content_version_lost_from_the_cache_restarts_above_every_number_it_had(shared_cache, settings):
    settings.PAGE_CACHE = True
    before = int(content_versions([EVENTS]))
    content_changed(EVENTS)
    bumped = int(content_versions([EVENTS]))
    assert bumped == before + 1
    shared_cache.delete(f"content-version:{EVENTS}")  # evicted
    started = time.time_ns()
    content_changed(EVENTS)
    assert int(content_versions([EVENTS])) > max(bumped, started)
