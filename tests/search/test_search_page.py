"""The portal-wide search page: every kind found in either language, grouped, marked, filtered, never a 500."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Facility, ServiceCenter, TalentProgramme
from search.models import SearchSynonym
from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustrialFundFactory,
)

pytestmark = pytest.mark.django_db


def result_titles(response) -> list[str]:
    return [
        re.sub(r"<.*?>", "", title) for title in re.findall(r"<h4><a [^>]*>(.*?)</a></h4>", response.content.decode())
    ]


def kind_headings(response) -> list[str]:
    return re.findall(r'<h3 id="kind-[^"]*">(.*?)</h3>', response.content.decode())


@pytest.fixture
def linping():
    return DistrictFactory(slug="linping", name_zh_hans="临平区", name_en="Linping District")


def test_two_character_chinese_term_finds_every_kind_grouped_with_counts(client, linping):
    IncentiveFactory(district=linping, title_zh_hans="版权登记补贴", title_en="Registration grant")
    ServiceCenter.objects.create(
        district=linping,
        name_zh_hans="版权服务中心",
        name_en="Copyright centre",
        kind="copyright",
        level="district",
        scope="micro_drama",
        is_illustrative=True,
    )
    EnterpriseFactory(district=linping, name_zh_hans="星河影业", summary_zh_hans="提供版权交易服务。")
    IncentiveFactory(district=linping, title_zh_hans="房租补贴", title_en="Rent")

    response = client.get("/zh-hans/search/", {"q": "版权"})

    assert response.status_code == 200
    assert kind_headings(response) == ["扶持政策 (1)", "服务中心 (1)", "企业 (1)"]
    assert set(result_titles(response)) == {"版权登记补贴", "版权服务中心", "星河影业"}
    assert "<mark>版权</mark>" in response.content.decode()
    assert "临平区" in response.content.decode()


def test_english_pages_find_chinese_text_and_chinese_pages_english_text(client, linping):
    IncentiveFactory(district=linping, title_zh_hans="出海奖励", title_en="Reward for going abroad")
    IncentiveFactory(district=linping, title_zh_hans="奖励", title_en="Overseas distribution reward")

    english = client.get("/en/search/", {"q": "出海"})
    chinese = client.get("/zh-hans/search/", {"q": "overseas distribution"})

    # 出海 and "overseas distribution" are kept as synonyms: each finds both.
    assert sorted(result_titles(english)) == ["Overseas distribution reward", "Reward for going abroad"]
    assert sorted(result_titles(chinese)) == ["出海奖励", "奖励"]


def test_mixed_latin_and_chinese_terms_must_all_match_and_synonyms_widen_them(client, linping):
    EnterpriseFactory(name_en="Pixel Shorts", summary_en="AI tools for micro-drama editing.")
    EnterpriseFactory(name_zh_hans="智剪科技", name_en="", summary_zh_hans="用 AI 制作竖屏剧。")
    EnterpriseFactory(name_en="Maintain Media", summary_en="Short drama maintenance.")  # "ai" only inside words
    EnterpriseFactory(name_en="AI Lab", summary_en="Machine translation.")  # no drama

    response = client.get("/en/search/", {"q": "AI 短剧"})

    assert sorted(result_titles(response)) == ["Pixel Shorts", "智剪科技"]


def test_english_words_are_found_in_their_other_forms(client, linping):
    IncentiveFactory(district=linping, title_en="Production subsidy", summary_en="A subsidy per series.")
    FacilityFactory(district=linping, name_en="Sound stage", description_en="Subsidies for renting the stage.")
    IncentiveFactory(district=linping, title_en="Rent", summary_en="Free offices.")

    response = client.get("/en/search/", {"q": "subsidies"})

    assert sorted(result_titles(response)) == ["Production subsidy", "Sound stage"]
    assert "<mark>subsidy</mark>" in response.content.decode()


def test_a_district_name_in_english_finds_its_records(client, linping):
    IncentiveFactory(district=linping, title_en="Production subsidy")
    IncentiveFactory(title_en="Subsidy elsewhere")

    response = client.get("/en/search/", {"q": "Linping subsidy"})

    assert result_titles(response) == ["Production subsidy"]


def test_title_matches_come_first(client, linping):
    IncentiveFactory(district=linping, title_en="Rent", summary_en="Rent relief for studios, not a subsidy of output.")
    IncentiveFactory(district=linping, title_en="Output subsidy", summary_en="Per series.")

    assert result_titles(client.get("/en/search/", {"q": "subsidy"})) == ["Output subsidy", "Rent"]


def test_each_kind_shows_its_closest_titles_first_then_the_other_matches(client, linping):
    IncentiveFactory(district=linping, title_en="Rent", summary_en="Rent relief for drama studios.")
    for number in range(6):
        IncentiveFactory(district=linping, title_en=f"Drama grant {number}")
        EventFactory(district=linping, title_en=f"Drama day {number}")
    IncentiveFactory(district=linping, title_en="Drama")
    EventFactory(district=linping, title_en="Drama", title_zh_hans="短剧")

    overview = result_titles(client.get("/en/search/", {"q": "drama"}))
    incentives = result_titles(client.get("/en/search/", {"q": "drama", "kind": "incentive"}))

    assert overview == ["Drama", *(f"Drama grant {number}" for number in range(4))] + [
        "Drama",
        *(f"Drama day {number}" for number in range(4)),
    ]
    assert incentives == ["Drama", *(f"Drama grant {number}" for number in range(6)), "Rent"]


def test_a_chinese_title_the_words_make_more_of_comes_first(client, linping):
    # pg_trgm finds no likeness between 短剧 and a longer run of Chinese characters that holds it, so these
    # titles are told apart by how much of each the words are: the reader's title, the shortest first.
    IncentiveFactory(district=linping, title_zh_hans="微短剧扶持政策", title_en="Micro-drama support policy")
    IncentiveFactory(district=linping, title_zh_hans="微短剧基地", title_en="Base")
    IncentiveFactory(district=linping, title_zh_hans="人才计划", summary_zh_hans="面向短剧编剧。", title_en="Talent")

    chinese = result_titles(client.get("/zh-hans/search/", {"q": "短剧"}))
    english = result_titles(client.get("/en/search/", {"q": "短剧"}))

    assert chinese == ["微短剧基地", "微短剧扶持政策", "人才计划"]
    assert english == ["Base", "Micro-drama support policy", "Talent"]


def test_only_published_records_of_published_districts_are_found(client, linping):
    hidden = DistrictFactory(name_en="Hidden", is_published=False)
    IncentiveFactory(district=hidden, title_en="Hidden studio grant")
    FacilityFactory(district=hidden, name_en="Hidden studio")
    EnterpriseFactory(name_en="Pending studio", state="pending")
    EventFactory(district=linping, title_en="Draft studio day", state="draft")
    EventFactory(district=linping, title_en="Studio open day")

    assert result_titles(client.get("/en/search/", {"q": "studio"})) == ["Studio open day"]


def test_kind_and_district_filters_narrow_the_results_and_keep_the_counts(client, linping):
    other = DistrictFactory(name_en="Other District")
    IncentiveFactory(district=linping, title_en="Studio grant")
    IncentiveFactory(district=other, title_en="Studio rent")
    FacilityFactory(district=linping, name_en="Studio one")

    incentives = client.get("/en/search/", {"q": "studio", "kind": "incentive"})
    linping_only = client.get("/en/search/", {"q": "studio", "district": "linping"})

    assert sorted(result_titles(incentives)) == ["Studio grant", "Studio rent"]
    assert "Studios and shooting bases (1)" in incentives.content.decode()
    assert sorted(result_titles(linping_only)) == ["Studio grant", "Studio one"]


def test_each_kind_pages_through_its_results(client, linping):
    for number in range(25):
        IndustrialFundFactory(district=linping, name_en=f"Drama fund {number:02}")

    first = client.get("/en/search/", {"q": "fund", "kind": "fund"})
    second = client.get("/en/search/", {"q": "fund", "kind": "fund", "page": 2})
    overview = client.get("/en/search/", {"q": "fund"})

    assert len(result_titles(first)) == 20 and len(result_titles(second)) == 5
    assert "Page 2 of 2" in second.content.decode()
    assert "All 25: Industrial funds" in overview.content.decode()


def test_results_link_to_their_pages(client, linping):
    incentive = IncentiveFactory(district=linping, title_en="Studio grant")
    TalentProgramme.objects.create(
        district=linping, name_en="Studio crew training", level="district", scope="micro_drama", is_illustrative=True
    )
    Facility.objects.create(
        district=linping,
        name_en="Studio park",
        kind="studio",
        level="district",
        scope="micro_drama",
        is_illustrative=True,
    )
    page = client.get("/en/search/", {"q": "studio"}).content.decode()

    assert f'href="/en/incentives/{incentive.pk}/"' in page
    assert 'href="/en/districts/linping/#talent"' in page
    assert 'href="/en/districts/linping/#studios"' in page


def test_typed_markup_is_shown_as_text(client, linping):
    IncentiveFactory(district=linping, title_en="<b>Bold</b> grant")

    page = client.get("/en/search/", {"q": "bold"}).content.decode()
    echoed = client.get("/en/search/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; grant" in page
    assert "<b>Bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in echoed and "<script>alert" not in echoed


@pytest.mark.parametrize(
    "query, message",
    [
        ("x" * 201, "Type at most 200 characters; this search has 201."),
        ("?!…，。", "Type a word to search for: letters, digits or Chinese characters."),
        ("drama\x00", "Null characters are not allowed."),
    ],
)
def test_queries_that_cannot_be_searched_say_why(client, query, message):
    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'name="q"' in response.content.decode()


def test_an_empty_query_invites_a_search_and_bad_filters_are_explained(client):
    assert "Type a word or two" in client.get("/en/search/").content.decode()
    page = client.get("/en/search/", {"q": "drama", "kind": "nonsense", "district": "nowhere", "page": "x"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()


def test_staff_synonyms_widen_the_search(client, linping):
    SearchSynonym.objects.create(terms="横店\nHengdian")
    FacilityFactory(district=linping, name_en="Hengdian World Studios")

    assert result_titles(client.get("/zh-hans/search/", {"q": "横店"})) == ["Hengdian World Studios"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("params", [{"q": "studio"}, {"q": "studio 短剧", "kind": "enterprise", "district": "linping"}])
def test_the_page_makes_the_same_number_of_queries_as_rows_grow(
    client, django_assert_num_queries, linping, language, params
):
    def grow():
        for _ in range(3):
            IncentiveFactory(district=linping, title_en="Studio grant", title_zh_hans="短剧补贴")
            EnterpriseFactory(district=linping, name_en="Studio shorts", summary_zh_hans="短剧")
            EventFactory(district=linping, title_en="Studio day")
            IndustrialFundFactory(district=linping, name_en="Studio fund")

    grow()
    url = f"/{language}/search/"
    client.get(url, params)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    grow()
    DistrictFactory()
    with django_assert_num_queries(len(small)):
        assert client.get(url, params).status_code == 200


def test_counts_stop_at_the_limit_and_the_page_says_so(client, linping, monkeypatch):
    monkeypatch.setattr("search.selectors.COUNTED_AT_MOST", 2)
    for number in range(4):
        IncentiveFactory(district=linping, title_en=f"Studio grant {number}")
    FacilityFactory(district=linping, name_en="Studio one")

    overview = client.get("/en/search/", {"q": "studio"}).content.decode()
    one_kind = client.get("/en/search/", {"q": "studio", "kind": "incentive"})
    api = client.get("/api/v1/search/", {"q": "studio"}).json()

    assert "More than 3 results for “studio”" in overview
    assert "Incentives (2+)" in overview and "Studios and shooting bases (1)" in overview
    assert "Counting stops at 2 a kind" in overview
    assert "The first 2: Incentives" in overview
    assert len(result_titles(one_kind)) == 2 and "The first 2 are listed." in one_kind.content.decode()
    counts = {kind["kind"]: (kind["count"], kind["more"]) for kind in api["kinds"]}
    assert counts["incentive"] == (2, True) and counts["facility"] == (1, False) and api["more"] is True


def test_enterprises_past_the_count_are_listed_and_suggested_in_name_order(client, linping, monkeypatch):
    monkeypatch.setattr("search.selectors.COUNTED_AT_MOST", 2)
    monkeypatch.setattr("search.typeahead.NAMES_SORTED_AT_MOST", 2)
    for name in ["Delta studio", "Alpha studio", "Charlie studio", "Bravo studio"]:
        EnterpriseFactory(district=linping, name_en=name)
    EnterpriseFactory(district=linping, name_en="Echo", summary_en="A studio by the river.")

    overview = result_titles(client.get("/en/search/", {"q": "studio"}))
    suggested = client.get("/en/search/suggestions/", {"q": "studio"}).json()["results"]

    assert overview == ["Alpha studio", "Bravo studio", "Charlie studio", "Delta studio", "Echo"]
    assert [suggestion["title"] for suggestion in suggested] == ["Alpha studio", "Bravo studio", "Charlie studio"]


def test_names_in_a_district_taken_offline_are_never_suggested_however_many_match(client, linping, monkeypatch):
    # More names match than the typeahead sorts, so it reads them in name order; the offline ones stay hidden.
    monkeypatch.setattr("search.typeahead.NAMES_SORTED_AT_MOST", 2)
    hidden = DistrictFactory(name_en="Hidden", is_published=False)
    for name in ["Aardvark studio", "Abacus studio", "Able studio"]:
        EnterpriseFactory(district=hidden, name_en=name)
    for name in ["Delta studio", "Bravo studio", "Alpha studio", "Charlie studio"]:
        EnterpriseFactory(district=linping, name_en=name)

    suggested = client.get("/en/search/suggestions/", {"q": "studio"}).json()["results"]

    assert [suggestion["title"] for suggestion in suggested] == ["Alpha studio", "Bravo studio", "Charlie studio"]
