"""The demo data says what the seeds (shared/seeds) say and no more; loading it again, or with --reset on a
database loaded by an earlier version, leaves one corrected row per fact."""

import pytest
from django.core.management import call_command
from django.utils import translation

from districts.models import District, Facility, Incentive, IndustrialFund, KeyFigure, ServiceCenter, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def api_incentives(client, district: str) -> dict:
    items = client.get(f"/api/v1/incentives/?district={district}&lang=en").json()["items"]
    return {item["title"]: item for item in items}


def counts():
    return {model.__name__: model.objects.count() for model in (District, Incentive, KeyFigure, Source, IndustrialFund)}


def test_load_demo_is_idempotent_and_every_record_has_a_source(demo):
    before = counts()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", reset=True, verbosity=0)
    assert counts() == before
    assert set(District.objects.values_list("slug", flat=True)) >= {"haizhu", "linping"}
    assert not Incentive.objects.filter(source__isnull=True).exists()
    assert not KeyFigure.objects.filter(source__isnull=True).exists()
    for source in Source.objects.all():
        source.full_clean()  # a title marked as published is not empty; a reprint or summary says where it was read


def make_it_the_old_demo():
    """What the demo loaded before the audit: invented titles, supposed publishers, an unsourced measure."""
    Source.objects.filter(publisher="发布方未注明", title="上海2025年第一批申报指南").update(
        publisher="新华社", title="上海2025年度第一批微短剧扶持申报指南", publisher_english="Xinhua News Agency"
    )
    Source.objects.filter(publisher="发布方未注明", title__startswith="郑州市微短剧企业数").update(
        publisher="郑州市人民政府", title="《郑州市打造“微短剧创作之都”工作实施方案（2025—2027年）》"
    )
    Source.objects.filter(publisher="hangzhou.com.cn", title="西湖区每部作品奖励（报道）").update(
        title="西湖区每部微短剧奖励10万元", title_as_published=True
    )
    IndustrialFund.objects.filter(district__slug="linping").update(name_zh_hans="“大美临卓”产业基金")
    Incentive.objects.filter(district__slug="haizhu").update(scope="micro_drama")
    Incentive.objects.filter(district__slug="xihu").update(amount_is_maximum=True, amount_period="one_off")
    Incentive.objects.filter(title_en="Shanghai micro-drama guide fund").update(amount_period="not_published")
    Incentive.objects.filter(title_en="Zhengzhou support policy for online micro-dramas").update(
        valid_from="2024-10-25"
    )
    Incentive.objects.create(
        district=District.objects.get(slug="linping"),
        source=Source.objects.get(title="微短剧产业“领跑者” 杭州临平做对了什么?"),
        level="district",
        scope="micro_drama",
        category="subsidy",
        title_zh_hans="企业全生命周期扶持政策",
        title_en="Lifecycle support for enterprises",
        summary_en="Policies that support enterprises from settling in to growing.",
    )


def test_a_reset_corrects_a_database_loaded_with_the_old_demo(demo):
    expected = counts()
    make_it_the_old_demo()

    call_command("load_demo", verbosity=0)
    assert Source.objects.count() == expected["Source"]  # old rows are corrected in place, never doubled
    call_command("load_demo", reset=True, verbosity=0)

    assert counts() == expected
    assert not Source.objects.filter(publisher__in=["郑州市人民政府", "大同市人民政府"]).exists()
    assert not Source.objects.filter(title="西湖区每部微短剧奖励10万元").exists()
    guide = Incentive.objects.get(title_en="Support for outstanding micro-dramas (2025, first batch)")
    assert guide.source.publisher == "发布方未注明" and guide.source.publisher_english == "Publisher not named"
    assert not Incentive.objects.filter(title_en="Lifecycle support for enterprises").exists()
    assert IndustrialFund.objects.get(district__slug="linping").name_zh_hans == "Da Mei Lin Zhuo 产业基金"
    assert list(Incentive.objects.filter(district__slug="haizhu").micro_drama().values_list("title_en", flat=True)) == [
        "Service package for micro-drama professionals"
    ]
    assert not Incentive.objects.get(title_en="Xihu reward per micro-drama").amount_is_maximum
    assert not Incentive.objects.exclude(valid_from=None).exists()


