"""Times the enterprise directory's keyword search at scale and prints the figures and query plans.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_benchmark \\
       DEBUG=1 .venv/bin/python benchmarks/enterprise_search.py [--enterprises 100000] [--repeat 15]

The enterprises go into a throwaway database next to the one in DATABASE_URL (Django's test
database, "test_<name>"), created for the run and dropped at the end unless --keep is given.
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

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.pages import measure, page_client  # noqa: E402
from districts.models import District, ValueChainSegment  # noqa: E402
from enterprises.filters import EnterpriseFilter  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from enterprises.search import matching  # noqa: E402
from enterprises.selectors import directory_facets  # noqa: E402

NAME_ZH = (
    ["星河", "珠江", "琶洲", "云端", "极光", "青柠", "白鹭", "南国", "羊城", "东方", "千帆", "米粒", "锦鲤", "远山"],
    ["影业", "传媒", "文化", "动漫", "科技", "影视", "网络", "短剧", "互娱", "数字"],
    ["有限公司", "工作室", "集团", ""],
)
NAME_EN = (
    ["Galaxy", "Pearl", "Pazhou", "Cloud", "Aurora", "Lime", "Egret", "Southern", "Orient", "Sail", "Koi", "Far Hill"],
    ["Pictures", "Media", "Culture", "Animation", "Technology", "Film", "Network", "Shorts", "Entertainment"],
    ["Co., Ltd.", "Studio", "Group", ""],
)
SENTENCES_ZH = [
    "专注于竖屏微短剧的策划与拍摄。",
    "为平台提供动画 IP 授权和内容改编。",
    "运营面向东南亚的海外短剧平台。",
    "承接影视后期剪辑、调色与特效。",
    "提供演员经纪与编剧培训服务。",
    "开展短视频投放与整合营销。",
    "研发智能剪辑与字幕翻译工具。",
    "拥有多个摄影棚和实景拍摄基地。",
]
SENTENCES_EN = [
    "Plans and shoots vertical micro-drama series. ",
    "Licenses animated IP and adapts content for platforms. ",
    "Runs an overseas short drama platform for Southeast Asia. ",
    "Offers post-production editing, grading and visual effects. ",
    "Manages actors and trains screenwriters. ",
    "Buys short-video advertising and runs integrated marketing. ",
    "Builds tools for automatic editing and subtitle translation. ",
    "Owns several sound stages and outdoor shooting sets. ",
]
# One enterprise in a thousand carries a rare name, for selective searches.
RARE_ZH, RARE_EN = "琥珀影业", "Amber Pictures"
SEARCHES = ["短剧", "微短剧", "琥珀", "琥珀影业", "drama", "anim", "amber pictures"]
# Too short for trigrams: found through the index of characters and pairs (enterprises/search.py).
SHORT_SEARCHES = ["琥", "琥珀", "剧", "短剧", "ip"]


def random_enterprise(rng: random.Random, number: int, districts: list, *, rare: bool = False) -> Enterprise:
    """A published (95%) or pending enterprise with a made-up name and text in both languages."""
    return Enterprise(
        slug=f"bench-{number}",
        name_zh_hans=RARE_ZH if rare else "".join(rng.choice(part) for part in NAME_ZH),
        name_en=RARE_EN if rare else " ".join(filter(None, (rng.choice(part) for part in NAME_EN))),
        summary_zh_hans=rng.choice(SENTENCES_ZH),
        summary_en=rng.choice(SENTENCES_EN).strip(),
        description_zh_hans="".join(rng.sample(SENTENCES_ZH, 3)),
        description_en="".join(rng.sample(SENTENCES_EN, 3)).strip(),
        district=rng.choice(districts + [None]),
        segments=rng.sample(ValueChainSegment.values, rng.randint(1, 2)),
        size_band=rng.choice(Enterprise.SizeBand.values + [""]),
        founded_year=rng.choice([None] + list(range(1995, 2026))),
        is_verified=rng.random() < 0.1,
        state=Enterprise.State.PUBLISHED if rng.random() < 0.95 else Enterprise.State.PENDING,
        is_illustrative=True,
    )


def generate(count: int, seed: int = 20251110) -> None:
    rng = random.Random(seed)
    districts = [
        District.objects.create(slug=f"bench-{number}", name_en=f"Bench {number}", name_zh_hans=f"测试区{number}")
        for number in range(8)
    ]
    batch = []
    for number in range(count):
        batch.append(random_enterprise(rng, number, districts, rare=number % 1000 == 0))
        if len(batch) == 5000:
            Enterprise.objects.bulk_create(batch)
            batch = []
    Enterprise.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE enterprises_enterprise")


def time_facets(query: str, repeat: int) -> tuple[float, int]:
    """The facet counts alone, as the directory computes them for a keyword and no facet selection."""
    selections = {"district": [], "segment": [], "size": [], "verified": False}
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        total = directory_facets(matching(Enterprise.objects.published(), query), selections)["total"]
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), total


def time_results(query: str, repeat: int) -> tuple[float, float]:
    """The results page's own queries: the first 20 matches in relevance order, and their count."""
    first_page, counts = [], []
    with translation.override("zh-hans"):
        filterset = EnterpriseFilter(QueryDict(f"q={query}"), queryset=Enterprise.objects.published().for_cards())
        for _ in range(repeat):
            start = time.perf_counter()
            list(filterset.qs[:20])
            first_page.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            filterset.qs.count()
            counts.append((time.perf_counter() - start) * 1000)
    return statistics.median(first_page), statistics.median(counts)


