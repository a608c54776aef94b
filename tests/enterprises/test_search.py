import pytest

from districts.models import ValueChainSegment
from enterprises.models import Enterprise
from enterprises.search import best_matches_page, matching, ranked_by_relevance, search_terms
from tests.enterprises.conftest import slugs
from tests.factories import DistrictFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def search(client, query, language="en"):
    return slugs(client.get(f"/{language}/enterprises/", {"q": query}))


def test_a_chinese_substring_finds_names_and_descriptions(client, directory):
    # 短剧 is inside 微短剧: in the name of one enterprise, the description of another.
    assert search(client, "短剧") == ["pearl-shorts", "galaxy-animation"]
    assert search(client, "短剧", language="zh-hans") == ["pearl-shorts", "galaxy-animation"]


def test_english_search_ignores_case_and_finds_partial_words(client, directory):
    assert search(client, "ANIM") == ["galaxy-animation"]
    assert set(search(client, "drama")) == {"galaxy-animation", "overseas-reels"}


def test_chinese_and_english_find_the_same_enterprise_in_either_page_language(client, directory):
    assert search(client, "星河", language="en") == ["galaxy-animation"]
    assert search(client, "galaxy", language="zh-hans") == ["galaxy-animation"]


def test_every_word_of_the_query_must_match_somewhere(client, directory):
    assert search(client, "galaxy micro") == ["galaxy-animation"]
    assert search(client, "galaxy overseas") == []


def test_wildcards_in_the_query_are_plain_characters(client, directory):
    EnterpriseFactory(slug="percent", name_en="100% Shorts")
    assert search(client, "%") == ["percent"]
    assert search(client, "_") == []


def test_name_matches_come_before_description_matches(client, directory):
    EnterpriseFactory(slug="drama-lab", name_en="Drama Lab", name_zh_hans="戏剧实验室")
    results = search(client, "drama")
    assert results[0] == "drama-lab"
    assert set(results[1:]) == {"galaxy-animation", "overseas-reels"}


def test_among_name_matches_the_closest_name_comes_first(client, directory):
    EnterpriseFactory(slug="long", name_en="Reels Studio International Holdings", name_zh_hans="甲")
    EnterpriseFactory(slug="exact", name_en="Reels", name_zh_hans="乙")
    assert search(client, "reels") == ["exact", "overseas-reels", "long"]


def test_choosing_another_order_overrides_relevance(client, directory):
    response = client.get("/en/enterprises/", {"q": "短剧", "sort": "oldest"})
    assert slugs(response) == ["galaxy-animation", "pearl-shorts"]


def test_search_and_filters_combine(client, directory):
    response = client.get("/en/enterprises/", {"q": "短剧", "segment": ValueChainSegment.IP_CONTENT})
    assert slugs(response) == ["galaxy-animation"]


def test_a_search_that_finds_nothing_says_so(client, directory):
    page = client.get("/en/enterprises/", {"q": "zzzz"}).content.decode()
    assert "0 enterprises found" in page and "No enterprise matches this search" in page


def test_search_terms_drop_repeats_and_blank_space():
    assert search_terms("  短剧  Drama drama 短剧 ") == ["短剧", "Drama"]
    assert search_terms("   ") == []


def test_the_search_functions_can_be_used_without_the_page(directory):
    found = ranked_by_relevance(matching(Enterprise.objects.published(), "短剧"), "短剧", "pk")
    assert [enterprise.slug for enterprise in found] == ["pearl-shorts", "galaxy-animation"]


def test_a_broad_keyword_read_in_two_parts_lists_the_same_pages(client, monkeypatch):
    # Past WALKED_FROM matches the page is read as the name matches, ranked, then the others in name order.
    district = DistrictFactory()
    for slug, name in [("lime", "Lime studio works"), ("exact", "Studio"), ("north", "North Studio Group Limited")]:
        EnterpriseFactory(slug=slug, district=district, name_en=name, name_zh_hans="甲")
    for number in range(20):
        EnterpriseFactory(
            slug=f"company-{number:02}",
            district=district,
            name_en=f"Company {number:02}",
            name_zh_hans="乙",
            summary_en="Runs a studio by the river.",
        )
    EnterpriseFactory(slug="elsewhere", district=district, name_en="Elsewhere", summary_en="Nothing to see.")
    walks = []

    def pages(**extra):
        return [slugs(client.get("/en/enterprises/", {"q": "studio", "page": page, **extra})) for page in (1, 2)]

    ranked = pages()
    monkeypatch.setattr("enterprises.views.walking_is_cheaper", lambda *arguments: True)
    monkeypatch.setattr(
        "enterprises.views.best_matches_page",
        lambda *arguments: walks.append(arguments) or best_matches_page(*arguments),
    )
    walked = pages(sort="relevance")

    assert ranked[0][:3] == ["exact", "lime", "north"] and len(ranked[0]) == 20 and len(ranked[1]) == 3
    assert walked == ranked
    assert [(start, end) for *_, start, end in walks] == [(0, 20), (20, 23)]
