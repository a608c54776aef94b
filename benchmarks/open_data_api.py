"""Times the open data API's list endpoints over many enterprises and prints the figures.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       DEBUG=1 .venv/bin/python benchmarks/open_data_api.py [--enterprises 100000] [--repeat 15]

Uses the enterprise search benchmark's generator, in a throwaway database ("test_<name>").
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks.enterprise_search import generate  # noqa: E402  (sets Django up)
from benchmarks.pages import measure, page_client  # noqa: E402
from districts.models import Incentive  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402

URLS = [
    "/api/v1/districts/",
    "/api/v1/incentives/?lang=en",
    "/api/v1/enterprises/?lang=en",
    "/api/v1/enterprises/?q=短剧",
    "/api/v1/enterprises/?q=amber%20pictures&lang=en",
    "/api/v1/enterprises/?q=drama&district=bench-1&segment=production&verified=true",
    "/api/v1/enterprises/?sort=newest&page=50&page_size=100",
    "/api/v1/events/?when=upcoming",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        start = time.perf_counter()
        generate(options.enterprises)
        Incentive.objects.bulk_create(
            Incentive(district_id=district_id, title=f"Incentive {n}", summary="", category="subsidy")
            for n, district_id in enumerate(Enterprise.objects.values_list("district_id", flat=True)[:200])
            if district_id
        )
        print(f"{Enterprise.objects.count()} enterprises generated in {time.perf_counter() - start:.0f} s")
        with page_client() as client, override_settings(API_RATE_LIMIT="1000000/m"):
            print(f"{'address':<80} {'median ms':>10} {'max ms':>8} {'queries':>8}")
            for url in URLS:
                median, worst, queries = measure(client, url, options.repeat)
                print(f"{url:<80} {median:>10.1f} {worst:>8.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
