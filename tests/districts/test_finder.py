import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from districts.finder import Answers, find_incentives
from districts.models import NAMED, NO_FIT, NOT_PUBLISHED, OPEN_TO_ALL, Incentive
from tests.factories import DistrictFactory, IncentiveFactory, InvestmentContactFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
DAY = datetime.timedelta(days=1)


def answers(stage="growth", segments=("production",), **extra):
    return Answers(stage=stage, segments=tuple(segments), **extra)


@pytest.mark.parametrize(
    "stages, stage, expected",
    [
        ([], "startup", OPEN_TO_ALL),  # the source says who qualifies and names no stage
        (["startup"], "startup", NAMED),
        (["startup", "growth"], "growth", NAMED),
        (["established"], "startup", NO_FIT),
    ],
)
def test_stage_fit(stages, stage, expected):
    IncentiveFactory(stages=stages)
    assert Incentive.objects.with_fit(stage=stage, segments=("production",)).get().stage_fit == expected


@pytest.mark.parametrize(
    "segments, asked, expected",
    [
        ([], ("production",), OPEN_TO_ALL),
        (["production"], ("production",), NAMED),
        (["platform", "overseas"], ("production", "overseas"), NAMED),  # several segments, one shared
        (["platform"], ("production", "marketing"), NO_FIT),
    ],
)
def test_segment_fit(segments, asked, expected):
    IncentiveFactory(segments=segments)
    assert Incentive.objects.with_fit(stage="growth", segments=asked).get().segment_fit == expected


@pytest.mark.parametrize("stages, segments", [([], []), (["startup"], ["platform"])])
def test_a_measure_whose_source_does_not_say_who_qualifies_fits_as_not_published(stages, segments):
    IncentiveFactory(eligibility_published=False, stages=stages, segments=segments)
    incentive = Incentive.objects.with_fit(stage="growth", segments=("production",)).get()
    assert (incentive.stage_fit, incentive.segment_fit) == (NOT_PUBLISHED, NOT_PUBLISHED)


@pytest.mark.parametrize(
    "valid_from, valid_until, application_year, listed",
    [
        (TODAY - DAY, None, None, True),
        (None, TODAY, None, True),  # closes today: still open
        (TODAY, TODAY, None, True),
        (None, None, TODAY.year, True),  # this year's round
        (None, TODAY - DAY, None, False),  # expired
        (TODAY + DAY, None, None, False),  # not yet open
        (None, None, TODAY.year - 1, False),  # last year's round
    ],
)
def test_only_incentives_open_today_are_presented_as_open(valid_from, valid_until, application_year, listed):
    incentive = IncentiveFactory(valid_from=valid_from, valid_until=valid_until, application_year=application_year)
    result = find_incentives(answers(), TODAY)
    found = [match.incentive for district in result.districts for match in district.matches]
    assert (incentive in found) is listed
    assert result.closed_matches == (0 if listed else 1)


def test_a_measure_without_published_dates_is_listed_after_open_ones_saying_its_validity_is_unknown():
    district = DistrictFactory()
    undated = IncentiveFactory(district=district, valid_from=None, max_amount_cny=9_000_000)
    dated = IncentiveFactory(district=district, max_amount_cny=100_000)
    with translation.override("en"):
        result = find_incentives(answers(), TODAY)
    matches = result.districts[0].matches
    assert [match.incentive for match in matches] == [dated, undated]
    assert "Validity not published; ask the bureau whether it is open" in matches[1].reasons
    assert not any(reason.startswith(("Open until", "Open, no", "Open for")) for reason in matches[1].reasons)
    assert result.closed_matches == 0


def test_ranking_puts_named_fits_first_then_larger_amounts():
    district = DistrictFactory()
    general_big = IncentiveFactory(district=district, max_amount_cny=9_000_000)
    named_small = IncentiveFactory(district=district, max_amount_cny=100_000, segments=["production"])
    named_none = IncentiveFactory(district=district, segments=["production"], stages=["growth"])
    named_large = IncentiveFactory(district=district, max_amount_cny=500_000, segments=["production"])
    result = find_incentives(answers(), TODAY)
    order = [match.incentive for match in result.districts[0].matches]
    assert order == [named_none, named_large, named_small, general_big]


def test_a_district_shows_its_largest_amount_of_each_basis_and_never_adds_them():
    district = DistrictFactory()
    IncentiveFactory(district=district, max_amount_cny=800_000, amount_for="company", amount_period="year")
    IncentiveFactory(district=district, max_amount_cny=600_000)
    xihu_works = [
        IncentiveFactory(district=district, max_amount_cny=amount, amount_for="work", amount_period="one_off")
        for amount in (100_000, 5_000_000)
    ]
    IncentiveFactory(
        district=district, max_amount_cny=300_000_000, amount_for="programme", amount_period="not_published"
    )
    IncentiveFactory(district=district)  # no amount given
    result = find_incentives(answers(), TODAY).districts[0]
    assert [(i.amount_for, i.max_amount_cny) for i in result.largest_amounts] == [
        ("company", 800_000),
        ("work", xihu_works[1].max_amount_cny),
    ]
    assert result.largest_per_company_cny == Decimal(800_000)
    assert result.has_unbounded_support


