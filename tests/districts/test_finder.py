import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from districts.finder import Answers, find_incentives
from districts.models import Incentive
from tests.factories import DistrictFactory, IncentiveFactory, InvestmentContactFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
DAY = datetime.timedelta(days=1)


def answers(stage="growth", segments=("production",), **extra):
    return Answers(stage=stage, segments=tuple(segments), **extra)


@pytest.mark.parametrize(
    "stages, stage, expected",
    [
        ([], "startup", 1),  # names no stage: open to all
        (["startup"], "startup", 2),
        (["startup", "growth"], "growth", 2),
        (["established"], "startup", 0),
    ],
)
def test_stage_fit(stages, stage, expected):
    IncentiveFactory(stages=stages)
    assert Incentive.objects.with_fit(stage=stage, segments=("production",)).get().stage_fit == expected


@pytest.mark.parametrize(
    "segments, asked, expected",
    [
        ([], ("production",), 1),
        (["production"], ("production",), 2),
        (["platform", "overseas"], ("production", "overseas"), 2),  # several segments, one shared
        (["platform"], ("production", "marketing"), 0),
    ],
)
def test_segment_fit(segments, asked, expected):
    IncentiveFactory(segments=segments)
    assert Incentive.objects.with_fit(stage="growth", segments=asked).get().segment_fit == expected


@pytest.mark.parametrize(
    "valid_from, valid_until, listed",
    [
        (None, None, True),  # open-ended both ways
        (TODAY - DAY, None, True),
        (None, TODAY, True),  # closes today: still open
        (TODAY, TODAY, True),
        (None, TODAY - DAY, False),  # expired
        (TODAY + DAY, None, False),  # not yet open
    ],
)
def test_only_incentives_open_today_are_presented(valid_from, valid_until, listed):
    incentive = IncentiveFactory(valid_from=valid_from, valid_until=valid_until)
    result = find_incentives(answers(), TODAY)
    found = [match.incentive for district in result.districts for match in district.matches]
    assert (incentive in found) is listed
    assert result.closed_matches == (0 if listed else 1)


def test_ranking_puts_named_fits_first_then_larger_amounts():
    district = DistrictFactory()
    general_big = IncentiveFactory(district=district, max_amount_cny=9_000_000)
    named_small = IncentiveFactory(district=district, max_amount_cny=100_000, segments=["production"])
    named_none = IncentiveFactory(district=district, segments=["production"], stages=["growth"])
    named_large = IncentiveFactory(district=district, max_amount_cny=500_000, segments=["production"])
    result = find_incentives(answers(), TODAY)
    order = [match.incentive for match in result.districts[0].matches]
    assert order == [named_none, named_large, named_small, general_big]


def test_district_total_adds_per_company_amounts_but_not_programme_budgets():
    district = DistrictFactory()
    IncentiveFactory(district=district, max_amount_cny=800_000, amount_for="company", amount_period="year")
    IncentiveFactory(district=district, max_amount_cny=600_000)
    IncentiveFactory(
        district=district, max_amount_cny=300_000_000, amount_for="programme", amount_period="not_published"
    )
    IncentiveFactory(district=district)  # no amount given
    result = find_incentives(answers(), TODAY).districts[0]
    assert result.total_maximum_cny == Decimal(1_400_000)
    assert result.has_unbounded_support


def test_districts_are_ordered_by_total_and_can_be_narrowed():
    small, large = DistrictFactory(slug="small"), DistrictFactory(slug="large")
    IncentiveFactory(district=small, max_amount_cny=10)
    IncentiveFactory(district=large, max_amount_cny=1_000)
    result = find_incentives(answers(), TODAY)
    assert [item.district.slug for item in result.districts] == ["large", "small"]
    narrowed = find_incentives(answers(district_slugs=("small",)), TODAY)
    assert [item.district.slug for item in narrowed.districts] == ["small"]


def test_reasons_say_why_each_incentive_matches():
    IncentiveFactory(
        max_amount_cny=1_000_000, segments=["production", "platform"], stages=["growth"], valid_until=TODAY + DAY
    )
    with translation.override("en"):
        match = find_incentives(answers(investment_cny=Decimal(5_000_000)), TODAY).districts[0].matches[0]
    assert match.reasons == [
        "Names your stage: Growing",
        "Covers your segments: Production",
        "Up to 20% of your planned investment",
        "Open until Nov. 25, 2026",
    ]


def test_no_match_offers_the_nearest_alternatives():
    other_stage = IncentiveFactory(stages=["established"], segments=["production"])
    other_segment = IncentiveFactory(segments=["platform"])
    IncentiveFactory(stages=["established"], segments=["platform"])  # fits nothing
    result = find_incentives(answers(stage="startup"), TODAY)
    assert not result.has_matches
    assert {match.incentive for match in result.alternatives} == {other_stage, other_segment}