def test_a_title_shows_only_where_a_seed_gives_it_word_for_word(demo):
    with translation.override("zh-hans"):
        shown = {source.published_title for source in Source.objects.all()} - {""}
    assert shown == {
        "Haizhu builds hub for micro-drama industry",
        "微短剧产业“领跑者” 杭州临平做对了什么?",
        "海府办函〔2024〕9号《广州市海珠区“文旅体一证通”行政审批改革试点工作方案》",
    }
    invented = ["上海出台9条措施支持微短剧发展", "西湖区每部微短剧奖励10万元", "Linping issues 300 million yuan policy"]
    assert not Source.objects.filter(title__in=invented).exists()
    # A policy document is named only where a source gives its title; never a headline.
    assert set(Incentive.objects.exclude(policy_document="").values_list("district__slug", flat=True)) == {
        "haizhu",
        "datong",
        "zhengzhou",
    }


def test_publishers_are_the_ones_the_seeds_name(demo):
    # more-facts gives Shanghai's 2025 guide, Xihu's major-theme support and Zhengzhou's figures a date only.
    assert Source.objects.filter(publisher="发布方未注明").count() == 3
    assert Incentive.objects.get(title_en="Xihu support for major-theme works").source.publisher == "发布方未注明"
    assert KeyFigure.objects.get(label_en="Micro-drama market (end of 2024)").source.publisher == "发布方未注明"
    shanghai_fund = Incentive.objects.get(title_en="Shanghai micro-drama guide fund").source
    assert (shanghai_fund.publisher, shanghai_fund.published_on.isoformat()) == ("新华社", "2024-06-25")
    # The 南方都市报 report was read in a reprint; seed 002 is a third party's summary of the article.
    report = Source.objects.get(publisher="南方都市报")
    assert (report.kind, report.read_via, report.read_on.isoformat()) == (
        "reprint",
        "gubaposthk.eastmoney.com",
        "2025-11-15",
    )
    assert Source.objects.get(title="微短剧产业“领跑者” 杭州临平做对了什么?").kind == Source.Kind.SUMMARY
    assert Source.objects.get(title="Haizhu builds hub for micro-drama industry").url == "https://en.haizhu.gov.cn/"


def test_amounts_say_whom_they_are_for_and_over_what_period_as_published(demo, client):
    with translation.override("en"):
        shanghai = {i.title_en: i.amount_display for i in Incentive.objects.filter(district__slug="shanghai")}
        xihu = {i.title_en: i.amount_display for i in Incentive.objects.filter(district__slug="xihu")}
    assert shanghai["Shanghai micro-drama guide fund"] == "50 million yuan programme budget a year"
    assert xihu["Xihu reward per micro-drama"] == "100,000 yuan per work (period not published)"
    assert xihu["Xihu support for major-theme works"] == "up to 5 million yuan per work (period not published)"
    fund = api_incentives(client, "shanghai")["Shanghai micro-drama guide fund"]
    assert (fund["amount_for"], fund["amount_period"], fund["amount_is_maximum"]) == ("programme", "year", False)
    datong = api_incentives(client, "datong")["Reward for horizontal micro-dramas by revenue share"]
    assert (datong["amount_for"], datong["amount_period"], datong["amount_is_maximum"]) == ("work", "round", True)
    bases = api_incentives(client, "haizhu")["Support for bases with shared shooting sets or live-stream rooms"]
    assert (bases["amount_for"], bases["amount_period"], bases["max_amount_cny"]) == ("company", "year", 800_000)


def test_haizhus_general_content_measures_are_listed_but_not_counted_as_micro_drama(demo, client):
    haizhu = api_incentives(client, "haizhu")
    assert len(haizhu) == 6
    counted = {title for title, item in haizhu.items() if item["is_micro_drama_specific"]}
    assert counted == {"Service package for micro-drama professionals"}
    assert haizhu["Reward for bringing in top streamers and influencers"]["scope"]["code"] == "internet_content"
    valley = Facility.objects.get(name_en="Internet quality-content creation valley")
    assert (valley.kind, valley.scope) == (Facility.Kind.CREATIVE_PARK, "internet_content")


