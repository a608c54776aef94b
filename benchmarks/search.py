"""Times the site-wide search and its typeahead at scale: the page, the suggestions and the search alone.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       DEBUG=1 .venv/bin/python benchmarks/search.py [--enterprises 100000] [--load-seconds 60] [--repeat 15]

The records go into a throwaway database next to the one in DATABASE_URL (Django's test database,
"test_<name>"), created for the run and dropped at the end unless --keep is given: 20 districts,
2,000 incentives, 1,000 events and the enterprises of benchmarks/large_dataset.py, with the
synonyms of the search's migration. --load-seconds stops loading enterprises once that long has
passed (in whole batches of 5,000), for a machine where 100,000 take many minutes. As the records
are written in bulk, without save signals, the search index is then rebuilt (its time is printed).
The finder's partner lookup (districts/partners.py) is timed on the same data.

With REDIS_URL set (and REDIS_KEY_PREFIX to keep its keys apart), the page cache is on as in production,
and each page and suggestion is asked at an address never asked before: a visitor's first search, with
the content versions read and what each process keeps (the synonyms, the districts) kept.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from benchmarks.enterprise_search import random_enterprise  # noqa: E402
from benchmarks.large_dataset import BATCH, districts, events, in_batches, incentives  # noqa: E402
from benchmarks.pages import measure, page_client  # noqa: E402
from districts.models import District, Incentive, ValueChainSegment  # noqa: E402
from districts.partners import partners_for  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from events.models import Event  # noqa: E402
from search import index, selectors  # noqa: E402

# The searches and the benchmark data's own words: rare, broad, short, mixed, English forms.
SEARCHES = [
    "版权",
    "出海",
    "AI 短剧",
    "subsidies",
    "Linping subsidy",
    "横店",
    "短剧",
    "琥珀影业",
    "amber pictures",
    "drama",
]
TYPEAHEAD = ["琥", "琥珀", "短剧", "amber", "example district 3", "微短剧扶持"]


def load_enterprises(rng: random.Random, all_districts: list, count: int, seconds: float | None) -> float:
    """Enterprises in batches until `count` or, if given, `seconds` have passed; returns the seconds taken."""
    start = time.perf_counter()
    for first in range(0, count, BATCH):
        batch = [
            random_enterprise(rng, number, all_districts, rare=number % 1000 == 0)
            for number in range(first, min(first + BATCH, count))
        ]
        Enterprise.objects.bulk_create(batch)
        if seconds is not None and time.perf_counter() - start > seconds:
            break
    return time.perf_counter() - start


def generate(enterprise_count: int, seconds: float | None, seed: int = 20261206) -> tuple[float, float]:
    """The records, then the search index; the seconds each took."""
    rng = random.Random(seed)
    all_districts = districts(20)
    in_batches(Incentive, incentives(rng, all_districts, 2000))
    in_batches(Event, events(rng, all_districts, 1000, timezone.now()))
    taken = load_enterprises(rng, all_districts, enterprise_count, seconds)
    start = time.perf_counter()
    index.rebuild()
    indexed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return taken, indexed


def percentile_95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[-1] if len(timings) > 1 else timings[0]


def time_search(text: str, repeat: int) -> tuple[float, float, float, int]:
    """The search alone, as the page runs it for every kind: its median and 95th percentile ms, the median of
    this process's processor ms (what is not the database's), and the matches."""
    timings, processor, total = [], [], 0
    with translation.override("en"):
        for _ in range(repeat):
            start, start_processor = time.perf_counter(), time.process_time()
            found = selectors.published_districts()
            groups = selectors.search_every_kind(selectors.query_for(text, found))
            timings.append((time.perf_counter() - start) * 1000)
            processor.append((time.process_time() - start_processor) * 1000)
            total = sum(group.count for group in groups)
    return statistics.median(timings), percentile_95(timings), statistics.median(processor), total


def time_partners(repeat: int) -> list[tuple[str, float, float, int]]:
    """The finder's partner lookup for a production company: median and worst ms, and the queries of one."""
    every_district = list(District.objects.published().order_by("display_order"))
    timings = []
    for label, chosen in [("1 district", every_district[:1]), ("7 districts", every_district[:7])]:
        measured = []
        with translation.override("en"):
            for _ in range(repeat + 1):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    partners_for(chosen, [ValueChainSegment.PRODUCTION])
                    measured.append((time.perf_counter() - start) * 1000)
        measured = measured[1:]
        timings.append((label, statistics.median(measured), max(measured), len(queries)))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=float, default=None, help="stop loading enterprises after this long")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the database in DATABASE_URL as it is (one a --keep run left, migrated), generating nothing",
    )
    options = parser.parse_args()
    if options.existing:
        database = connection.settings_dict["NAME"]
    else:
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        if not options.existing:
            taken, indexed = generate(options.enterprises, options.load_seconds)
            print(f"Loaded in {taken:.0f} s; search index rebuilt in {indexed:.0f} s")
        print(
            f"{Enterprise.objects.count():,} enterprises ({Enterprise.objects.published().count():,} published), "
            f"{Incentive.objects.count():,} incentives, {Event.objects.count():,} events"
        )
        print(f"Load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
        version = connection.cursor().connection.info.server_version
        print(f"PostgreSQL {version // 10000}.{version % 10000}, database {database}")
        print(
            "Page cache on: every page and suggestion asked at an address never asked before\n"
            if settings.PAGE_CACHE
            else "Page cache off (no REDIS_URL): the same address every time, nothing kept between requests\n"
        )
        unstored = settings.PAGE_CACHE
        with page_client() as client:
            print(
                f"{'search page /en/search/?q=':<34} {'matches':>8} {'page ms':>8} {'max ms':>8} {'queries':>8} "
                f"{'search ms':>10} {'p95 ms':>8} {'cpu ms':>8}"
            )
            page_medians, search_medians = [], []
            for text in SEARCHES:
                median, worst, queries = measure(client, f"/en/search/?q={text}", options.repeat, unstored=unstored)
                search_median, search_p95, search_processor, total = time_search(text, options.repeat)
                page_medians.append(median)
                search_medians.append(search_median)
                print(
                    f"{text!r:<34} {total:>8} {median:>8.1f} {worst:>8.1f} {queries:>8} "
                    f"{search_median:>10.1f} {search_p95:>8.1f} {search_processor:>8.1f}"
                )
            one_kind = "/en/search/?q=drama&kind=enterprise&page=3"
            median, worst, queries = measure(client, one_kind, options.repeat, unstored=unstored)
            print(f"{one_kind:<43} {median:>8.1f} {worst:>8.1f} {queries:>8}")
            print(f"\n{'typeahead /zh-hans/search/suggestions/?q=':<43} {'ms':>8} {'max ms':>8} {'queries':>8}")
            typeahead_medians = []
            for text in TYPEAHEAD:
                address = f"/zh-hans/search/suggestions/?q={text}"
                median, worst, queries = measure(client, address, options.repeat, unstored=unstored)
                typeahead_medians.append(median)
                print(f"{text!r:<43} {median:>8.1f} {worst:>8.1f} {queries:>8}")
        print(f"\n{'partners of a production company':<43} {'ms':>8} {'max ms':>8} {'queries':>8}")
        for label, median, worst, queries in time_partners(options.repeat):
            print(f"{label:<43} {median:>8.1f} {worst:>8.1f} {queries:>8}")
        print(f"Load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
        print(
            f"\nMedian of the medians: search page {statistics.median(page_medians):.1f} ms "
            f"(slowest {max(page_medians):.1f}), search alone {statistics.median(search_medians):.1f} ms "
            f"(slowest {max(search_medians):.1f}), typeahead {statistics.median(typeahead_medians):.1f} ms "
            f"(slowest {max(typeahead_medians):.1f})"
        )
    finally:
        if not options.keep and not options.existing:
            connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
