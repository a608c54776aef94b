"""The catalogue computes as the rest of the portal does: an amount filter per company, in each language's own
unit; "open now" leaves out a measure whose validity is not published; a measure whose source does not say who
qualifies is listed under every stage and segment but never counted as accepting them."""

import pytest
from django.utils.html import strip_tags

from districts.models import CompanyStage, ValueChainSegment
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return {incentive.title for incentive in response.context["incentives"]}


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def amounts():
    district = DistrictFactory(slug="haizhu")
    IncentiveFactory(district=district, title_en="Sets", title_zh_hans="共享场景", max_amount_cny=800_000)
    IncentiveFactory(district=district, title_en="Events", title_zh_hans="活动", max_amount_cny=600_000)
    IncentiveFactory(
        district=district,
        title_en="Per company once",
        title_zh_hans="一次性",
        max_amount_cny=2_000_000,
        amount_period="one_off",
    )
    IncentiveFactory(
        district=district,
        title_en="Major themes",
        title_zh_hans="重大题材",
        max_amount_cny=5_000_000,
        amount_for="work",
        amount_period="one_off",
    )
    IncentiveFactory(
        district=district,
        title_en="Guide fund",
        title_zh_hans="引导资金",
        max_amount_cny=50_000_000,
        amount_for="programme",
        amount_period="year",
    )


def test_the_amount_filter_counts_only_amounts_paid_to_one_company(client, amounts):
    response = client.get("/en/incentives/?min_amount=700000")
    assert titles(response) == {"Sets", "Per company once"}
    assert "per-work amounts and programme budgets are left out" in text(response)


def test_a_chinese_visitor_types_wan_and_the_url_says_so(client, amounts):
    response = client.get("/zh-hans/incentives/?min_amount_wan=80")
    assert titles(response) == {"共享场景", "一次性"}
    page = response.content.decode()
    assert 'name="min_amount_wan"' in page and 'value="80"' in page and "单家企业金额不低于（万元）" in page
    assert 'name="min_amount"' not in page


def test_an_english_visitor_types_yuan_and_sees_no_wan_field(client, amounts):
    page = client.get("/en/incentives/").content.decode()
    assert 'name="min_amount"' in page and "Amount per company of at least (yuan)" in page
    assert 'name="min_amount_wan"' not in page


@pytest.mark.parametrize(
    "url, field, value",
    [
        ("/zh-hans/incentives/?min_amount=800000", "min_amount", "800000"),
        ("/en/incentives/?min_amount_wan=80", "min_amount_wan", "80"),
    ],
)
def test_a_link_in_the_other_languages_unit_means_the_same_and_keeps_its_field(client, amounts, url, field, value):
    response = client.get(url)
    assert len(titles(response)) == 2
    page = response.content.decode()
    assert f'name="{field}"' in page and f'value="{value}"' in page


def test_a_bad_amount_in_wan_is_explained_and_ignored(client, amounts):
    response = client.get("/zh-hans/incentives/?min_amount_wan=abc")
    assert response.status_code == 200 and len(titles(response)) == 5
    assert "“单家企业金额不低于（万元）”" in text(response)  # the message names the field it ignored


@pytest.mark.parametrize(
    "language, help_text", [("en", "Measures whose validity is not published"), ("zh-hans", "有效期未公布")]
)
def test_open_now_leaves_out_a_measure_whose_validity_is_not_published_and_says_so(client, language, help_text):
    IncentiveFactory(title_en="Dated", title_zh_hans="有日期")
    IncentiveFactory(title_en="Undated", title_zh_hans="无日期", valid_from=None)
    IncentiveFactory(title_en="Past round", title_zh_hans="往年批次", valid_from=None, application_year=2020)
    response = client.get(f"/{language}/incentives/?open_now=on")
    assert titles(response) == {"有日期" if language == "zh-hans" else "Dated"}
    assert response.context["facets"]["open_now"]["on"] == 1
    assert help_text in text(response)


@pytest.fixture
def eligibility():
    IncentiveFactory(title_en="For start-ups", stages=[CompanyStage.STARTUP], segments=[ValueChainSegment.PRODUCTION])
    IncentiveFactory(title_en="For everyone")
    IncentiveFactory(title_en="Unknown", eligibility_published=False)
    IncentiveFactory(title_en="Unknown too", eligibility_published=False, stages=[CompanyStage.ESTABLISHED])


def test_an_unknown_eligibility_is_listed_under_every_option_but_counted_on_its_own_line(client, eligibility):
    response = client.get("/en/incentives/")
    facets = response.context["facets"]
    assert facets["stage"][CompanyStage.STARTUP] == 2 and facets["stage"][CompanyStage.ESTABLISHED] == 1
    assert facets["segment"][ValueChainSegment.PLATFORM] == 1
    assert facets["eligibility_not_published"] == {"stage": 2, "segment": 2}
    page = text(response)
    assert page.count("And 2 incentives whose source does not say who qualifies") == 2
    ticked = client.get("/en/incentives/?stage=startup")
    assert titles(ticked) == {"For start-ups", "For everyone", "Unknown", "Unknown too"}
    assert ticked.context["paginator"].count == facets["stage"][CompanyStage.STARTUP] + 2


def test_the_unknown_eligibility_line_follows_the_other_filters(client, eligibility):
    facets = client.get("/en/incentives/?segment=platform").context["facets"]
    # Ticking a segment leaves the stage facet counting what it shows: the two unknown ones stay apart.
    assert facets["stage"][CompanyStage.STARTUP] == 1
    assert facets["eligibility_not_published"]["stage"] == 2


def test_the_unknown_eligibility_line_reads_in_chinese(client, eligibility):
    page = text(client.get("/zh-hans/incentives/"))
    assert "另有2项政策的来源未说明适用对象" in page


def test_sorting_by_amount_ranks_amounts_only_against_amounts_of_the_same_basis(client, amounts):
    IncentiveFactory(title_en="No amount")
    response = client.get("/en/incentives/?sort=amount")
    assert [incentive.title for incentive in response.context["incentives"]] == [
        "Sets",  # per company a year
        "Events",
        "No amount",
        "Per company once",  # per company, one-off
        "Major themes",  # per work
        "Guide fund",
    ]
