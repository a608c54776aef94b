"""No programme budget, closed incentive or general measure is ever shown as what one company can receive;
maxima are taken per basis (like beside like) and never added."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags

from districts.models import Incentive
from districts.selectors import district_cards, incentive_summary, largest_by_basis
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def district_with_every_kind_of_amount():
    district = DistrictFactory(slug="mixed")
    IncentiveFactory(
        district=district, max_amount_cny=300_000_000, amount_for="programme", amount_period="not_published"
    )
    IncentiveFactory(district=district, max_amount_cny=1_500_000, application_year=2025)
    IncentiveFactory(district=district, max_amount_cny=2_000_000, valid_until=TODAY - datetime.timedelta(days=1))
    IncentiveFactory(district=district, max_amount_cny=5_000_000, scope="culture")
    open_one = IncentiveFactory(district=district, max_amount_cny=800_000, amount_for="company", amount_period="year")
    return district, open_one


def test_only_open_per_company_amounts_count_as_a_maximum(district_with_every_kind_of_amount):
    district, open_one = district_with_every_kind_of_amount
    summary = incentive_summary(list(district.incentives.with_open_flag(TODAY)))
    assert summary["per_company"] == [open_one]
    assert [incentive.max_amount_cny for incentive in summary["programme_totals"]] == [300_000_000]
    assert len(summary["specific"]) == 4 and len(summary["general"]) == 1
    assert summary["largest"] == [open_one]
    card = next(card for card in district_cards(TODAY) if card.slug == "mixed")
    assert card.largest_amounts == [open_one] and card.incentive_count == 4


def text(page: str) -> str:
    return " ".join(strip_tags(page).split())


def read(incentives):
    return largest_by_basis(Incentive.objects.filter(pk__in=[i.pk for i in incentives]).with_open_flag(TODAY))


def test_each_basis_has_its_own_largest_amount_per_company_a_year_first():
    district = DistrictFactory()
    per_work = IncentiveFactory(district=district, max_amount_cny=5_000_000, amount_for="work", amount_period="one_off")
    smaller_work = IncentiveFactory(
        district=district, max_amount_cny=100_000, amount_for="work", amount_period="one_off"
    )
    per_company = IncentiveFactory(district=district, max_amount_cny=800_000)
    one_off = IncentiveFactory(district=district, max_amount_cny=900_000, amount_period="one_off")
    assert read([per_work, smaller_work, per_company, one_off]) == [per_company, one_off, per_work]


def test_an_open_amount_stands_before_an_unknown_validity_and_a_closed_one_only_when_nothing_else_is_left():
    closed_big = IncentiveFactory(max_amount_cny=9_000_000, application_year=2025)
    undated = IncentiveFactory(max_amount_cny=2_000_000, valid_from=None)
    open_small = IncentiveFactory(max_amount_cny=100_000)
    assert read([closed_big, undated, open_small]) == [open_small]
    assert read([closed_big, undated]) == [undated]
    largest = read([closed_big])
    assert largest == [closed_big] and largest[0].validity == Incentive.Validity.CLOSED


def test_general_measures_and_programme_budgets_have_no_largest_amount():
    general = IncentiveFactory(max_amount_cny=5_000_000, scope="internet_content")
    budget = IncentiveFactory(max_amount_cny=50_000_000, amount_for="programme", amount_period="year")
    no_amount = IncentiveFactory()
    assert read([general, budget, no_amount]) == []


def test_the_district_list_says_each_largest_amount_with_its_basis_validity_and_level(client):
    district = DistrictFactory(slug="henan-city", name_en="City X")
    IncentiveFactory(district=district, max_amount_cny=800_000, valid_from=None)
    IncentiveFactory(district=district, max_amount_cny=5_000_000, amount_for="work", amount_period="one_off")
    IncentiveFactory(
        district=district,
        max_amount_cny=3_000_000,
        amount_for="project",
        amount_period="not_published",
        level="province",
    )
    IncentiveFactory(district=district, max_amount_cny=1_500_000, amount_for="work", amount_period="round")
    IncentiveFactory(
        district=district, max_amount_cny=1_000_000, amount_for="company", amount_period="round", application_year=2025
    )
    page = text(client.get("/en/districts/").content.decode())
    assert "5 micro-drama incentives" in page
    assert "Largest amount: up to 800,000 yuan per company a year · validity not published" in page
    assert "Largest amount: closed round: up to 1 million yuan per company per application round" in page
    assert "Largest amount: up to 5 million yuan per work, one-off" in page
    assert "Largest amount: up to 1.5 million yuan per work per application round" in page
    assert "Largest amount: up to 3 million yuan per project (period not published) · provincial measure" in page
    assert "per company a year · validity not published Largest" in page  # nothing is said to be open or summed


def test_an_application_round_closes_with_its_year():
    incentive = IncentiveFactory(application_year=2025)
    assert Incentive.objects.with_open_flag(datetime.date(2025, 12, 31)).get(pk=incentive.pk).is_open
    assert not Incentive.objects.with_open_flag(datetime.date(2026, 1, 1)).get(pk=incentive.pk).is_open
    assert Incentive.objects.open_on(datetime.date(2026, 1, 1)).filter(pk=incentive.pk).count() == 0
    assert Incentive.objects.open_on(datetime.date(2025, 6, 1)).filter(pk=incentive.pk).count() == 1


def test_demo_pages_never_show_a_budget_or_a_closed_amount_as_a_per_company_maximum(client):
    call_command("load_demo")
    assert timezone.localdate().year > 2025, "Datong's 2025 round must be closed for this test to mean anything"
    cards = text(client.get("/en/districts/").content.decode())
    assert "300 million yuan per company" not in cards and "1.5 million yuan per company" not in cards
    page = text(client.get("/en/districts/compare/?d=haizhu&d=linping&d=datong").content.decode())
    assert "No per-company amount published" not in page
    # None of the three has an open micro-drama amount per company a year (Haizhu's 800,000 a year is a general
    # content measure's), so that row is not there at all rather than filled with a budget or a closed round.
    assert "Largest amount per company a year" not in page
    per_work = page.split("Largest amount per work per application round")[1].split("Programme budgets")[0]
    assert "closed round: up to 1.5 million yuan per work per application round" in per_work
    studios = page.split("Studios and shooting bases")[1].split("What is compared")[0]
    assert "Lin Ying Factory" in studios and "content creation valley" not in studios  # a park is no studio
    budgets_row = page.split("Programme budgets (not per company)")[1].split("General measures")[0]
    assert "300 million yuan" in budgets_row
    general_row = page.split("General measures, not specific to micro-drama")[1].split("Industrial funds")[0]
    assert "“One licence” approval reform" in general_row


def test_the_finder_never_adds_amounts_and_names_the_basis_of_each_largest_one(client):
    district = DistrictFactory(slug="xihu", name_en="Xihu District")
    for amount in (100_000, 5_000_000):
        IncentiveFactory(district=district, max_amount_cny=amount, amount_for="work", amount_period="one_off")
    page = text(
        client.get("/en/incentives/finder/?stage=growth&segment=production&investment=1000000").content.decode()
    )
    assert "Largest amount: up to 5 million yuan per work, one-off" in page
    assert "5.1 million" not in page and "published maximum amounts" not in page
    assert "% of your planned investment" not in page  # a per-work amount is not set beside an investment
    assert "per company" not in page.split("Xihu District")[1].split("How matching works")[0]


def test_the_finder_names_the_amounts_of_closed_rounds_that_would_fit(client):
    district = DistrictFactory(slug="datong", name_en="Datong")
    IncentiveFactory(
        district=district,
        title_en="Horizontal dramas",
        max_amount_cny=1_500_000,
        amount_for="work",
        amount_period="one_off",
        valid_from=None,
        application_year=2025,
    )
    page = text(client.get("/en/incentives/finder/?stage=growth&segment=production").content.decode())
    assert "1 more incentive would fit but is not open today" in page
    assert "Horizontal dramas · Datong: closed round: up to 1.5 million yuan per work, one-off" in page
    assert "No per-company amount published" not in page


def test_finder_total_adds_only_per_company_amounts(client):
    call_command("load_demo")
    page = client.get("/en/incentives/finder/?stage=growth&segment=marketing&district=haizhu").content.decode()
    # Haizhu's two 600,000 a year measures are general content measures: never added up.
    assert "1.2 million yuan" not in page


def test_a_general_measure_says_so_and_can_be_filtered_out(client):
    call_command("load_demo")
    page = client.get("/en/incentives/?district=haizhu").content.decode()
    assert "not specific to micro-drama" in page
    specific = client.get("/en/incentives/?district=haizhu&micro_drama_only=on").content.decode()
    # Of Haizhu's content policy only the talent package names micro-drama; its other measures are general.
    assert "“One licence” approval reform" not in specific and "1 incentive found" in specific


def test_a_date_the_source_does_not_give_reads_not_published(client):
    call_command("load_demo")
    page = client.get("/en/districts/haizhu/").content.decode()
    assert "date not published" in page
    datong = client.get("/en/districts/datong/").content.decode()
    assert "2025 application round; dates not published" in datong and "Dec. 31, 2025" not in datong


def test_an_amount_whose_recipient_is_not_published_is_compared_with_no_other(client):
    district = DistrictFactory(slug="shanghai", name_en="Shanghai")
    DistrictFactory(slug="xihu")
    IncentiveFactory(district=district, max_amount_cny=500_000, amount_for="not_published", amount_period="round")
    page = text(client.get("/en/districts/compare/?d=shanghai&d=xihu").content.decode())
    row = page.split("Largest amount whose basis is not published")[1].split("Programme budgets")[0]
    assert "up to 500,000 yuan per application round (whom for not published)" in row
    assert "Largest amount per company" not in page
    chinese = text(client.get("/zh-hans/districts/compare/?d=shanghai&d=xihu").content.decode())
    assert "每轮申报（对象未公布）最高50万元" in chinese
