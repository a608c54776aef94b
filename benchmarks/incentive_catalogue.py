"""Times the district and incentive pages against a generated catalogue and prints the figures.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       DEBUG=1 .venv/bin/python benchmarks/incentive_catalogue.py [--districts 50] [--incentives-per-district 200]

The database named in DATABASE_URL is emptied and filled; never point it at real data.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from benchmarks.pages import measure, page_client  # noqa: E402
from districts.models import District, Incentive, ValueChainSegment  # noqa: E402


def generate(districts: int, per_district: int) -> None:
    call_command("flush", interactive=False, verbosity=0)
    categories = [choice for choice, _ in Incentive.Category.choices]
    segments = [choice for choice, _ in ValueChainSegment.choices]
    for number in range(districts):
        district = District.objects.create(
            slug=f"bench-{number}", name_en=f"Bench {number}", name_zh_hans=f"测试{number}"
        )
        Incentive.objects.bulk_create(
            Incentive(
                district=district,
                title_en=f"Incentive {number}-{item}",
                title_zh_hans=f"政策{number}-{item}",
                summary_en="Generated for the benchmark.",
                category=categories[item % len(categories)],
                max_amount_cny=(item * 10_000) or None,
                segments=[segments[item % len(segments)]],
                is_illustrative=True,
            )
            for item in range(per_district)
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=50)
    parser.add_argument("--incentives-per-district", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    generate(options.districts, options.incentives_per_district)
    total = Incentive.objects.count()
    print(f"{options.districts} districts, {total} incentives")
    urls = [
        "/en/incentives/",
        "/en/incentives/?category=subsidy&segment=production&min_amount=100000&open_now=on&sort=amount",
        "/en/incentives/?page=50",
        "/en/districts/",
        "/en/districts/bench-0/",
        "/en/districts/compare/?d=bench-0&d=bench-1&d=bench-2&d=bench-3",
    ]
    with page_client() as client:
        print(f"{'page':<90} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for url in urls:
            median, worst, queries = measure(client, url, options.repeat)
            print(f"{url:<90} {median:>10.1f} {worst:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