def matches(url: str) -> int | str:
    """How many enterprises the directory page at this address lists."""
    path, _, query = url.partition("?")
    if not path.endswith("/enterprises/"):
        return ""
    return EnterpriseFilter(QueryDict(query), queryset=Enterprise.objects.published()).qs.count()


def plan(query: str) -> str:
    """The plan of the results page: the keyword search, ranked, first 20."""
    with translation.override("en"):
        filterset = EnterpriseFilter(QueryDict(f"q={query}"), queryset=Enterprise.objects.published().for_cards())
        return filterset.qs[:20].explain(analyze=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    options = parser.parse_args()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        start = time.perf_counter()
        generate(options.enterprises)
        print(f"{Enterprise.objects.count()} enterprises generated in {time.perf_counter() - start:.0f} s")
        version = connection.cursor().connection.info.server_version
        print(f"PostgreSQL {version // 10000}.{version % 10000}, database {database}\n")
        with page_client() as client:
            urls = ["/en/enterprises/"] + [f"/en/enterprises/?q={query}" for query in SEARCHES]
            urls += [
                "/en/enterprises/?q=drama&district=bench-1&segment=production&verified=on",
                "/zh-hans/enterprises/?q=短剧&sort=newest&page=3",
                Enterprise.objects.published().order_by("pk").first().get_absolute_url(),
            ]
            print(f"{'page':<75} {'matches':>8} {'median ms':>10} {'max ms':>8} {'queries':>8}")
            for url in urls:
                median, worst, queries = measure(client, url, options.repeat)
                found = matches(url)
                print(f"{url:<75} {found:>8} {median:>10.1f} {worst:>8.1f} {queries:>8}")
        print(f"\n{'directory_facets() for q=':<30} {'total':>8} {'median ms':>10}")
        for query in [""] + SEARCHES:
            median, total = time_facets(query, options.repeat)
            print(f"{query!r:<30} {total:>8} {median:>10.1f}")
        print(
            f"\n{'one and two characters, q=':<30} {'total':>8} {'first 20 ms':>12} {'count ms':>9} {'facets ms':>10}"
        )
        for query in SHORT_SEARCHES:
            first_page, count = time_results(query, options.repeat)
            facets, total = time_facets(query, options.repeat)
            print(f"{query!r:<30} {total:>8} {first_page:>12.1f} {count:>9.1f} {facets:>10.1f}")
        for query in SEARCHES + [query for query in SHORT_SEARCHES if query not in SEARCHES]:
            print(f"\nEXPLAIN ANALYZE of the results page for q={query!r}:\n{plan(query)}")
    finally:
        if not options.keep:
            connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
