"""The catalogue's filters say beside each option how many incentives ticking it would show, as the directory does."""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from districts.filters import IncentiveFilter
from districts.models import CompanyStage, Incentive, ValueChainSegment
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db

OPTIONS = {
    "district": ["haizhu", "linping", "datong"],
    "category": Incentive.Category.values,
    "stage": CompanyStage.values,
    "segment": ValueChainSegment.values,
}
CHECKS = ("open_now", "micro_drama_only")


@pytest.fixture
def catalogue():
    haizhu = DistrictFactory(slug="haizhu", name_en="Haizhu District")
    linping = DistrictFactory(slug="linping", name_en="Linping District")
    DistrictFactory(slug="datong", name_en="Datong")  # no incentive: every count is 0
    today = timezone.localdate()
    IncentiveFactory(
        district=haizhu,
        title_en="Shooting sets",
        max_amount_cny=800_000,
        segments=[ValueChainSegment.PRODUCTION],
        valid_until=today + datetime.timedelta(days=30),
    )
    IncentiveFactory(
        district=haizhu,
        title_en="Talent package",
        category=Incentive.Category.TALENT,
        stages=[CompanyStage.ESTABLISHED],
    )
    IncentiveFactory(
        district=haizhu,
        title_en="Licence reform",
        category=Incentive.Category.FAST_TRACK,
        scope="culture",
        stages=[CompanyStage.STARTUP, CompanyStage.GROWTH],
        segments=[ValueChainSegment.PLATFORM, ValueChainSegment.PRODUCTION],
    )
    IncentiveFactory(
        district=linping,
        title_en="Big policy",
        max_amount_cny=300_000_000,
        valid_until=today + datetime.timedelta(days=400),
    )
    IncentiveFactory(
        district=linping,
        title_en="Old guide",
        max_amount_cny=1_500_000,
        segments=[ValueChainSegment.PRODUCTION],
        valid_until=today - datetime.timedelta(days=1),
    )


def with_only(query: str, facet: str, value: str) -> str:
    """The query with `value` the only one ticked in `facet`, the other facets as they were."""
    kept = [part for part in query.split("&") if part and not part.startswith(f"{facet}=")]
    return "&".join([*kept, f"{facet}={value}"])


def found(client, query: str) -> int:
    """How many incentives the catalogue lists for `query` (one page holds them all here)."""
    return len(client.get(f"/en/incentives/?{query}").context["incentives"])


@pytest.mark.parametrize(
    "query",
    [
        "",
        "district=haizhu",
        "category=talent&category=subsidy&open_now=on",
        "stage=startup&segment=production&micro_drama_only=on",
        "min_amount=500000&district=linping&district=haizhu",
    ],
)
def test_each_count_is_the_number_of_incentives_ticking_that_option_shows(client, catalogue, query):
    facets = client.get(f"/en/incentives/?{query}").context["facets"]
    for facet, values in OPTIONS.items():
        for value in values:
            # A district none of whose incentives match is left out of the counts: 0, as the page shows.
            assert facets[facet].get(value, 0) == found(client, with_only(query, facet, value)), (facet, value)
    for facet in CHECKS:
        assert facets[facet]["on"] == found(client, with_only(query, facet, "on")), facet
    assert facets["total"] == found(client, query)


def test_an_incentive_without_a_published_amount_is_counted_under_no_option_once_a_minimum_is_asked(client, catalogue):
    facets = client.get("/en/incentives/?min_amount=1").context["facets"]
    # Talent package and Licence reform publish no amount: never read as "any amount".
    assert facets["total"] == 3
    assert facets["district"]["haizhu"] == 1
    assert facets["category"]["talent"] == 0 and facets["category"]["fast_track"] == 0


@pytest.mark.parametrize(
    "language, talent, open_now",
    [("en", "Talent", "Open now"), ("zh-hans", "人才", "当前有效")],
)
def test_the_counts_stand_beside_each_option_in_both_languages(client, catalogue, language, talent, open_now):
    page = client.get(f"/{language}/incentives/").content.decode()
    assert re.search(rf'value="talent"[^>]*> {talent} <span class="facet-count">\(1\)</span></label>', page)
    assert re.search(r'value="haizhu"[^>]*> [^<]+ <span class="facet-count">\(3\)</span></label>', page)
    assert re.search(r'value="datong"[^>]*> [^<]+ <span class="facet-count">\(0\)</span></label>', page)
    # Open today: Shooting sets, Talent package, Licence reform (no dates) and Big policy.
    open_count = rf'name="open_now"[^>]*> <span>{open_now} <span class="facet-count">\(4\)</span></span></label>'
    assert re.search(open_count, page)


def test_every_count_comes_from_one_query_whatever_is_ticked(catalogue, django_assert_num_queries):
    for query in ["", "category=subsidy&stage=startup&segment=production&open_now=on&micro_drama_only=on&min_amount=5"]:
        filterset = IncentiveFilter(QueryDict(query), queryset=Incentive.objects.published())
        assert filterset.is_valid()
        with django_assert_num_queries(1):
            filterset.facets()


def test_the_catalogue_makes_as_many_queries_with_every_filter_ticked_as_with_none(client, catalogue):
    every_filter = "category=subsidy&stage=startup&segment=production&open_now=on&micro_drama_only=on&min_amount=5"
    client.get("/en/incentives/")  # warm caches such as content types
    with CaptureQueriesContext(connection) as plain:
        client.get("/en/incentives/")
    with CaptureQueriesContext(connection) as filtered:
        response = client.get(f"/en/incentives/?{every_filter}&sort=amount")
    assert [incentive.title for incentive in response.context["incentives"]] == ["Big policy", "Shooting sets"]
    assert len(filtered) == len(plain)


def test_counts_are_shared_by_every_page_and_order_of_a_filter_and_recounted_after_a_write(client, catalogue, settings):
    settings.PAGE_CACHE = True

    def counting(queries):
        return [query["sql"] for query in queries.captured_queries if "GROUPING(" in query["sql"]]

    with CaptureQueriesContext(connection) as first:
        counted = client.get("/en/incentives/?segment=production").context["facets"]
    with CaptureQueriesContext(connection) as second:
        shared = client.get("/en/incentives/?segment=production&sort=deadline").context["facets"]
    assert len(counting(first)) == 1 and counting(second) == []
    assert shared == counted
    IncentiveFactory(district=DistrictFactory(slug="haizhu"), segments=[ValueChainSegment.PRODUCTION])
    recounted = client.get("/en/incentives/?segment=production&sort=amount").context["facets"]
    assert recounted["total"] == counted["total"] + 1
    assert recounted["district"]["haizhu"] == counted["district"]["haizhu"] + 1
