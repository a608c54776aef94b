"""No programme budget, closed incentive or general measure is ever shown as what one company can receive."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from districts.models import Incentive
from districts.selectors import district_cards, incentive_summary
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
    card = next(card for card in district_cards(TODAY) if card.slug == "mixed")
    assert card.largest_per_company == 800_000 and card.incentive_count == 4


def test_an_application_round_closes_with_its_year():
    incentive = IncentiveFactory(application_year=2025)
    assert Incentive.objects.with_open_flag(datetime.date(2025, 12, 31)).get(pk=incentive.pk).is_open
    assert not Incentive.objects.with_open_flag(datetime.date(2026, 1, 1)).get(pk=incentive.pk).is_open
    assert Incentive.objects.open_on(datetime.date(2026, 1, 1)).filter(pk=incentive.pk).count() == 0
    assert Incentive.objects.open_on(datetime.date(2025, 6, 1)).filter(pk=incentive.pk).count() == 1


def test_demo_pages_never_show_a_budget_or_a_closed_amount_as_a_per_company_maximum(client):
    call_command("load_demo")
    assert timezone.localdate().year > 2025, "Datong's 2025 round must be closed for this test to mean anything"
    cards = client.get("/en/districts/").content.decode()
    assert "largest up to 300 million yuan" not in cards and "largest up to 1.5 million yuan" not in cards
    page = client.get("/en/districts/compare/?d=haizhu&d=linping&d=datong").content.decode()
    largest_row = page.split("Largest amounts per company, open today")[1].split("</tr>")[0]
    # Haizhu's 800,000 a year is a general content measure's: not a micro-drama per-company maximum.
    assert "800,000 yuan" not in largest_row
    assert "300 million" not in largest_row and "1.5 million" not in largest_row
    budgets_row = page.split("Programme budgets (not per company)")[1].split("</tr>")[0]
    assert "300 million yuan in total for the programme" in budgets_row
    general_row = page.split("General measures, not specific to micro-drama")[1].split("</tr>")[0]
    assert "“One licence” approval reform" in general_row


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
