"""The sources register: every figure, amount and claim the portal publishes, with its basis, level, scope,
source and caveat, filterable by district, as a page in both languages and as CSV."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Facility, Incentive, Scope, ServiceCenter, Source, TalentProgramme
from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustrialFundFactory,
    InvestmentContactFactory,
    KeyFigureFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def every_kind_of_record(district):
    """One record of each kind the register lists, in `district`, each with its own source."""
    KeyFigureFactory(district=district, label_en="Upstream and downstream enterprises", value=200, is_lower_bound=True)
    IncentiveFactory(
        district=district,
        title_en="Shared shooting scenes subsidy",
        max_amount_cny=800_000,
        scope=Scope.INTERNET_CONTENT,
    )
    IndustrialFundFactory(district=district, name_en="Culture fund", size_cny=5_000_000_000, source=SourceFactory())
    FacilityFactory(
        district=district,
        name_en="Creation valley",
        kind=Facility.Kind.CREATIVE_PARK,
        scene_count=None,
        area_sqm=350_000,
        source=SourceFactory(),
    )
    ServiceCenter.objects.create(
        district=district,
        name_en="Fast-track approval center",
        kind=ServiceCenter.Kind.FAST_TRACK,
        level="district",
        scope="audiovisual",
        source=SourceFactory(),
    )
    TalentProgramme.objects.create(
        district=district,
        name_en="Screenwriter camp",
        sessions_per_year=4,
        level="nation",
        scope="micro_drama",
        source=SourceFactory(),
    )
    EnterpriseFactory(district=district, name_en="Inkeverse", size_band="very_large", caveat_en="Derived from staff.")
    EventFactory(district=district, title_en="WeChat Open Class", source=SourceFactory())


@pytest.fixture
def haizhu():
    district = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区", is_host=True)
    every_kind_of_record(district)
    return district


def rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(row.split()) for row in body.split("<tr>")[1:]]


def row_about(page: str, text: str) -> str:
    [row] = [row for row in rows(page) if text in row]
    return row


def test_each_kind_of_record_has_its_row_with_the_value_as_pages_show_it(client, haizhu):
    page = client.get("/en/sources/").content.decode()
    assert len(rows(page)) == 8
    figure = row_about(page, "Upstream and downstream enterprises")
    assert "Key figure" in figure and "200+ enterprises" in figure and "published November 2025" in figure
    incentive = row_about(page, "Shared shooting scenes subsidy")
    assert "800,000 yuan" in incentive and "per company a year" in incentive
    assert "District · Internet content" in incentive
    incentive_pk = Incentive.objects.get().pk
    assert f'href="/en/incentives/{incentive_pk}/">Where it shows' in incentive
    assert "5 billion yuan" in row_about(page, "Culture fund")
    park = row_about(page, "Creation valley")
    assert "Creative park" in park and "350,000 m²" in park and 'href="/en/districts/haizhu/#studios"' in park
    assert "Operating" in row_about(page, "Fast-track approval center")
    programme = row_about(page, "Screenwriter camp")
    assert "4+ sessions a year" in programme and "Nation · Micro-drama" in programme
    enterprise = row_about(page, "Inkeverse")
    assert "1,000 people or more" in enterprise and "Derived from staff." in enterprise
    assert "WeChat Open Class" in page


def test_the_register_speaks_chinese_on_chinese_pages(client, haizhu):
    page = client.get("/zh-hans/sources/").content.decode()
    assert "<h1>来源登记表</h1>" in page
    assert "80万元" in row_about(page, "扶持政策")
    assert "35万平方米" in page and "50亿元" in page


def test_a_source_shows_its_title_only_as_published_and_where_a_reprint_was_read(client):
    district = DistrictFactory(slug="xihu")
    unmarked = SourceFactory(publisher="杭州网", title="西湖区每部微短剧奖励10万元")
    reprint = SourceFactory(
        publisher="南方都市报",
        title="海珠区发布若干举措",
        title_as_published=True,
        kind=Source.Kind.REPRINT,
        read_via="eastmoney.com",
        read_on=datetime.date(2025, 11, 15),
    )
    IncentiveFactory(district=district, title_en="Per work reward", source=unmarked).further_sources.add(reprint)
    page = client.get("/en/sources/").content.decode()
    assert "西湖区每部微短剧奖励10万元" not in page
    assert "杭州网" in page and "published Jan. 17, 2025" in page
    assert "Also from:" in page and "<cite>海珠区发布若干举措</cite>" in page
    assert "A reprint read in eastmoney.com on Nov. 15, 2025" in page


def test_an_illustrative_record_says_it_has_no_source(client):
    KeyFigureFactory(district=DistrictFactory(), label_en="Example figure", source=None, is_illustrative=True)
    row = row_about(client.get("/en/sources/").content.decode(), "Example figure")
    assert "Illustrative" in row and "None: an example, not a fact" in row


def test_the_register_filters_by_district_and_names_an_unknown_one(client, haizhu):
    KeyFigureFactory(district=DistrictFactory(slug="linping", name_en="Linping District"), label_en="Crews served")
    page = client.get("/en/sources/?district=linping").content.decode()
    assert [row for row in rows(page) if "Linping District" in row] == rows(page)
    assert len(rows(page)) == 1
    response = client.get("/en/sources/?district=nowhere")
    assert response.status_code == 200
    assert "There is no district “nowhere”." in response.content.decode()
    assert len(rows(response.content.decode())) == 9


def test_unpublished_districts_are_left_out(client, haizhu):
    KeyFigureFactory(district=DistrictFactory(is_published=False), label_en="Draft figure")
    assert "Draft figure" not in client.get("/en/sources/").content.decode()


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_holds_the_filtered_rows_headed_in_the_page_language(client, haizhu):
    KeyFigureFactory(district=DistrictFactory(slug="linping"), label_en="Crews served")
    english = read_csv(client.get("/en/sources.csv?district=haizhu"))
    assert english[0][:5] == ["District", "Kind", "What", "Value as shown", "Basis"]
    assert len(english) == 1 + 8 and all(row[0] == "Haizhu District" for row in english[1:])
    header, *entries = read_csv(client.get("/zh-hans/sources.csv?district=haizhu"))
    assert header[:5] == ["区域", "类型", "内容", "页面所示数值", "口径"]
    fund = next(row for row in entries if "50亿元" in row)
    assert fund[header.index("所在页面")].endswith("/zh-hans/districts/haizhu/#funds")


def test_the_csv_page_links_to_the_same_filter(client, haizhu):
    page = client.get("/en/sources/?district=haizhu").content.decode()
    assert 'href="/en/sources.csv?district=haizhu"' in page


def test_no_csv_cell_runs_as_a_formula(client):
    source = SourceFactory(publisher='=HYPERLINK("http://evil.example")', title="+1", title_as_published=True)
    KeyFigureFactory(district=DistrictFactory(), label_en="-2+3", caveat_en="@SUM(A1)", source=source)
    header, row = read_csv(client.get("/en/sources.csv"))
    cells = dict(zip(header, row))
    assert cells["What"] == "'-2+3"
    assert cells["Publisher"] == '\'=HYPERLINK("http://evil.example")'
    assert cells["Title as published"] == "'+1"
    assert cells["Caveat"] == "'@SUM(A1)"


def test_report_an_error_goes_to_the_host_bureau_only_when_it_takes_inquiries(client, haizhu, settings):
    settings.BUREAU_INQUIRY_EMAIL = ""
    assert "Report an error" not in client.get("/en/sources/").content.decode()
    InvestmentContactFactory(district=haizhu)
    page = client.get("/en/sources/").content.decode()
    assert all('<a href="/en/districts/haizhu/#inquiry">Report an error</a>' in row for row in rows(page))


def test_the_register_is_in_the_sitemap_and_the_footer(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/en/sources/" in sitemap and "/zh-hans/sources/" in sitemap
    assert 'href="/zh-hans/sources/">来源登记表</a>' in client.get("/zh-hans/").content.decode()


def grow(count: int):
    for _ in range(count):
        district = DistrictFactory()
        every_kind_of_record(district)
        IncentiveFactory(district=district).further_sources.add(SourceFactory(), SourceFactory())


@pytest.mark.parametrize("path", ["/en/sources/", "/zh-hans/sources/", "/en/sources.csv", "/en/sources/?district=host"])
def test_the_register_makes_the_same_number_of_queries_as_rows_grow(client, django_assert_num_queries, path):
    host = DistrictFactory(slug="host", is_host=True)
    InvestmentContactFactory(district=host)
    grow(1)
    every_kind_of_record(host)
    client.get(path)  # warm caches such as content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    grow(5)
    with django_assert_num_queries(len(small)):
        assert client.get(path).status_code == 200
