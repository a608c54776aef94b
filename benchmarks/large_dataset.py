"""The large data set for load runs: 20 districts, 2,000 incentives, 100,000 enterprises with works,
1,000 events and 200,000 registrations, written in batches with bulk_create.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/large_dataset.py [--scale 1.0]

The database is emptied first, so its name must contain "bench". Everything is marked illustrative.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.enterprise_search import SENTENCES_EN, SENTENCES_ZH, random_enterprise  # noqa: E402
from deploy.local_stack import create_database_if_missing  # noqa: E402
from districts.models import District, Incentive, ValueChainSegment  # noqa: E402
from enterprises.models import Enterprise, Work  # noqa: E402
from events.models import Event, Registration  # noqa: E402
from search import index  # noqa: E402

BATCH = 5000
CITIES = [("广州", "广东"), ("杭州", "浙江"), ("郑州", "河南"), ("西安", "陕西"), ("成都", "四川")]


def require_bench_database() -> None:
    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to empty {name!r}: point DATABASE_URL at a database named *bench*.")


def in_batches(model, objects) -> int:
    batch, total = [], 0
    for item in objects:
        batch.append(item)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return total + len(batch)


def districts(count: int) -> list[District]:
    return District.objects.bulk_create(
        District(
            slug=f"district-{number}",
            name_zh_hans=f"示例{number}区",
            name_en=f"Example District {number}",
            city=CITIES[number % len(CITIES)][0],
            province=CITIES[number % len(CITIES)][1],
            tagline_en="A district generated for load runs.",
            tagline_zh_hans="为压测生成的区。",
            display_order=number,
        )
        for number in range(count)
    )


def incentives(rng: random.Random, all_districts: list[District], count: int):
    categories = Incentive.Category.values
    segments = ValueChainSegment.values
    for number in range(count):
        yield Incentive(
            district=all_districts[number % len(all_districts)],
            title_zh_hans=f"微短剧扶持政策{number}",
            title_en=f"Micro-drama support measure {number}",
            summary_zh_hans=rng.choice(SENTENCES_ZH),
            summary_en=rng.choice(SENTENCES_EN).strip(),
            category=categories[number % len(categories)],
            max_amount_cny=rng.choice([None, 100_000, 500_000, 1_000_000, 5_000_000]),
            segments=rng.sample(segments, 2),
            is_illustrative=True,
        )


def enterprises(rng: random.Random, all_districts: list[District], count: int):
    for number in range(count):
        yield random_enterprise(rng, number, all_districts)


def works(rng: random.Random, enterprise_ids: list[int]):
    kinds = Work.Kind.values
    for enterprise_id in enterprise_ids:
        for number in range(rng.randint(1, 3)):
            yield Work(
                enterprise_id=enterprise_id,
                title=f"短剧作品 {enterprise_id}-{number}",
                year=rng.randint(2018, 2026),
                kind=rng.choice(kinds),
                platform=rng.choice(["Douyin", "Kuaishou", "ReelShort", "DramaBox", ""]),
                is_illustrative=True,
            )


def events(rng: random.Random, all_districts: list[District], count: int, now):
    for number in range(count):
        # A third in the past, the rest spread over the coming year.
        starts = now + timedelta(days=rng.randint(-180, 365), hours=rng.randint(0, 23))
        yield Event(
            slug=f"event-{number}",
            district=all_districts[number % len(all_districts)],
            title_zh_hans=f"微短剧产业活动{number}",
            title_en=f"Micro-drama industry event {number}",
            summary_zh_hans=rng.choice(SENTENCES_ZH),
            summary_en=rng.choice(SENTENCES_EN).strip(),
            venue_zh_hans="会展中心",
            venue_en="Convention Centre",
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            capacity=rng.choice([100, 150, 200, 300]),
            state=Event.State.PUBLISHED,
            is_illustrative=True,
        )


def registrations(all_events: list[Event], per_event: int, now):
    roles = Registration.Role.values
    for event in all_events:
        for number in range(per_event):
            moment = now - timedelta(days=30) + timedelta(seconds=number)
            yield Registration(
                event=event,
                full_name=f"参会者{number}",
                email=f"person{number}@{event.slug}.example.com",
                organisation="示例影业",
                role=roles[number % len(roles)],
                consent=True,
                language="zh-hans" if number % 3 else "en",
                status=Registration.Status.CONFIRMED if number < event.capacity else Registration.Status.WAITING,
                created_at=moment,
                status_changed_at=moment,
            )


def build(scale: float = 1.0, seed: int = 20261125) -> dict:
    """Empty the database and fill it; return the counts written."""
    require_bench_database()
    rng = random.Random(seed)
    now = timezone.now()
    create_database_if_missing(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    counts = {}
    all_districts = districts(20)
    counts["districts"] = len(all_districts)
    counts["incentives"] = in_batches(Incentive, incentives(rng, all_districts, int(2000 * scale)))
    counts["enterprises"] = in_batches(Enterprise, enterprises(rng, all_districts, int(100_000 * scale)))
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True))
    counts["works"] = in_batches(Work, works(rng, enterprise_ids))
    counts["events"] = in_batches(Event, events(rng, all_districts, int(1000 * scale), now))
    counts["registrations"] = in_batches(Registration, registrations(list(Event.objects.all()), 200, now))
    # Written in bulk, without save signals: the search index is filled from them afterwards.
    counts["search index rows"] = index.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (0.01 for a quick try)")
    arguments = parser.parse_args()
    start = time.perf_counter()
    counts = build(arguments.scale)
    print(", ".join(f"{count:,} {name}" for name, count in counts.items()), f"in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
