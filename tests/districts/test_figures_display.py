"""What a reader sees around each figure: whom an amount is for and over what period, whether a measure is
open, who qualifies, whose measure it is and what it covers, the caveat, and the sources as published."""

import datetime

import pytest

from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustrialFundFactory,
    KeyFigureFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def haizhu():
    district = DistrictFactory(slug="haizhu", name_en="Haizhu", name_zh_hans="海珠区")
    IncentiveFactory(
        district=district,
        title_en="Studio support",
        max_amount_cny=800_000,
        amount_for="company",
        amount_period="year",
        stages=[],
        segments=["production"],
    )
    IncentiveFactory(
        district=district,
        title_en="Per-work reward",
        max_amount_cny=100_000,
        amount_for="work",
        amount_period="one_off",
        amount_is_maximum=False,
    )
    IncentiveFactory(
        district=district,
        title_en="Provincial platform measure",
        max_amount_cny=3_000_000,
        amount_for="company",
        amount_period="not_published",
        level="province",
        scope="internet_content",
        eligibility_published=False,
        valid_from=None,
        caveat_en="A Henan measure, filed under the city that applies it.",
        caveat_zh_hans="河南省措施，列在适用它的城市下。",
    )
    KeyFigureFactory(district=district, scope="digital_economy", label_en="Years of double-digit growth", value=9)
    IndustrialFundFactory(district=district, name_en="Culture fund", level="province", scope="culture")
    return district


def test_amounts_say_whom_they_are_for_and_their_period_up_to_only_for_a_maximum(client, haizhu):
    english = client.get("/en/districts/haizhu/").content.decode()
    assert "up to 800,000 yuan per company a year" in english
    assert "100,000 yuan per work, one-off" in english and "up to 100,000" not in english
    assert "up to 3 million yuan per company (period not published)" in english
    chinese = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "每家企业每年最高80万元" in chinese and "每部作品一次性10万元" in chinese
    assert "每家企业（期限未公布）最高300万元" in chinese and "最高10万元" not in chinese


def test_a_measure_without_published_dates_or_eligibility_is_neither_open_nor_for_everyone(client, haizhu):
    english = client.get("/en/districts/haizhu/").content.decode()
    provincial = english[english.index("Provincial platform measure") :]
    provincial = provincial[: provincial.index("</article>")]
    assert "Validity not published; ask the bureau" in provincial and "Open now" not in provincial
    assert "Who qualifies is not published; ask the bureau" in provincial and "every stage" not in provincial
    studio = english[english.index("Studio support") :]
    assert "Open to every stage · Production" in studio[: studio.index("</article>")]
    assert "Open now" in studio[: studio.index("</article>")]
    chinese = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "有效期未公布，请向投资促进局咨询" in chinese and "申请条件未公布，请向投资促进局咨询" in chinese
    assert "不限企业阶段" in chinese


def test_level_scope_and_caveat_are_shown_with_the_record(client, haizhu):
    english = client.get("/en/districts/haizhu/").content.decode()
    assert '<span class="badge badge-level">Province</span>' in english
    assert '<span class="badge badge-scope">Internet content</span>' in english
    assert '<span class="badge badge-scope">Digital economy</span>' in english  # the key figure
    assert '<span class="badge badge-scope">Culture and creative industries</span>' in english  # the fund
    assert "Note: A Henan measure, filed under the city that applies it." in english
    assert '<span class="badge badge-level">District</span>' not in english  # the district's own: no badge
    chinese = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert '<span class="badge badge-level">省级</span>' in chinese and "数字经济" in chinese
    assert "说明：河南省措施，列在适用它的城市下。" in chinese


