"""The typeahead's JSON: a few records whose title matches, in the page's language; nothing for a bad query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DistrictFactory, EnterpriseFactory, EventFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


def test_suggestions_are_titles_that_match_with_their_kind_district_and_address(client):
    linping = DistrictFactory(slug="linping", name_zh_hans="临平区", name_en="Linping District")
    incentive = IncentiveFactory(district=linping, title_zh_hans="临平短剧补贴", title_en="Linping drama subsidy")
    IncentiveFactory(district=linping, title_en="Rent", summary_en="Only the summary says Linping.")
    enterprise = EnterpriseFactory(name_zh_hans="<临平>影业", district=None, summary_zh_hans="")

    chinese = client.get("/zh-hans/search/suggestions/", {"q": "临平"}).json()["results"]
    english = client.get("/en/search/suggestions/", {"q": "linping"}).json()["results"]

    assert chinese == [
        {"kind": "地区", "title": "临平区", "district": "临平区", "url": "/zh-hans/districts/linping/"},
        {
            "kind": "扶持政策",
            "title": "临平短剧补贴",
            "district": "临平区",
            "url": f"/zh-hans/incentives/{incentive.pk}/",
        },
        {"kind": "企业", "title": "<临平>影业", "district": "", "url": f"/zh-hans/enterprises/{enterprise.slug}/"},
    ]
    assert [result["title"] for result in english] == ["Linping District", "Linping drama subsidy"]


@pytest.mark.parametrize("query", ["", "   ", "？！", "x" * 201, "a\x00"])
def test_queries_the_page_would_refuse_suggest_nothing(client, query):
    response = client.get("/en/search/suggestions/", {"q": query})

    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_suggestions_make_the_same_number_of_queries_as_rows_grow(client, django_assert_num_queries):
    def grow():
        district = DistrictFactory(name_en="Studio District")
        IncentiveFactory(district=district, title_en="Studio grant")
        EnterpriseFactory(district=district, name_en="Studio house")
        EventFactory(district=district, title_en="Studio day")

    grow()
    with CaptureQueriesContext(connection) as small:
        client.get("/en/search/suggestions/", {"q": "studio"})
    grow()
    grow()
    with django_assert_num_queries(len(small)):
        assert len(client.get("/en/search/suggestions/", {"q": "studio"}).json()["results"]) == 8


def test_three_of_a_kind_are_suggested_the_title_the_reader_sees_shortest_first(client):
    IncentiveFactory(title_zh_hans="微短剧扶持政策", title_en="Micro-drama support policy")
    IncentiveFactory(title_zh_hans="微短剧基地", title_en="Base for micro-drama shooting")
    IncentiveFactory(title_zh_hans="短剧补贴", title_en="Short drama grant")
    IncentiveFactory(title_zh_hans="短剧人才培养计划", title_en="Drama")

    chinese = client.get("/zh-hans/search/suggestions/", {"q": "短剧"}).json()["results"]
    english = client.get("/en/search/suggestions/", {"q": "短剧"}).json()["results"]

    assert [result["title"] for result in chinese] == ["短剧补贴", "微短剧基地", "微短剧扶持政策"]
    assert [result["title"] for result in english] == ["Drama", "Short drama grant", "Micro-drama support policy"]
