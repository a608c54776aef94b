import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Enterprise
from tests.enterprises.conftest import slugs
from tests.factories import DistrictFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_only_published_enterprises_by_name(client, directory):
    response = client.get("/en/enterprises/")
    assert response.status_code == 200
    assert slugs(response) == ["galaxy-animation", "overseas-reels", "pearl-shorts", "promo-house"]
    page = response.content.decode()
    assert "4 enterprises found" in page
    assert "Hidden Drama Company" not in page


def test_filter_by_district(client, directory):
    assert slugs(client.get("/en/enterprises/?district=haizhu")) == ["galaxy-animation", "pearl-shorts"]


def test_several_segments_widen_the_result(client, directory):
    response = client.get("/en/enterprises/?segment=platform&segment=ip_content")
    assert slugs(response) == ["galaxy-animation", "overseas-reels"]


def test_filter_by_size_founded_years_and_verified(client, directory):
    assert slugs(client.get("/en/enterprises/?size=small&size=large")) == ["overseas-reels", "pearl-shorts"]
    assert slugs(client.get("/en/enterprises/?founded_from=2015&founded_to=2020")) == ["pearl-shorts"]
    assert slugs(client.get("/en/enterprises/?founded_from=2020")) == ["overseas-reels"]
    assert slugs(client.get("/en/enterprises/?verified=on")) == ["pearl-shorts"]


def test_filters_of_different_kinds_narrow_together(client, directory):
    assert slugs(client.get("/en/enterprises/?district=haizhu&segment=ip_content&founded_to=2015")) == [
        "galaxy-animation"
    ]


def test_sort_by_founding_year_puts_unknown_years_last(client, directory):
    newest = ["overseas-reels", "pearl-shorts", "galaxy-animation", "promo-house"]
    assert slugs(client.get("/en/enterprises/?sort=newest")) == newest
    assert slugs(client.get("/en/enterprises/?sort=oldest")) == [
        "galaxy-animation",
        "pearl-shorts",
        "overseas-reels",
        "promo-house",
    ]


def test_sort_by_name_follows_the_page_language(client, directory):
    english = slugs(client.get("/en/enterprises/?sort=name"))
    chinese = slugs(client.get("/zh-hans/enterprises/?sort=name"))
    by_slug = {enterprise.slug: enterprise for enterprise in Enterprise.objects.published()}
    assert english == sorted(english, key=lambda slug: by_slug[slug].name_en)
    assert chinese == sorted(chinese, key=lambda slug: by_slug[slug].name_zh_hans)
    assert english != chinese


def test_a_name_missing_in_one_language_sorts_by_the_other(client, directory):
    EnterpriseFactory(slug="only-chinese", name_zh_hans="Aardvark 影业", name_en="")
    assert slugs(client.get("/en/enterprises/?sort=name"))[0] == "only-chinese"


def test_active_filters_are_chips_that_remove_themselves(client, directory):
    page = client.get("/en/enterprises/?district=haizhu&segment=production&q=%E7%9F%AD%E5%89%A7").content.decode()
    assert "District: Haizhu District" in page
    assert "Keyword: 短剧" in page
    assert 'href="?segment=production&amp;q=%E7%9F%AD%E5%89%A7"' in page
    assert 'href="?district=haizhu&amp;segment=production"' in page


def test_an_empty_keyword_box_is_not_a_filter(client, directory):
    response = client.get("/en/enterprises/?q=&founded_from=&district=haizhu")
    assert "Keyword" not in "".join(chip["label"] for chip in response.context["active_filters"])
    assert len(response.context["active_filters"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "founded_from=abc",
        "founded_from=-5",
        "founded_to=1e400",
        "founded_to=2019.5",
        "founded_from=" + "9" * 500,
        "district=atlantis",
        "segment=%00",
        "size=<script>",
        "verified=maybe",
        "sort=random",
        "page=abc",
        "page=",
        "q=%00",
        "q=" + "x" * 500,
        "q=%25%5F%5C",
        "q=" + "%E7%9F%AD%E5%89%A7+" * 60,
        "q=%27%3B+DROP+TABLE+x%3B--",
        "district[]=x&&&=&%ZZ",
    ],
)
def test_malformed_queries_give_a_page_never_a_500(client, directory, query):
    response = client.get(f"/en/enterprises/?{query}")
    assert response.status_code == 200
    assert "Enterprise directory" in response.content.decode()


def test_an_ignored_filter_is_explained_and_the_rest_still_apply(client, directory):
    response = client.get("/en/enterprises/?founded_from=abc&district=linping")
    assert "was ignored" in response.content.decode()
    assert slugs(response) == ["overseas-reels"]


def test_a_page_past_the_end_is_a_404(client, directory):
    assert client.get("/en/enterprises/?page=9").status_code == 404


def test_directory_paginates(client):
    district = DistrictFactory()
    EnterpriseFactory.create_batch(25, district=district)
    first, second = client.get("/en/enterprises/"), client.get("/en/enterprises/?page=2")
    assert len(first.context["enterprises"]) == 20
    assert len(second.context["enterprises"]) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_the_form_works_without_javascript(client, directory):
    page = client.get("/en/enterprises/").content.decode()
    assert '<form method="get"' in page
    assert '<button type="submit" class="button">Apply filters</button>' in page
    assert 'name="q"' in page and 'type="search"' in page


def grow(count: int):
    district = DistrictFactory()
    for number in range(count):
        EnterpriseFactory(district=district, founded_year=2000 + number, is_verified=number % 2 == 0)


@pytest.mark.parametrize(
    "query",
    ["", "?q=%E7%9F%AD%E5%89%A7", "?district=haizhu&segment=production&size=small&verified=on&sort=newest"],
)
def test_directory_query_count_does_not_grow_with_enterprises(client, directory, query, django_assert_num_queries):
    url = f"/en/enterprises/{query}"
    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(30)
    with django_assert_num_queries(len(few)):
        client.get(url)
    # The page, the facets with the total, and small ones on districts: by slug for the facets, once
    # for the check boxes and the chips, and to check the chosen ones when some are chosen.
    assert len(few) <= (5 if "district=" in query else 4)


def test_site_navigation_links_the_directory(client):
    page = client.get("/en/enterprises/").content.decode()
    assert '<a href="/en/enterprises/" aria-current="page">Enterprises</a>' in page
