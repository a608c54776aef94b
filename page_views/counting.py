"""Page views counted while pages are served, moved to PostgreSQL by the task worker.

With Redis, each process adds its views up in memory and sends them once a second, one HINCRBY per
page in one pipeline: a page costs a dictionary increment, not a round trip (benchmarks/page_views.py).
A process killed outright loses at most that second's views; one stopped as usual sends them as it exits.
`flush_page_views` renames the Redis hash to a batch of its own (atomic: views sent meanwhile start a new
hash), adds the batch to PostgreSQL and then deletes it. A worker stopped before it wrote a batch leaves
it in Redis for the next flush; stopped after, the batch's row in PageViewBatch, written in the same
transaction, keeps it from being added twice. Without Redis (development, tests) the counts sit in the
process's own cache, where only a flush in the same process sees them.
"""

import atexit
import logging
import re
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.utils import timezone
from redis.exceptions import ResponseError

from page_views.models import PageViewBatch, PageViewDay

PENDING = "page_views:pending"
# Without Redis: one cache entry per counter, and this entry listing them.
COUNTERS = "page_views:counters"
KINDS = set(PageViewDay.Kind.values)
SEND_SECONDS = 1.0

logger = logging.getLogger(__name__)
# This process's views not yet sent to Redis, and the thread that sends them.
unsent = Counter()
unsent_lock = threading.Lock()
sender: threading.Thread | None = None


def count_view(kind: str, key: str, language: str) -> None:
    counter = f"{timezone.localdate().isoformat()}|{kind}|{language}|{key}"
    if redis_client() is None:
        count_in_cache(counter)
        return
    with unsent_lock:
        unsent[counter] += 1
        start_sender()


def start_sender() -> None:
    """Started with the first view a process counts (after a server forks its workers, never before)."""
    global sender
    if sender is None or not sender.is_alive():
        sender = threading.Thread(target=send_every_second, name="page-views-sender", daemon=True)
        sender.start()


def send_every_second() -> None:
    while True:  # a daemon thread: it ends with its process, which sends the rest as it exits
        time.sleep(SEND_SECONDS)
        try:
            send_unsent()
        except Exception:  # Redis away for a moment: the views wait for the next second
            logger.exception("Sending the page views to Redis failed")


@atexit.register
def send_unsent() -> None:
    client = redis_client()
    if client is None:
        return
    with unsent_lock:
        views = dict(unsent)
        unsent.clear()
    if not views:
        return
    pending = cache.make_and_validate_key(PENDING)
    pipeline = client.pipeline(transaction=False)
    for counter, count in views.items():
        pipeline.hincrby(pending, counter, count)
    try:
        pipeline.execute()
    except Exception:
        with unsent_lock:
            unsent.update(views)
        raise


def redis_client():
    backend = caches["default"]
    # The Django cache's own client, on its connection pool: no connection of our own to keep.
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def count_in_cache(counter: str) -> None:
    entry = f"{PENDING}:{counter}"
    if cache.add(entry, 1, timeout=None):
        cache.set(COUNTERS, (cache.get(COUNTERS) or set()) | {counter}, timeout=None)
    else:
        cache.incr(entry)


def flush_page_views() -> int:
    """Move the views counted so far into PageViewDay; returns how many views were added."""
    if client := redis_client():
        send_unsent()  # what this process counted itself (in tests; the task worker serves no pages)
        return flush_redis(client)
    return flush_cache()


def flush_redis(client) -> int:
    pending = cache.make_and_validate_key(PENDING)
    try:
        client.rename(pending, f"{pending}:batch:{uuid.uuid4().hex}")
    except ResponseError:  # no such key: nothing counted since the last flush
        pass
    added = 0
    # This flush's batch, and any a stopped worker left.
    for batch in client.scan_iter(match=f"{glob_escape(pending)}:batch:*"):
        counts = {counter.decode(): int(views) for counter, views in client.hgetall(batch).items()}
        added += add_batch(batch.decode().rsplit(":", 1)[1], counts)
        client.delete(batch)
    PageViewBatch.objects.filter(flushed_at__lt=timezone.now() - timedelta(days=7)).delete()
    return added


def flush_cache() -> int:
    entries = {f"{PENDING}:{counter}": counter for counter in cache.get(COUNTERS) or ()}
    counts = {entries[entry]: views for entry, views in cache.get_many(entries).items() if views}
    added = add_batch(uuid.uuid4().hex, counts)
    for counter, views in counts.items():
        cache.decr(f"{PENDING}:{counter}", views)  # views counted meanwhile stay
    return added


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


UPSERT = """
    INSERT INTO {table} (kind, key, language, day, views)
    SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::date[], %s::integer[])
    ON CONFLICT (kind, key, language, day) DO UPDATE SET views = {table}.views + excluded.views
"""


def add_batch(batch_id: str, counts: dict[str, int]) -> int:
    """Add counts keyed "day|kind|language|key" to PageViewDay, once per batch id."""
    rows = [parse(counter) + (views,) for counter, views in counts.items()]
    rows = [row for row in rows if row[1] in KINDS]
    if not rows:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PageViewBatch._meta.db_table} (id, flushed_at) VALUES (%s, now()) ON CONFLICT DO NOTHING",
            [batch_id],
        )
        if cursor.rowcount == 0:
            return 0
        days, kinds, languages, keys, views = (list(column) for column in zip(*rows))
        cursor.execute(UPSERT.format(table=PageViewDay._meta.db_table), [kinds, keys, languages, days, views])
    return sum(views)


def parse(counter: str) -> tuple[date, str, str, str]:
    day, kind, language, key = counter.split("|", 3)
    return date.fromisoformat(day), kind, language, key
