import datetime

import pytest
from django.core.management import call_command

from districts.models import Source
from enterprises.models import Enterprise, Work

pytestmark = pytest.mark.django_db

DEMO_SLUGS = {"inkeverse", "sunchuan-media", "flextv", "byment-culture", "winsing-animation", "long-eagle-technology"}


@pytest.fixture
def demo():
    call_command("load_demo")


def test_loading_twice_changes_nothing(demo):
    counts = (Enterprise.objects.count(), Work.objects.count(), Source.objects.count())
    call_command("load_demo")
    assert (Enterprise.objects.count(), Work.objects.count(), Source.objects.count()) == counts
    assert set(Enterprise.objects.values_list("slug", flat=True)) == DEMO_SLUGS


def test_every_demo_enterprise_is_published_sourced_and_unverified(demo):
    for enterprise in Enterprise.objects.all():
        assert enterprise.is_published and enterprise.source_id and not enterprise.is_verified
        assert not enterprise.is_illustrative
        # The sources give no founding years, websites or logos.
        assert enterprise.founded_year is None and enterprise.website == "" and not enterprise.logo
    assert not Work.objects.filter(source__isnull=True).exists()


def test_haizhu_companies_reuse_the_district_report_as_their_source(demo):
    report = Source.objects.get(title="Haizhu builds hub for micro-drama industry")
    assert set(Enterprise.objects.filter(source=report).values_list("slug", flat=True)) == {
        "sunchuan-media",
        "flextv",
        "byment-culture",
        "winsing-animation",
    }
    assert set(Enterprise.objects.filter(district__slug="haizhu").values_list("slug", flat=True)) == DEMO_SLUGS - {
        "long-eagle-technology"
    }


def test_inkeverse_facts_come_from_the_interview(demo):
    inkeverse = Enterprise.objects.get(slug="inkeverse")
    assert inkeverse.name_zh_hans == "映宇宙集团" and inkeverse.name_en == "Inkeverse"
    assert inkeverse.size_band == Enterprise.SizeBand.VERY_LARGE
    assert inkeverse.source.url == "https://news.ycwb.com/ikinvjitjc/content_53858068.htm"
    assert inkeverse.source.published_on == datetime.date(2025, 12, 18)
    assert "nearly 2,000" in inkeverse.description_en and "operations base" in inkeverse.description_en
    # The staff count is the Guangzhou site's: the group's size band is derived from it, and says so.
    assert "derived" in inkeverse.caveat_en and "广州基地" in inkeverse.caveat_zh_hans


def test_names_not_found_in_chinese_show_the_english_name_in_both_languages(demo):
    for slug in ("sunchuan-media", "byment-culture", "long-eagle-technology"):
        enterprise = Enterprise.objects.get(slug=slug)
        assert enterprise.name_zh_hans == enterprise.name_en


def test_flextv_acquisition_keeps_its_unknown_year_unknown(demo):
    flextv = Enterprise.objects.get(slug="flextv")
    assert "Mega Matrix (MPU)" in flextv.description_en and "8 January" in flextv.description_en
    assert "year was not given" in flextv.description_en
    # The Haizhu report, FLEXTV's cited source, says nothing of an acquisition.
    assert "Mega Matrix" not in flextv.summary_en + flextv.summary_zh_hans
    assert "publisher is not named" in flextv.description_en and "no publisher" in flextv.caveat_en


def test_the_gg_bond_claim_is_not_cited_to_the_haizhu_report(demo):
    winsing = Enterprise.objects.get(slug="winsing-animation")
    assert winsing.source.title == "Haizhu builds hub for micro-drama industry"
    assert "GG Bond" not in winsing.summary_en and "猪猪侠" not in winsing.summary_zh_hans
    assert "(Guangzhou Daily, 23 February 2021)" in winsing.description_en and "广州日报" in winsing.caveat_zh_hans


def test_winsing_and_long_eagle_works(demo):
    gg_bond = Work.objects.get(enterprise__slug="winsing-animation")
    assert gg_bond.title_zh_hans == "猪猪侠" and gg_bond.kind == Work.Kind.ANIMATION
    assert gg_bond.source.publisher == "广州日报" and gg_bond.source.published_on == datetime.date(2021, 2, 23)
    assert Enterprise.objects.get(slug="winsing-animation").segments == ["ip_content"]
    long_eagle = Enterprise.objects.get(slug="long-eagle-technology")
    assert long_eagle.district.slug == "linping" and long_eagle.segments == ["platform", "overseas"]
    assert long_eagle.works.get().title_en == "FlickReels"
    assert long_eagle.source.title == "微短剧产业“领跑者” 杭州临平做对了什么?"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_demo_profiles_and_directory_render(client, demo, language):
    assert client.get(f"/{language}/enterprises/?q=%E7%9F%AD%E5%89%A7").status_code == 200
    for slug in DEMO_SLUGS:
        assert client.get(f"/{language}/enterprises/{slug}/").status_code == 200
    page = client.get(f"/{language}/enterprises/winsing-animation/").content.decode()
    assert "猪猪侠" in page and "广州日报" in page