def test_henans_measures_are_the_provinces_and_say_so(demo, client):
    zhengzhou = api_incentives(client, "zhengzhou")
    levels = {title: item["level"]["code"] for title, item in zhengzhou.items()}
    assert levels == {
        "Zhengzhou support policy for online micro-dramas": "city",
        "Henan support for platform operators": "province",
        "Henan support for scripts": "province",
    }
    assert "not Zhengzhou's own" in Incentive.objects.get(title_en="Henan support for scripts").caveat_en


def test_only_datong_publishes_who_qualifies_and_no_validity_comes_from_an_issue_date(demo):
    published = Incentive.objects.filter(eligibility_published=True)
    assert set(published.values_list("district__slug", flat=True)) == {"datong"}
    assert all("发行许可证" in incentive.documents_zh_hans for incentive in published)
    assert "广播电视节目" not in "".join(published.values_list("documents_zh_hans", flat=True))
    assert not Incentive.objects.exclude(valid_from=None).exists()
    dated = Incentive.objects.exclude(application_year=None)
    assert set(dated.values_list("district__slug", "application_year")) == {("datong", 2025), ("shanghai", 2025)}


def test_key_figures_say_what_grew_and_date_only_the_periods_a_source_names(demo):
    haizhu = KeyFigure.objects.filter(district__slug="haizhu", is_headline=True)
    assert set(haizhu.values_list("scope", flat=True)) == {"digital_economy"}
    growth = haizhu.get(label_zh_hans="数字经济核心产业连续两位数增长")
    assert "digital-economy" in growth.label_en
    period = KeyFigure.objects.filter(date_meaning=KeyFigure.DateMeaning.PERIOD)
    # More-facts gives Zhengzhou's two figures "at the end of 2024"; every other source gives only its own date.
    assert sorted(period.values_list("label_en", flat=True)) == [
        "Micro-drama firms (end of 2024)",
        "Micro-drama market (end of 2024)",
    ]


def test_names_the_sources_give_only_in_english_are_marked_as_translations(demo):
    fund = IndustrialFund.objects.get(district__slug="linping")
    assert "大美临卓" not in fund.name_zh_hans and "Da Mei Lin Zhuo" in fund.caveat_zh_hans
    assert "大美临卓" not in District.objects.get(slug="linping").overview_zh_hans
    for center in ServiceCenter.objects.filter(district__slug="linping"):
        assert "译文" in center.caveat_zh_hans and "translation" in center.caveat_en, center.name_en
    collaboration = ServiceCenter.objects.get(kind=ServiceCenter.Kind.COLLABORATION)
    assert "shooting arrangements" not in collaboration.description_en


def test_lin_ying_factory_cites_the_reports_its_opening_and_first_base_come_from(demo, client):
    factory = Facility.objects.get(name_en="Lin Ying Factory")
    assert factory.source.title == "微短剧产业“领跑者” 杭州临平做对了什么?"
    assert set(factory.further_sources.values_list("publisher", flat=True)) == {"浙江报道，发布方未注明", "大公报"}
    page = client.get("/en/districts/linping/").content.decode()
    assert "Lin Ying Factory" in page and "Ta Kung Pao (3 March 2025)" in page


def test_demo_has_shanghai_xihu_and_qiantang_with_their_sourced_figures(demo, client):
    assert District.objects.filter(slug__in=["shanghai", "xihu", "qiantang"]).count() == 3
    xihu = Incentive.objects.filter(district__slug="xihu")
    assert sorted(xihu.values_list("max_amount_cny", flat=True)) == [100_000, 5_000_000]
    assert all("do not add up" in incentive.caveat_en for incentive in xihu)
    qiantang = District.objects.get(slug="qiantang")
    assert qiantang.facilities.get().source.published_on.isoformat() == "2025-11-11"
    page = client.get("/zh-hans/districts/compare/?d=linping&d=xihu&d=qiantang&d=shanghai").content.decode()
    assert "专项年度预算5000万元" in page
    # The creative village is a creative park: on Qiantang's page, not in the comparison's studios row.
    assert "中国网络视听协会微短剧创意村" in client.get("/zh-hans/districts/qiantang/").content.decode()


@pytest.mark.parametrize(
    "language, projected, built",
    [("en", "is projected to focus on", "is building a hub"), ("zh-hans", "预计将聚焦", "正建设")],
)
def test_home_lead_says_what_haizhu_is_projected_to_do(client, demo, language, projected, built):
    page = client.get(f"/{language}/").content.decode()
    assert projected in page and built not in page