def test_a_district_with_only_per_work_amounts_has_no_per_company_maximum():
    IncentiveFactory(max_amount_cny=5_000_000, amount_for="work", amount_period="one_off")
    result = find_incentives(answers(), TODAY).districts[0]
    assert result.largest_per_company_cny is None
    assert [incentive.max_amount_cny for incentive in result.largest_amounts] == [5_000_000]


def test_districts_are_ordered_by_largest_per_company_amount_and_can_be_narrowed():
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
        "Up to 20% of your planned investment, per company a year",
        "Open until Nov. 25, 2026",
    ]


def test_no_match_offers_the_nearest_alternatives():
    other_stage = IncentiveFactory(stages=["established"], segments=["production"])
    other_segment = IncentiveFactory(segments=["platform"])
    IncentiveFactory(stages=["established"], segments=["platform"])  # fits nothing
    result = find_incentives(answers(stage="startup"), TODAY)
    assert not result.has_matches
    assert {match.incentive for match in result.alternatives} == {other_stage, other_segment}


def test_investment_share_is_shown_only_for_amounts_paid_to_a_company():
    district = DistrictFactory()
    IncentiveFactory(
        district=district, max_amount_cny=5_000_000, amount_for="work", amount_period="one_off", segments=["production"]
    )
    IncentiveFactory(district=district, max_amount_cny=500_000, amount_is_maximum=False)
    with translation.override("en"):
        matches = find_incentives(answers(investment_cny=Decimal(1_000_000)), TODAY).districts[0].matches
    assert not any("planned investment" in reason for reason in matches[0].reasons)
    assert "50% of your planned investment, per company a year" in matches[1].reasons  # fixed: no "up to"


def test_eligibility_not_published_is_kept_says_ask_and_ranks_below_named_and_open_to_all_fits():
    district = DistrictFactory()
    unknown = IncentiveFactory(district=district, eligibility_published=False, max_amount_cny=9_000_000)
    open_to_all = IncentiveFactory(district=district, max_amount_cny=100)
    named = IncentiveFactory(district=district, segments=["production"], max_amount_cny=10)
    with translation.override("en"):
        matches = find_incentives(answers(), TODAY).districts[0].matches
    assert [match.incentive for match in matches] == [named, open_to_all, unknown]
    assert matches[2].reasons[0] == "Who qualifies is not published; ask the bureau"
    assert not any("every stage" in reason or "every value-chain" in reason for reason in matches[2].reasons)
    assert "Open to companies at every stage" in matches[1].reasons


def test_a_district_whose_fits_are_all_of_unknown_eligibility_comes_after_one_that_names_the_company():
    unknown, named = DistrictFactory(slug="unknown"), DistrictFactory(slug="named")
    IncentiveFactory(district=unknown, eligibility_published=False, max_amount_cny=9_000_000)
    IncentiveFactory(district=named, segments=["production"], max_amount_cny=10)
    assert [item.district.slug for item in find_incentives(answers(), TODAY).districts] == ["named", "unknown"]


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
    assert "Largest amount: up to 800,000 yuan per company a year" in " ".join(strip_tags(page).split())
    assert "in published maximum amounts" not in page
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
            IncentiveFactory(stages=stages, segments=segment_list, valid_from=None)  # validity not published
    IncentiveFactory(eligibility_published=False, stages=["relocating"], segments=["talent"])
    result = find_incentives(answers(stage, segments), today)
    matches = [match.incentive for district in result.districts for match in district.matches]
    found = {incentive.pk for incentive in matches if incentive.validity == Incentive.Validity.OPEN}
    undated = {incentive.pk for incentive in matches if incentive.validity == Incentive.Validity.NOT_PUBLISHED}
    query = "&".join([f"stage={stage}", *(f"segment={segment}" for segment in segments)])

    def listed(extra):
        catalogue = client.get(f"/en/incentives/?{query}{extra}&page=1")
        return {incentive.pk for incentive in catalogue.context["paginator"].object_list}

    assert found and found == listed("&open_now=on")
    # The finder lists the undated ones too, saying so; the catalogue lists them without "open now".
    assert undated and found | undated == listed("") - {incentive.pk for incentive in result.closed}


def test_a_provincial_measure_filed_under_a_city_says_whose_it_is(client):
    district = DistrictFactory(slug="zhengzhou", name_en="Zhengzhou")
    IncentiveFactory(district=district, title_en="Henan scripts", level="province", max_amount_cny=300_000)
    page = " ".join(
        strip_tags(client.get("/en/incentives/finder/?stage=growth&segment=production").content.decode()).split()
    )
    assert "up to 300,000 yuan per company a year · provincial measure" in page
    chinese = " ".join(
        strip_tags(client.get("/zh-hans/incentives/finder/?stage=growth&segment=production").content.decode()).split()
    )
    assert "省级政策" in chinese
