import datetime

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from districts.models import KeyFigure
from tests.factories import DistrictFactory, FacilityFactory, IncentiveFactory, IndustrialFundFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")


def test_district_page_shows_figures_incentives_funds_facilities_and_centers(client, demo):
    response = client.get("/en/districts/linping/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Linping District" in page
    assert "Production teams served" in page and "700+" in page
    assert "“Da Mei Lin Zhuo” industrial fund" in page
    assert "Lin Ying Factory" in page and "40+ shooting scenes" in page
    assert "Content review center" in page
    assert "Source:" in page and "中国新闻网" in page


def test_district_page_in_chinese(client, settings, demo):
    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"
    page = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "海珠区" in page and "关键数据" in page and "联系投资促进局" in page


def test_unknown_district_is_a_404(client, demo):
    assert client.get("/en/districts/atlantis/").status_code == 404


def test_district_list_shows_each_district_with_its_incentive_count(client):
    haizhu = DistrictFactory(name_en="Haizhu District")
    DistrictFactory(name_en="Linping District")
    IncentiveFactory(district=haizhu, max_amount_cny=800_000)
    IncentiveFactory(district=haizhu)
    IncentiveFactory(district=haizhu, scope="internet_content", max_amount_cny=9_000_000)  # listed, not counted
    page = " ".join(strip_tags(client.get("/en/districts/").content.decode()).split())
    assert "Haizhu District" in page and "Linping District" in page
    assert "2 micro-drama incentives" in page
    assert "Largest amount: up to 800,000 yuan per company a year" in page and "9 million" not in page


def grow(rows: int):
    for _ in range(rows):
        district = DistrictFactory()
        KeyFigureFactory(district=district)
        IncentiveFactory(district=district)
        IndustrialFundFactory(district=district)
        FacilityFactory(district=district)


@pytest.mark.parametrize("url", ["/en/districts/", "/en/incentives/", "/en/", "/en/districts/district-x/"])
def test_list_pages_make_the_same_number_of_queries_as_rows_grow(client, url):
    DistrictFactory(slug="district-x")
    grow(2)
    client.get(url)  # warm caches such as content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(15)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_compare_shows_districts_side_by_side(client, demo):
    response = client.get("/en/districts/compare/?d=haizhu&d=linping")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Haizhu District") < page.index("Linping District")
    assert "Programme budgets (not per company)" in page and "300 million yuan" in page
    assert "industrial fund: 100 million yuan" in page


def compare_text(client, query: str) -> str:
    return " ".join(strip_tags(client.get(f"/en/districts/compare/?{query}").content.decode()).split())


def test_compare_sets_amounts_only_beside_amounts_of_the_same_basis(client):
    haizhu, xihu = DistrictFactory(slug="haizhu"), DistrictFactory(slug="xihu")
    IncentiveFactory(district=haizhu, title_en="Shared sets", max_amount_cny=800_000)
    IncentiveFactory(district=haizhu, max_amount_cny=600_000)
    for amount in (100_000, 5_000_000):
        IncentiveFactory(district=xihu, max_amount_cny=amount, amount_for="work", amount_period="one_off")
    page = compare_text(client, "d=haizhu&d=xihu")
    per_company = page.split("Largest amount per company a year")[1].split("Largest amount per work")[0]
    assert "up to 800,000 yuan per company a year" in per_company and "Shared sets" in per_company
    assert "— Largest amount per work" in page  # Xihu publishes no per-company amount: a dash, not a per-work one
    per_work = page.split("Largest amount per work, one-off")[1].split("Programme budgets")[0]
    assert per_work.strip().startswith("— up to 5 million yuan per work, one-off")
    assert "5.1 million" not in page and "600,000" not in page


def test_compare_says_a_closed_round_is_closed_and_an_undated_measure_is_neither_open_nor_closed(client):
    datong, henan = DistrictFactory(slug="datong"), DistrictFactory(slug="zhengzhou")
    IncentiveFactory(
        district=datong,
        max_amount_cny=1_500_000,
        amount_for="work",
        amount_period="one_off",
        valid_from=None,
        application_year=2025,
    )
    IncentiveFactory(
        district=henan,
        max_amount_cny=300_000,
        amount_for="work",
        amount_period="one_off",
        level="province",
        valid_from=None,
    )
    page = compare_text(client, "d=datong&d=zhengzhou")
    row = page.split("Largest amount per work, one-off")[1].split("Programme budgets")[0]
    assert row.strip().startswith("closed round: up to 1.5 million yuan per work, one-off")
    assert "up to 300,000 yuan per work, one-off · validity not published · provincial measure" in row
    assert "No per-company amount published" not in page
    assert "Validity not published: no source gives any date, so the measure is neither open nor closed" in page


def test_compare_shows_each_key_figure_with_its_level_scope_and_what_its_date_means(client):
    haizhu, zhengzhou = DistrictFactory(slug="haizhu"), DistrictFactory(slug="zhengzhou")
    KeyFigureFactory(
        district=haizhu,
        label_en="Core digital-economy industry scale",
        scope="digital_economy",
        as_of=datetime.date(2025, 1, 17),
    )
    KeyFigureFactory(
        district=zhengzhou,
        label_en="Micro-drama market",
        level="city",
        as_of=datetime.date(2024, 12, 31),
        date_meaning=KeyFigure.DateMeaning.PERIOD,
    )
    page = compare_text(client, "d=haizhu&d=zhengzhou")
    assert "published January 2025" in page and "district level · counts the digital economy" in page
    assert "as of December 2024" in page and "city level · counts micro-drama" in page


def test_compare_query_count_does_not_grow_with_districts(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get("/en/districts/compare/?d=haizhu&d=linping")
    with CaptureQueriesContext(connection) as four:
        client.get("/en/districts/compare/?d=haizhu&d=linping&d=datong&d=zhengzhou")
    assert len(four) == len(two)


@pytest.mark.parametrize(
    "query, message",
    [
        ("d=haizhu", "Choose two to four districts."),
        ("d=haizhu&d=atlantis", "There is no district “atlantis”."),
        ("d=a&d=b&d=c&d=d&d=e", "There is no district"),
    ],
)
def test_compare_explains_a_bad_selection(client, demo, query, message):
    response = client.get(f"/en/districts/compare/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_compare_refuses_more_than_four(client, demo):
    DistrictFactory(slug="fifth")
    response = client.get("/en/districts/compare/?d=haizhu&d=linping&d=datong&d=zhengzhou&d=fifth")
    assert "Choose two to four districts." in response.content.decode()


def test_chinese_pages_write_amounts_in_wan_and_yi_with_full_width_punctuation(client, demo):
    haizhu = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "每年最高80万元" in haizhu and "50亿元" in haizhu
    assert "来源：羊城晚报，2023年3月14日" in haizhu
    compare = client.get("/zh-hans/districts/compare/?d=haizhu&d=linping&d=datong").content.decode()
    assert "Da Mei Lin Zhuo 产业基金：1亿元" in compare and "临影厂（40+个拍摄场景）" in compare
    for page in (haizhu, compare):
        assert "¥" not in page and "00000" not in page


def test_english_pages_write_millions_and_billions(client, demo):
    page = client.get("/en/districts/compare/?d=haizhu&d=zhengzhou").content.decode()
    assert "5 billion yuan" in page and "2.3 billion yuan" in page
    assert "hundred million" not in page and "¥" not in page


def test_english_pages_translate_chinese_sources_and_policy_titles_keeping_the_original(client, demo):
    english = client.get("/en/districts/haizhu/").content.decode()
    assert "Southern Metropolis Daily (南方都市报)" in english
    assert (
        "Haizhu measures supporting quality online content creation (《海珠区关于支持互联网优质内容创作的若干举措》)"
        in english
    )
    chinese = client.get("/zh-hans/districts/haizhu/").content.decode()
    assert "Southern Metropolis Daily" not in chinese and "南方都市报" in chinese


def test_english_event_pages_translate_the_theme_keeping_the_original(client, demo):
    page = client.get("/en/events/hangzhou-micro-short-drama-conference-2024/").content.decode()
    # The theme quoted as the source wrote it; our English beside it is not in quotation marks.
    assert "“向新大视听 融合强视界”" in page and "towards new audiovisual media" in page
    assert "“Towards new audiovisual media" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/en/incentives/?district=hidden",
        "/en/enterprises/?district=hidden",
        "/en/events/?district=hidden",
        "/en/incentives/finder/?stage=startup&segment=production&district=hidden",
        "/en/districts/compare/?d=hidden&d=shown",
    ],
)
def test_every_district_choice_offers_published_districts_only_and_names_an_unknown_one(client, url):
    DistrictFactory(slug="shown", name_en="Shown District")
    DistrictFactory(slug="hidden", name_en="Hidden District", is_published=False)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is no district “hidden”." in page
    assert 'value="shown"' in page and 'value="hidden"' not in page


def test_district_list_reads_its_districts_and_their_incentives_in_two_queries(client, django_assert_num_queries):
    grow(3)
    client.get("/en/districts/")  # warm caches such as content types
    with django_assert_num_queries(2):
        assert client.get("/en/districts/").status_code == 200


@pytest.mark.parametrize(
    "language, published, period",
    [("en", "published January 2025", "as of December 2024"), ("zh-hans", "2025年1月发布", "截至2024年12月")],
)
def test_a_figure_dated_by_its_source_says_published_and_one_dated_by_its_period_says_as_of(
    client, language, published, period
):
    district = DistrictFactory(slug="district-x")
    KeyFigureFactory(district=district, label_en="Reported", as_of=datetime.date(2025, 1, 17))
    KeyFigureFactory(
        district=district,
        label_en="Measured",
        as_of=datetime.date(2024, 12, 31),
        date_meaning=KeyFigure.DateMeaning.PERIOD,
    )
    page = client.get(f"/{language}/districts/district-x/").content.decode()
    assert published in page and period in page
    assert ("as of January 2025" if language == "en" else "截至2025年1月") not in page
