"""Counters in the shared cache, several counted in one round trip to Redis.

Django's cache counts one key at a time, each in two round trips (its incr() asks whether the key exists,
then increments it), and a counter that may be missing needs an add() first. A registration's two limits took
six round trips, and its content version's bump two; each now takes one.
"""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def incremented(counters: dict[str, tuple[int, int | None]]) -> list[int]:
    """Add one to each counter and return the new values, in order. `counters` maps each key to the value a
    missing key starts from (so its first value is start + 1) and its timeout in seconds (None: no expiry);
    the timeout is set only when the key is created."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return [_incremented_one_by_one(cache, key, start, timeout) for key, (start, timeout) in counters.items()]
    # Django's Redis cache has no pipeline of its own: its client (its _cache) hands out the redis-py client.
    pipeline = cache._cache.get_client(write=True).pipeline(transaction=False)
    for key, (start, timeout) in counters.items():
        stored_key = cache.make_and_validate_key(key)
        # Django's Redis cache stores an integer as its digits, which INCR counts on, and reads it back as one.
        pipeline.set(stored_key, start, ex=timeout, nx=True)
        pipeline.incr(stored_key)
    results = pipeline.execute()
    return results[1::2]


def _incremented_one_by_one(cache, key: str, start: int, timeout: int | None) -> int:
    cache.add(key, start, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, start + 1, timeout=timeout)
        return start + 1
