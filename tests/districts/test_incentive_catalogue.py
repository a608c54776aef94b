import datetime
import html

import pytest
from django.utils import timezone

from districts.models import CompanyStage, Incentive, ValueChainSegment
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    haizhu = DistrictFactory(slug="haizhu", name_en="Haizhu District")
    linping = DistrictFactory(slug="linping", name_en="Linping District")
    today = timezone.localdate()
    return {
        "sets": IncentiveFactory(
            district=haizhu,
            title_en="Shooting sets",
            max_amount_cny=800_000,
            segments=[ValueChainSegment.PRODUCTION],
            valid_until=today + datetime.timedelta(days=30),
        ),
        "talent": IncentiveFactory(
            district=haizhu,
            title_en="Talent package",
            category=Incentive.Category.TALENT,
            stages=[CompanyStage.ESTABLISHED],
        ),
        "policy": IncentiveFactory(
            district=linping,
            title_en="Big policy",
            max_amount_cny=300_000_000,
            valid_until=today + datetime.timedelta(days=400),
        ),
        "expired": IncentiveFactory(
            district=linping,
            title_en="Old guide",
            max_amount_cny=1_500_000,
            segments=[ValueChainSegment.PRODUCTION],
            valid_until=today - datetime.timedelta(days=1),
        ),
    }


def titles(response):
    return [incentive.title for incentive in response.context["incentives"]]


def test_filter_by_district_and_category(client, catalogue):
    response = client.get("/en/incentives/?district=haizhu&category=talent")
    assert titles(response) == ["Talent package"]


def test_segment_filter_includes_incentives_open_to_every_segment(client, catalogue):
    response = client.get("/en/incentives/?segment=production")
    assert set(titles(response)) == {"Shooting sets", "Talent package", "Big policy", "Old guide"}
    response = client.get("/en/incentives/?segment=platform")
    assert set(titles(response)) == {"Talent package", "Big policy"}


def test_stage_filter(client, catalogue):
    response = client.get("/en/incentives/?stage=startup")
    assert "Talent package" not in titles(response)
    assert "Shooting sets" in titles(response)


def test_minimum_amount_and_open_now(client, catalogue):
    response = client.get("/en/incentives/?min_amount=1000000&open_now=on")
    assert titles(response) == ["Big policy"]


def test_sort_by_amount_puts_unknown_amounts_last(client, catalogue):
    response = client.get("/en/incentives/?sort=amount")
    assert titles(response) == ["Big policy", "Old guide", "Shooting sets", "Talent package"]


def test_sort_by_deadline(client, catalogue):
    response = client.get("/en/incentives/?sort=deadline")
    assert titles(response)[:3] == ["Old guide", "Shooting sets", "Big policy"]


def test_active_filters_are_shown_with_links_that_remove_them(client, catalogue):
    page = client.get("/en/incentives/?district=haizhu&district=linping&category=talent").content.decode()
    assert "District: Haizhu District" in page
    assert 'href="?district=linping&amp;category=talent"' in page
    assert 'href="?district=haizhu&amp;district=linping"' in page


AMOUNT_IGNORED = "The filter “Amount per company of at least (yuan)” was ignored"


@pytest.mark.parametrize(
    "query, message",
    [
        ("min_amount=abc", f"{AMOUNT_IGNORED}: Enter a number."),
        ("min_amount=-5", f"{AMOUNT_IGNORED}: Ensure this value is greater than or equal to 0."),
        ("min_amount=1e400", f"{AMOUNT_IGNORED}: Ensure this value is less than or equal to 10000000000000."),
        ("district=atlantis", "The filter “District” was ignored: There is no district “atlantis”."),
        ("category=%00", "The filter “Category” was ignored"),
        ("stage=<script>", "The filter “Company stage” was ignored"),
        ("sort=random", "The filter “Sort by” was ignored"),
        ("page=abc", "“abc” is not a page number; showing the first page."),
        ("page=", "“” is not a page number; showing the first page."),
        ("min_amount=" + "9" * 500, f"{AMOUNT_IGNORED}: Ensure this value is less than or equal to 10000000000000."),
    ],
)
def test_malformed_queries_give_a_page_with_a_message_never_a_500(client, catalogue, query, message):
    response = client.get(f"/en/incentives/?{query}")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Incentive catalogue" in page
    assert message in page
    assert len(titles(response)) == 4  # the malformed filter is ignored, nothing else


def test_parameters_that_name_no_filter_are_left_alone(client, catalogue):
    response = client.get("/en/incentives/?district[]=x&&&=&%ZZ")
    assert response.status_code == 200
    assert "was ignored" not in response.content.decode() and len(titles(response)) == 4


def test_the_open_now_box_counts_as_ticked_whatever_value_is_sent(client, catalogue):
    assert titles(client.get("/en/incentives/?open_now=maybe")) == titles(client.get("/en/incentives/?open_now=on"))


def test_an_ignored_filter_is_explained_and_the_rest_still_apply(client, catalogue):
    response = client.get("/en/incentives/?min_amount=abc&district=linping")
    page = response.content.decode()
    assert "was ignored" in page
    assert set(titles(response)) == {"Big policy", "Old guide"}


def test_a_page_past_the_end_is_a_404(client, catalogue):
    assert client.get("/en/incentives/?page=99").status_code == 404


def test_catalogue_paginates(client):
    district = DistrictFactory()
    for _ in range(25):
        IncentiveFactory(district=district)
    first = client.get("/en/incentives/")
    second = client.get("/en/incentives/?page=2")
    assert len(first.context["incentives"]) == 20
    assert len(second.context["incentives"]) == 5
    assert "Page 2 of 2" in second.content.decode()