def test_team_size_and_investment_never_exclude_an_incentive():
    IncentiveFactory(max_amount_cny=10_000_000)
    result = find_incentives(answers(investment_cny=Decimal(1), team_size=1), TODAY)
    assert result.has_matches


def test_finder_page_without_answers_shows_the_questions_and_the_rule(client):
    page = client.get("/en/incentives/finder/").content.decode()
    assert 'name="stage"' in page and 'name="segment"' in page
    assert "How matching works" in page


def test_finder_result_lives_in_the_url(client):
    district = InvestmentContactFactory(district__slug="haizhu", district__name_en="Haizhu District").district
    IncentiveFactory(district=district, title_en="Shooting sets", max_amount_cny=800_000, segments=["production"])
    page = client.get("/en/incentives/finder/?stage=growth&segment=production").content.decode()
    assert "Shooting sets" in page
    assert "Up to 800,000 yuan in published maximum amounts" in page
    assert "/en/districts/haizhu/?finder=stage%3Dgrowth%26segment%3Dproduction#inquiry" in page


def test_finder_no_match_answer(client):
    IncentiveFactory(segments=["platform"], stages=["established"])
    page = client.get("/en/incentives/finder/?stage=startup&segment=production").content.decode()
    assert "No incentive fits all your answers yet" in page


@pytest.mark.parametrize(
    "query",
    [
        "stage=growth",  # no segment
        "segment=production",  # no stage
        "stage=emperor&segment=production",
        "stage=growth&segment=production&investment=-1",
        "stage=growth&segment=production&investment=abc",
        "stage=growth&segment=production&team_size=0",
        "stage=growth&segment=production&district=atlantis",
        "stage=growth&segment=production&investment=" + "9" * 40,
    ],
)
def test_finder_explains_bad_answers_and_keeps_the_good_ones(client, query):
    response = client.get(f"/en/incentives/finder/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "everything you typed is kept" in page
    assert response.context["result"] is None


def test_inquiry_from_the_finder_carries_the_answers_to_the_bureau(client, django_capture_on_commit_callbacks):
    import time

    from django.core import mail, signing

    from districts.models import Inquiry
    from foundation import spam

    InvestmentContactFactory(district__slug="haizhu", district__name_en="Haizhu District")
    finder_query = "stage=growth&segment=production&investment=5000000&team_size=20"
    page = client.get("/en/districts/haizhu/", {"finder": finder_query}).content.decode()
    assert "Your incentive finder answers are attached" in page and "5 million yuan" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/districts/haizhu/inquiry/",
            {
                "company": "Studio",
                "contact_name": "Li",
                "email": "li@example.com",
                "consent": "on",
                "message": "We want to move our production team.",
                "finder": finder_query,
                "started": signing.dumps(time.time() - 30, salt=spam.SALT),
            },
        )
    inquiry = Inquiry.objects.get()
    assert inquiry.context["stage"] == "growth" and inquiry.context["team_size"] == 20
    assert inquiry.context["finder_url"].endswith("/en/incentives/finder/?" + finder_query)
    bureau = next(message for message in mail.outbox if message.to != ["li@example.com"])
    assert "团队规模：20" in bureau.body and "计划投资额（元）：500万元" in bureau.body
    assert "team_size: 20" not in bureau.body.replace(inquiry.context["finder_url"], "")
    assert "/incentives/finder/?" in bureau.body


@pytest.mark.parametrize(
    "stage, segments",
    [("startup", ("production",)), ("growth", ("platform", "overseas")), ("established", ("marketing",))],
)
def test_the_finder_and_the_catalogue_filters_agree_on_who_qualifies_and_what_is_open(client, stage, segments):
    from django.utils import timezone

    today = timezone.localdate()
    for stages in ([], ["startup"], ["growth", "established"]):
        for segment_list in ([], ["production"], ["platform"], ["marketing", "overseas"]):
            for valid_until in (None, today, today - DAY):
                IncentiveFactory(stages=stages, segments=segment_list, valid_until=valid_until)
    result = find_incentives(answers(stage, segments), today)
    found = {match.incentive.pk for district in result.districts for match in district.matches}
    query = "&".join([f"stage={stage}", *(f"segment={segment}" for segment in segments), "open_now=on"])
    catalogue = client.get(f"/en/incentives/?{query}&page=1")
    listed = {incentive.pk for incentive in catalogue.context["paginator"].object_list}
    assert found and found == listed
