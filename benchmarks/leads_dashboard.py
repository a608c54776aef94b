"""Times a district's leads dashboard (staff/leads.py) at scale and prints the figures and query plans.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       DEBUG=1 .venv/bin/python benchmarks/leads_dashboard.py [--inquiries 100000] [--repeat 9]

Ten districts share the inquiries (half of them the measured district's), received over the last year,
most answered; each district has 30 incentives, 20 enterprises and 5 events with registrations, and every
one of their pages a year of daily page statistics in both languages, the finder's use included. All of it
goes into a throwaway database next to the one in DATABASE_URL ("test_<name>"), dropped at the end unless
--keep is given. Printed: the median and worst of several runs of the whole dashboard, through
`leads_dashboard` and through the admin page, for twelve weeks and for a year, and each query's plan.
"""

import argparse
import datetime
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from benchmarks.pages import measure, page_client  # noqa: E402
from districts.models import District, Incentive, Inquiry, ValueChainSegment  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from events.models import Event, Registration  # noqa: E402
from page_views.models import PageViewDay  # noqa: E402
from staff.leads import default_period, leads_dashboard  # noqa: E402

DISTRICTS = 10
INCENTIVES, ENTERPRISES, EVENTS = 30, 20, 5
REGISTRATIONS_PER_EVENT = 400
BATCH = 5000
STAGES = ["startup", "growth", "established", "relocating"]
STATUSES = ["new", "in_contact", "in_contact", "visited", "settled", "closed", "closed"]


def generate(inquiries: int, seed: int = 20261206) -> District:
    """The data set; returns the measured district."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    districts = District.objects.bulk_create(
        District(slug=f"bench-{n}", name_zh_hans=f"测试区{n}", name_en=f"Bench {n}", city="广州市", province="广东省")
        for n in range(DISTRICTS)
    )
    incentives = Incentive.objects.bulk_create(
        Incentive(district=district, title_zh_hans=f"扶持政策{n}", title_en=f"Incentive {n}", category="subsidy")
        for district in districts
        for n in range(INCENTIVES)
    )
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(district=district, slug=f"{district.slug}-company-{n}", name_zh_hans=f"企业{n}", name_en=f"Co {n}")
        for district in districts
        for n in range(ENTERPRISES)
    )
    events = Event.objects.bulk_create(
        Event(
            district=district,
            slug=f"{district.slug}-event-{n}",
            title_zh_hans=f"活动{n}",
            title_en=f"Event {n}",
            starts_at=now + datetime.timedelta(days=30),
            ends_at=now + datetime.timedelta(days=30, hours=8),
            capacity=1000,
            state=Event.State.PUBLISHED,
        )
        for district in districts
        for n in range(EVENTS)
    )
    registrations = (
        Registration(
            event=event,
            full_name=f"参会者{n}",
            email=f"{event.slug}-{n}@example.com",
            organisation="测试",
            role="investor",
            consent=True,
            language="en",
            status="confirmed",
            ticket_code=f"{event.pk}-{n}",
            manage_token=f"{event.pk}-{n}",
            created_at=now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60)),
        )
        for event in events
        for n in range(REGISTRATIONS_PER_EVENT)
    )
    Registration.objects.bulk_create(registrations, batch_size=BATCH)

    # The import of old inquiries keeps their dates: auto_now_add would stamp them all now.
    created_at = Inquiry._meta.get_field("created_at")
    created_at.auto_now_add = False
    segments = ValueChainSegment.values + [""]
    rows = []
    for n in range(inquiries):
        district = districts[0] if n % 2 == 0 else districts[1 + n % (DISTRICTS - 1)]
        received = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        status = rng.choice(STATUSES)
        from_finder = rng.random() < 0.3
        context = {"finder_url": "https://example.com/en/incentives/finder/", "stage": rng.choice(STAGES)}
        replied = received + datetime.timedelta(minutes=rng.randrange(5 * 24 * 60)) if status != "new" else None
        rows.append(
            Inquiry(
                district=district,
                company=f"Company {n}",
                contact_name="Li",
                email=f"investor{n}@example.com",
                message="We look for a studio.",
                consent=True,
                language=rng.choice(["en", "zh-hans"]),
                segment=rng.choice(segments),
                context=context if from_finder else {},
                status=status,
                created_at=received,
                first_replied_at=replied,
            )
        )
        if len(rows) == BATCH:
            Inquiry.objects.bulk_create(rows)
            rows = []
    Inquiry.objects.bulk_create(rows)
    created_at.auto_now_add = True

    pages = [("district", district.slug) for district in districts] + [("finder", d.slug) for d in districts]
    pages += [("incentive", str(incentive.pk)) for incentive in incentives]
    pages += [("enterprise", enterprise.slug) for enterprise in enterprises]
    pages += [("event", event.slug) for event in events]
    days = [today - datetime.timedelta(days=n) for n in range(365)]
    batch = []
    for kind, key in pages:
        for day in days:
            for language in ("zh-hans", "en"):
                batch.append(PageViewDay(kind=kind, key=key, language=language, day=day, views=rng.randrange(1, 200)))
                if len(batch) == BATCH:
                    PageViewDay.objects.bulk_create(batch)
                    batch = []
    PageViewDay.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return districts[0]


def time_dashboard(district, start, end, repeat: int) -> tuple[float, float, int]:
    timings = []
    for _ in range(repeat + 1):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            leads_dashboard(district, start, end)
            timings.append((time.perf_counter() - began) * 1000)
    timings = timings[1:]  # the first warms the caches
    return statistics.median(timings), max(timings), len(queries)


def plans(district, start, end) -> list[tuple[str, str]]:
    with CaptureQueriesContext(connection) as queries:
        leads_dashboard(district, start, end)
    explained = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {query['sql']}")
            explained.append((query["sql"][:140], "\n".join(row[0] for row in cursor.fetchall())))
    return explained


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--plans", action="store_true", help="print each query's EXPLAIN ANALYZE")
    options = parser.parse_args()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        began = time.perf_counter()
        district = generate(options.inquiries)
        own = Inquiry.objects.filter(district=district).count()
        print(
            f"{Inquiry.objects.count()} inquiries ({own} the district's), "
            f"{Registration.objects.count()} registrations, {PageViewDay.objects.count()} rows of daily page "
            f"statistics, generated in {time.perf_counter() - began:.0f} s"
        )
        version = connection.cursor().connection.info.server_version
        print(f"PostgreSQL {version // 10000}.{version % 10000}, database {database}\n")
        today = timezone.localdate()
        periods = {
            "twelve weeks": default_period(today),
            "a year": (today - datetime.timedelta(days=364), today),
        }
        print(f"{'leads_dashboard() for':<32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        with translation.override("en"):
            for name, (start, end) in periods.items():
                median, worst, queries = time_dashboard(district, start, end, options.repeat)
                print(f"{name:<32} {median:>10.1f} {worst:>8.1f} {queries:>8}")
        administrator = get_user_model().objects.create_superuser("bench", password="x")
        print(f"\n{'admin page':<60} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        with page_client() as client:
            client.force_login(administrator)
            for start, end in periods.values():
                for suffix in ["", "leads.csv"]:
                    url = f"/admin/leads/{district.slug}/{suffix}?start={start}&end={end}"
                    median, worst, queries = measure(client, url, options.repeat)
                    print(f"{url:<60} {median:>10.1f} {worst:>8.1f} {queries:>8}")
        if options.plans:
            start, end = periods["a year"]
            for sql, plan in plans(district, start, end):
                print(f"\n{sql}…\n{plan}")
    finally:
        if not options.keep:
            connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