def test_a_citation_names_a_title_only_as_published_and_where_a_reprint_was_read(client):
    district = DistrictFactory(slug="haizhu")
    staff_label = SourceFactory(
        publisher="羊城晚报", title="海珠区文化创意产业基金发布", published_on=datetime.date(2023, 3, 14)
    )
    published = SourceFactory(
        publisher="海珠区人民政府",
        publisher_english="Haizhu District Government",
        title="关于支持互联网优质内容创作的若干举措",
        title_as_published=True,
        title_english="Measures supporting quality online content",
        published_on=None,
    )
    reprint = SourceFactory(
        publisher="南方都市报",
        publisher_english="Southern Metropolis Daily",
        title="",
        kind="reprint",
        read_via="eastmoney.com",
        read_on=datetime.date(2025, 11, 15),
        published_on=None,
        url="https://example.com/reprint",
    )
    incentive = IncentiveFactory(district=district, source=published, title_en="Content measure")
    incentive.further_sources.add(reprint)
    FacilityFactory(district=district, source=staff_label)
    english = client.get("/en/districts/haizhu/").content.decode()
    assert "海珠区文化创意产业基金发布" not in english  # a label for staff, never a title on the page
    assert "Source: Yangcheng" not in english and "Source: 羊城晚报, March 14, 2023" in english
    assert (
        "Source: Haizhu District Government (海珠区人民政府), “关于支持互联网优质内容创作的若干举措” "
        "(Measures supporting quality online content)" in english
    )
    assert (
        'Also: <a href="https://example.com/reprint" rel="noopener external">Southern Metropolis Daily (南方都市报)</a>'
        "; a reprint read in eastmoney.com on Nov. 15, 2025" in english
    )
    chinese = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "来源：羊城晚报，2023年3月14日" in chinese and "海珠区文化创意产业基金发布" not in chinese
    assert "来源：海珠区人民政府《关于支持互联网优质内容创作的若干举措》" in chinese
    assert 'rel="noopener external">南方都市报</a>（转载，2025年11月15日阅读于eastmoney.com）' in chinese
    detail = client.get(f"/en/incentives/{incentive.pk}/").content.decode()
    assert "Also: " in detail and "a reprint read in eastmoney.com" in detail


def test_the_incentive_page_never_shows_a_source_label_as_the_policy_document(client):
    incentive = IncentiveFactory(
        source=SourceFactory(title="西湖区每部微短剧奖励10万元"),
        policy_document="",
        max_amount_cny=50_000_000,
        amount_for="programme",
        amount_period="year",
        amount_is_maximum=False,
    )
    page = client.get(f"/en/incentives/{incentive.pk}/").content.decode()
    assert "西湖区每部微短剧奖励10万元" not in page and "Title not published" in page
    assert "50 million yuan programme budget a year" in page and "in total" not in page
    assert "a programme's budget, not what one company can receive" in page
    chinese = client.get(f"/zh-hans/incentives/{incentive.pk}/").content.decode()
    assert "专项年度预算5000万元" in chinese and "为专项预算，并非单家企业可获金额" in chinese


def test_an_enterprise_page_cites_its_source_as_published_with_its_caveat(client):
    enterprise = EnterpriseFactory(
        source=SourceFactory(publisher="广州日报", title="A label for staff", published_on=datetime.date(2024, 5, 1)),
        caveat_en="Staff count derived from the Guangzhou site.",
    )
    page = client.get(f"/en/enterprises/{enterprise.slug}/").content.decode()
    assert "Source: 广州日报, May 1, 2024" in page and "A label for staff" not in page
    assert "Note: Staff count derived from the Guangzhou site." in page


def test_a_published_document_title_keeps_its_own_brackets_in_both_languages(client):
    district = DistrictFactory(slug="haizhu")
    source = SourceFactory(
        publisher="海珠区人民政府",
        title="《海珠区关于支持互联网优质内容创作的若干举措》",
        title_as_published=True,
        title_english="Haizhu measures supporting quality online content creation",
        published_on=None,
    )
    IncentiveFactory(district=district, source=source)
    english = client.get("/en/districts/haizhu/").content.decode()
    assert (
        "Source: 海珠区人民政府, 《海珠区关于支持互联网优质内容创作的若干举措》 "
        "(Haizhu measures supporting quality online content creation)" in english
    )
    assert "“《" not in english
    chinese = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "来源：海珠区人民政府《海珠区关于支持互联网优质内容创作的若干举措》" in chinese and "《《" not in chinese
