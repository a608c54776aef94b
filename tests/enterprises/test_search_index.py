"""The keyword search and the default order are written so that PostgreSQL answers them from indexes.

With a few thousand analysed rows and a selective keyword, the planner itself picks the trigram
index, as it does at 100,000 enterprises (benchmarks/enterprise_search.py). When most rows match,
reading the table is cheaper and the planner rightly does that instead. Terms of one or two
characters yield no trigram; the index of every character and pair of characters answers them.
"""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from districts.models import ValueChainSegment
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from enterprises.search import matching
from enterprises.selectors import count_facet_passes, facet_passes
from tests.factories import DistrictFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

ROWS = 2000


@pytest.fixture
def enterprises():
    district = DistrictFactory()
    Enterprise.objects.bulk_create(
        Enterprise(
            slug=f"generated-{number}",
            name_zh_hans=f"企业{number}",
            name_en=f"Company {number}",
            description_en="Shoots series and sells advertising.",
            district=district,
            segments=[ValueChainSegment.values[number % 8]],
            state=Enterprise.State.PUBLISHED,
        )
        for number in range(ROWS)
    )
    EnterpriseFactory(name_zh_hans="星河微短剧", name_en="Galaxy Micro Drama", segments=[ValueChainSegment.PRODUCTION])
    with connection.cursor() as cursor:
        # New rows wait in the GIN index's pending list until a vacuum, which a test transaction cannot run.
        cursor.execute("SELECT gin_clean_pending_list('enterprise_search_trgm')")
        cursor.execute("SELECT gin_clean_pending_list('enterprise_search_grams')")
        cursor.execute("ANALYZE enterprises_enterprise")


def query_plan(queryset) -> str:
    return queryset.explain()


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("query", ["微短剧", "Drama", "galaxy drama", "100%_off"])
def test_keyword_search_uses_the_trigram_index(enterprises, query):
    plan = query_plan(matching(Enterprise.objects.published(), query))
    assert "Bitmap Index Scan on enterprise_search_trgm" in plan, plan


@pytest.mark.parametrize("query", ["星河", "星", "河 星", "GA"])
def test_one_and_two_character_terms_use_the_character_pair_index(enterprises, query):
    plan = query_plan(matching(Enterprise.objects.published(), query))
    assert "Bitmap Index Scan on enterprise_search_grams" in plan, plan


@pytest.mark.parametrize("term", ["星", "星河", "企", "业1", "19", "dr", "Dr", "y ", "%", "_", "\\"])
def test_short_terms_find_exactly_the_rows_a_substring_search_finds(enterprises, term):
    found = set(matching(Enterprise.objects.all(), term).values_list("pk", flat=True))
    expected = {
        enterprise.pk for enterprise in Enterprise.objects.all() if term.strip().lower() in enterprise.search_text
    }
    assert found == expected and (found or term in "%_\\")


def test_the_directory_page_query_uses_the_trigram_index(enterprises):
    filterset = EnterpriseFilter(QueryDict("q=微短剧&segment=production"), queryset=Enterprise.objects.published())
    plan = query_plan(filterset.qs)
    assert "Bitmap Index Scan on enterprise_search_trgm" in plan, plan
    assert "search_text ~~ '%微短剧%'::text" in plan


def test_the_default_order_by_name_can_come_from_its_index(enterprises):
    for language, index in (("en", "enterprise_name_en_order"), ("zh-hans", "enterprise_name_zh_order")):
        with translation.override(language):
            filterset = EnterpriseFilter({}, queryset=Enterprise.objects.published())
            plan = query_plan(filterset.qs[:20])
        assert f"Index Scan using {index}" in plan, plan


def test_the_search_column_holds_every_searched_text_lowercased(enterprises):
    enterprise = EnterpriseFactory(
        name_zh_hans="映宇宙",
        name_en="INKEVERSE",
        summary_zh_hans="概要",
        summary_en="Summary",
        description_en="About Us",
    )
    enterprise.refresh_from_db()
    assert enterprise.search_text.split("\n") == ["映宇宙", "inkeverse", "概要", "summary", "", "about us"]


@pytest.fixture
def spread_over_districts():
    """Four thousand enterprises in twenty districts, every other one about drama."""
    districts = [DistrictFactory() for _ in range(20)]
    Enterprise.objects.bulk_create(
        Enterprise(
            slug=f"spread-{number}",
            name_zh_hans=f"企业{number}",
            name_en=f"Company {number}",
            description_en="Shoots drama series." if number % 2 else "Sells advertising.",
            district=districts[number % 20],
            segments=[ValueChainSegment.values[number % 8]],
            state=Enterprise.State.PUBLISHED,
        )
        for number in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('enterprise_search_trgm')")
        cursor.execute("ANALYZE enterprises_enterprise")
    return districts


def test_the_facet_counts_within_a_district_read_only_its_rows(spread_over_districts):
    """With a district chosen, the counts that apply it are read through the (state, district) index.

    The district counts themselves look across every district; once kept, the page's only count
    is this one (enterprises/filters.py).
    """
    district = spread_over_districts[3]
    within = facet_passes({"district": [district.pk], "segment": ["production"], "size": [], "verified": False})[0]
    queryset = matching(Enterprise.objects.published(), "drama")
    with CaptureQueriesContext(connection) as queries:
        count_facet_passes(queryset, [within])
    plan = explain(queries.captured_queries[0]["sql"])
    assert re.search(r"Index Cond: .*district_id = ", plan), plan
    assert "Seq Scan on enterprises_enterprise" not in plan, plan
