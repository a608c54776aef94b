from decimal import Decimal

import pytest
from django.utils import translation

from districts.formatting import format_amount, format_labels, format_number
from tests.factories import FacilityFactory, IncentiveFactory, KeyFigureFactory

AMOUNTS = [
    # value, Chinese page, English page
    (800_000, "80万元", "800,000 yuan"),
    (600_000, "60万元", "600,000 yuan"),
    (1_500_000, "150万元", "1.5 million yuan"),
    (3_000_000, "300万元", "3 million yuan"),
    (100_000_000, "1亿元", "100 million yuan"),
    (150_000_000, "1.5亿元", "150 million yuan"),
    (300_000_000, "3亿元", "300 million yuan"),
    (2_300_000_000, "23亿元", "2.3 billion yuan"),
    (5_000_000_000, "50亿元", "5 billion yuan"),
    (10_000_000_000, "100亿元", "10 billion yuan"),
    (50_440_000_000, "504.4亿元", "50.44 billion yuan"),
    (1_000_000_000_000, "1万亿元", "1 trillion yuan"),
    (5_000, "5,000元", "5,000 yuan"),
    # A short form would round: the digits are kept, grouped.
    (1_234_567, "1,234,567元", "1,234,567 yuan"),
    (Decimal("800000.00"), "80万元", "800,000 yuan"),
]


@pytest.mark.parametrize("value, chinese, english", AMOUNTS)
def test_amounts_read_as_each_language_counts_money(value, chinese, english):
    with translation.override("zh-hans"):
        assert format_amount(value) == chinese
    with translation.override("en"):
        assert format_amount(value) == english


@pytest.mark.parametrize("value", [v for v, _, _ in AMOUNTS])
def test_no_amount_reads_as_hundreds_of_millions_or_bare_digits(value):
    with translation.override("en"):
        assert "hundred" not in format_amount(value)
    with translation.override("zh-hans"):
        assert "¥" not in format_amount(value)
        # Bare digits only when no short form is exact.
        assert format_amount(value) != f"{int(value)}元" or int(value) < 10_000


def test_numbers_below_the_short_forms_are_grouped_digits():
    assert format_number(350_000, "en") == "350,000"
    assert format_number(350_000, "zh-hans") == "35万"
    assert format_number(40, "zh-hans") == "40"


def test_labels_join_with_the_languages_own_punctuation():
    with translation.override("zh-hans"):
        assert format_labels(["初创", "成长", "成熟"]) == "初创、成长、成熟"
    with translation.override("en"):
        assert format_labels(["start-up", "growing"]) == "start-up, growing"


@pytest.mark.django_db
def test_stored_figures_follow_the_same_rule():
    amount = KeyFigureFactory(value=300_000_000, is_amount_cny=True, unit_en="", unit_zh_hans="")
    scale = KeyFigureFactory(value=1_000_000_000_000, is_amount_cny=True, is_lower_bound=True)
    count = KeyFigureFactory(value=200, is_lower_bound=True)
    with translation.override("zh-hans"):
        assert (amount.value_display, scale.value_display, count.value_display) == ("3亿元", "1万亿元+", "200+")
    with translation.override("en"):
        assert (amount.value_display, scale.value_display) == ("300 million yuan", "1 trillion yuan+")


@pytest.mark.django_db
def test_incentive_amounts_name_whom_they_are_for_and_their_period():
    per_year = IncentiveFactory(max_amount_cny=800_000, amount_for="company", amount_period="year")
    fixed = IncentiveFactory(
        max_amount_cny=100_000, amount_for="work", amount_period="one_off", amount_is_maximum=False
    )
    budget = IncentiveFactory(
        max_amount_cny=50_000_000, amount_for="programme", amount_period="year", amount_is_maximum=False
    )
    with translation.override("zh-hans"):
        assert per_year.amount_display == "每家企业每年最高80万元"
        assert fixed.amount_display == "每部作品一次性10万元"
        assert budget.amount_display == "专项年度预算5000万元"
    with translation.override("en"):
        assert per_year.amount_display == "up to 800,000 yuan per company a year"
        assert fixed.amount_display == "100,000 yuan per work, one-off"
        assert budget.amount_display == "50 million yuan programme budget a year"


@pytest.mark.django_db
def test_counts_given_as_over_show_a_plus():
    facility = FacilityFactory(scene_count=40, scene_count_is_lower_bound=True)
    assert facility.scene_count_display == "40+"
