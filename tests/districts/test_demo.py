import pytest
from django.core.management import call_command

from districts.models import District, Incentive, KeyFigure

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_every_record_has_a_source():
    call_command("load_demo")
    counts = (District.objects.count(), Incentive.objects.count(), KeyFigure.objects.count())
    call_command("load_demo")
    assert (District.objects.count(), Incentive.objects.count(), KeyFigure.objects.count()) == counts
    assert set(District.objects.values_list("slug", flat=True)) >= {"haizhu", "linping"}
    assert not Incentive.objects.filter(source__isnull=True).exists()
    assert not KeyFigure.objects.filter(source__isnull=True).exists()


def test_demo_figures_are_the_ones_the_sources_give():
    call_command("load_demo")
    linping = District.objects.get(slug="linping")
    assert linping.funds.get().size_cny == 100_000_000
    assert linping.facilities.get(name_en="Lin Ying Factory").scene_count == 40
    shooting_sets = Incentive.objects.get(district__slug="haizhu", max_amount_cny=800_000)
    assert (shooting_sets.amount_for, shooting_sets.amount_period) == ("company", "year")


def test_demo_has_shanghai_xihu_and_qiantang_with_their_sourced_figures(client):
    call_command("load_demo")
    assert District.objects.filter(slug__in=["shanghai", "xihu", "qiantang"]).count() == 3
    xihu = Incentive.objects.filter(district__slug="xihu")
    assert sorted(xihu.values_list("max_amount_cny", flat=True)) == [100_000, 5_000_000]
    shanghai = Incentive.objects.filter(district__slug="shanghai")
    assert set(shanghai.values_list("source__publisher", flat=True)) == {"新华社"}
    assert shanghai.get(max_amount_cny=50_000_000).amount_for == Incentive.AmountFor.PROGRAMME
    qiantang = District.objects.get(slug="qiantang")
    assert qiantang.facilities.get().source.published_on.isoformat() == "2025-11-11"
    page = client.get("/zh-hans/districts/compare/?d=linping&d=xihu&d=qiantang&d=shanghai").content.decode()
    assert "每部作品最高500万元" in page and "项目总额5000万元" in page and "中国网络视听协会微短剧创意村" in page


def test_only_figures_whose_source_names_their_period_are_dated_as_of_it():
    call_command("load_demo")
    period = KeyFigure.objects.filter(date_meaning=KeyFigure.DateMeaning.PERIOD)
    # More-facts gives Zhengzhou's two figures "at the end of 2024"; every other source gives only its own date.
    assert sorted(period.values_list("label_en", flat=True)) == [
        "Micro-drama firms (end of 2024)",
        "Micro-drama market (end of 2024)",
    ]
    haizhu_scale = KeyFigure.objects.get(district__slug="haizhu", label_zh_hans="数字经济核心产业规模")
    assert haizhu_scale.date_meaning == KeyFigure.DateMeaning.PUBLISHED
