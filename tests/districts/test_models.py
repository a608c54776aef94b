import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from districts.models import Incentive
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_negative_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        IncentiveFactory(max_amount_cny=-1)


def test_database_refuses_a_closing_date_before_the_opening_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        IncentiveFactory(valid_from=datetime.date(2025, 6, 1), valid_until=datetime.date(2025, 5, 31))


def test_district_slugs_are_unique():
    DistrictFactory(slug="haizhu")
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictFactory._meta.model.objects.create(slug="haizhu", name_en="Another")


def test_open_now_keeps_open_ended_and_current_incentives_only():
    # The code's clock: today in Beijing, which differs from the machine's date for eight hours a day.
    today = timezone.localdate()
    open_ended = IncentiveFactory()
    current = IncentiveFactory(valid_from=today - datetime.timedelta(days=1), valid_until=today)
    IncentiveFactory(valid_until=today - datetime.timedelta(days=1))
    IncentiveFactory(valid_from=today + datetime.timedelta(days=1))
    assert set(Incentive.objects.open_now()) == {open_ended, current}


def test_content_is_shown_in_the_visitors_language_with_chinese_as_fallback():
    from django.utils import translation

    district = DistrictFactory(name_zh_hans="海珠区", name_en="Haizhu District", tagline_zh_hans="只有中文")
    district.refresh_from_db()
    with translation.override("en"):
        assert district.name == "Haizhu District"
        assert district.tagline == "只有中文"
    with translation.override("zh-hans"):
        assert district.name == "海珠区"


def test_open_now_follows_the_date_in_beijing_not_the_machines():
    # 20:00 UTC on 31 December is already 1 January in Beijing.
    moment = datetime.datetime(2025, 12, 31, 20, tzinfo=datetime.timezone.utc)
    closed_new_year = IncentiveFactory(valid_until=datetime.date(2025, 12, 31))
    opens_new_year = IncentiveFactory(valid_from=datetime.date(2026, 1, 1))
    with time_machine.travel(moment, tick=False):
        assert list(Incentive.objects.open_now()) == [opens_new_year]
        assert not Incentive.objects.with_open_flag().get(pk=closed_new_year.pk).is_open
