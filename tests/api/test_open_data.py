import datetime

import pytest
import time_machine
from django.utils import timezone

from districts.models import Incentive, KeyFigure, ValueChainSegment
from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustrialFundFactory,
    KeyFigureFactory,
    RegistrationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_districts_list_key_figures_each_with_its_source(client):
    district = DistrictFactory(slug="haizhu", name_en="Haizhu", name_zh_hans="海珠区")
    source = SourceFactory(publisher="Haizhu Bureau", url="https://example.gov.cn/report")
    KeyFigureFactory(district=district, label_en="Enterprises", value=200, source=source)
    response = client.get("/api/v1/districts/?lang=en")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "Haizhu"
    assert item["url"].endswith("/en/districts/haizhu/")
    figure = item["key_figures"][0]
    assert figure["value"] == 200
    assert figure["source"]["publisher"] == "Haizhu Bureau"
    assert figure["source"]["url"] == "https://example.gov.cn/report"


def test_key_figures_say_which_are_amounts_in_yuan_and_may_have_no_date(client):
    district = DistrictFactory(slug="haizhu")
    KeyFigureFactory(district=district, value=5_000_000_000, unit="", is_amount_cny=True, as_of=None)
    figure = client.get("/api/v1/districts/haizhu/?lang=en").json()["key_figures"][0]
    assert figure["value"] == 5_000_000_000 and figure["is_amount_cny"] is True and figure["as_of"] is None
    assert figure["published_on"] is None


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_figure_gives_its_period_as_as_of_and_only_its_source_date_as_published_on(client, language):
    district = DistrictFactory(slug="haizhu")
    KeyFigureFactory(district=district, display_order=1, as_of=datetime.date(2025, 1, 17))
    KeyFigureFactory(
        district=district,
        display_order=2,
        as_of=datetime.date(2024, 12, 31),
        date_meaning=KeyFigure.DateMeaning.PERIOD,
    )
    reported, measured = client.get(f"/api/v1/districts/haizhu/?lang={language}").json()["key_figures"]
    assert (reported["as_of"], reported["published_on"]) == (None, "2025-01-17")
    assert (measured["as_of"], measured["published_on"]) == ("2024-12-31", None)


def test_schema_says_as_of_is_the_period_and_published_on_the_source_date(client):
    fields = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["KeyFigureOut"]["properties"]
    assert "period" in fields["as_of"]["description"]
    assert "published" in fields["published_on"]["description"]


def test_incentives_flag_programme_budgets_general_measures_and_per_company_maximums(client):
    budget = IncentiveFactory(max_amount_cny=300_000_000, amount_for="programme", amount_period="not_published")
    general = IncentiveFactory(max_amount_cny=5_000_000, scope="culture")
    closed_round = IncentiveFactory(max_amount_cny=1_500_000, application_year=timezone.localdate().year - 1)
    per_company = IncentiveFactory(max_amount_cny=800_000, amount_for="company", amount_period="year")
    items = {item["id"]: item for item in client.get("/api/v1/incentives/?lang=en").json()["items"]}
    assert items[budget.pk]["is_programme_total"] and not items[budget.pk]["is_per_company_maximum"]
    assert not items[general.pk]["is_micro_drama_specific"] and not items[general.pk]["is_per_company_maximum"]
    assert not items[closed_round.pk]["open_now"] and not items[closed_round.pk]["is_per_company_maximum"]
    assert items[per_company.pk]["is_per_company_maximum"] and not items[per_company.pk]["is_programme_total"]


def test_incentives_say_whom_an_amount_is_for_its_period_validity_and_whether_who_qualifies_is_published(client):
    budget = IncentiveFactory(
        max_amount_cny=50_000_000, amount_for="programme", amount_period="year", amount_is_maximum=False
    )
    unknown = IncentiveFactory(
        max_amount_cny=3_000_000,
        amount_for="company",
        amount_period="not_published",
        level="province",
        scope="internet_content",
        eligibility_published=False,
        valid_from=None,
        caveat_en="A provincial measure.",
        caveat_zh_hans="省级措施。",
    )
    items = {item["id"]: item for item in client.get("/api/v1/incentives/?lang=en").json()["items"]}
    assert (items[budget.pk]["amount_for"], items[budget.pk]["amount_period"]) == ("programme", "year")
    assert items[budget.pk]["amount_is_maximum"] is False
    assert items[budget.pk]["amount_text"] == "50 million yuan programme budget a year"
    assert items[budget.pk]["validity"] == "open" and items[budget.pk]["eligibility_published"] is True
    assert items[unknown.pk]["validity"] == "not_published" and items[unknown.pk]["open_now"] is False
    assert items[unknown.pk]["eligibility_published"] is False
    assert items[unknown.pk]["level"] == {"code": "province", "label": "Province"}
    assert items[unknown.pk]["scope"] == {"code": "internet_content", "label": "Internet content"}
    assert items[unknown.pk]["caveat"] == "A provincial measure."
    chinese = client.get(f"/api/v1/incentives/{unknown.pk}/?lang=zh-hans").json()
    assert chinese["amount_text"] == "每家企业（期限未公布）最高300万元" and chinese["level"]["label"] == "省级"
    assert chinese["caveat"] == "省级措施。"


def test_sources_give_a_title_only_as_published_and_say_where_a_reprint_was_read(client):
    label = SourceFactory(title="A headline we wrote", title_as_published=False)
    published = SourceFactory(title="《若干举措》", title_as_published=True, title_english="Measures")
    reprint = SourceFactory(
        title="", kind="reprint", read_via="eastmoney.com", read_on=datetime.date(2025, 11, 15), published_on=None
    )
    incentive = IncentiveFactory(source=label)
    incentive.further_sources.add(published, reprint)
    item = client.get(f"/api/v1/incentives/{incentive.pk}/?lang=en").json()
    assert item["source"]["title"] is None and item["source"]["title_english"] is None
    assert item["source"]["kind"] == "original" and item["source"]["read_via"] == ""
    further = sorted(item["further_sources"], key=lambda source: source["kind"])
    assert (further[0]["title"], further[0]["title_english"]) == ("《若干举措》", "Measures")
    assert further[1]["kind"] == "reprint" and further[1]["title"] is None
    assert (further[1]["read_via"], further[1]["read_on"], further[1]["published_on"]) == (
        "eastmoney.com",
        "2025-11-15",
        None,
    )


def test_key_figures_funds_and_facilities_give_their_level_scope_and_caveat(client):
    district = DistrictFactory(slug="haizhu")
    KeyFigureFactory(district=district, scope="digital_economy", caveat_en="The core digital-economy industries.")
    IndustrialFundFactory(district=district, scope="culture", level="district")
    FacilityFactory(district=district, level="city").further_sources.add(SourceFactory(publisher="Second Publisher"))
    item = client.get("/api/v1/districts/haizhu/?lang=zh-hans").json()
    figure, fund, facility = item["key_figures"][0], item["funds"][0], item["facilities"][0]
    assert figure["scope"] == {"code": "digital_economy", "label": "数字经济"}
    assert figure["caveat"] == "The core digital-economy industries."  # no Chinese given: the English falls back
    assert fund["scope"]["code"] == "culture" and fund["level"]["code"] == "district"
    assert facility["level"] == {"code": "city", "label": "市级"}
    assert facility["further_sources"][0]["publisher"] == "Second Publisher"


def test_schema_describes_amount_basis_validity_eligibility_scope_level_caveat_and_sources(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    incentive = schemas["IncentiveOut"]["properties"]
    for field in ("amount_for", "amount_period", "amount_is_maximum", "amount_text", "eligibility_published"):
        assert incentive[field]["description"], field
    assert incentive["validity"]["enum"] == ["open", "closed", "not_published"]
    assert "not_published" in incentive["validity"]["description"]
    for name in ("KeyFigureOut", "FundOut", "FacilityOut", "IncentiveOut"):
        properties = schemas[name]["properties"]
        assert {"scope", "level", "caveat", "further_sources"} <= set(properties), name
        assert "province" in properties["level"]["description"]
    source = schemas["SourceOut"]["properties"]
    assert "null" in source["title"]["description"] and source["kind"]["enum"] == ["original", "reprint", "summary"]
    assert {"read_via", "read_on"} <= set(source)


def test_language_from_query_parameter_or_accept_language(client):
    DistrictFactory(slug="haizhu", name_en="Haizhu", name_zh_hans="海珠区")
    assert client.get("/api/v1/districts/haizhu/?lang=zh-hans").json()["name"] == "海珠区"
    assert client.get("/api/v1/districts/haizhu/?lang=en").json()["name"] == "Haizhu"
    response = client.get("/api/v1/districts/haizhu/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert response.json()["name"] == "Haizhu"
    assert response["Content-Language"] == "en"
    assert client.get("/api/v1/districts/haizhu/", headers={"accept-language": "zh-CN"}).json()["name"] == "海珠区"


def test_unknown_district_is_a_problem_document(client):
    response = client.get("/api/v1/districts/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404


def test_unknown_api_address_is_a_problem_document_too(client):
    response = client.get("/api/v1/works/")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    redirect = client.get("/api/v1/districts?lang=en")
    assert redirect.status_code == 301 and redirect["Location"] == "/api/v1/districts/?lang=en"


def test_answers_vary_with_accept_language(client):
    assert "Accept-Language" in client.get("/api/v1/districts/")["Vary"]


def test_unpublished_district_is_not_listed(client):
    DistrictFactory(slug="hidden", is_published=False)
    assert client.get("/api/v1/districts/").json()["count"] == 0
    assert client.get("/api/v1/districts/hidden/").status_code == 404


def test_incentives_filtered_by_district_segment_and_amount(client):
    haizhu = DistrictFactory(slug="haizhu")
    other = DistrictFactory(slug="other")
    large = IncentiveFactory(district=haizhu, max_amount_cny=5_000_000, segments=[ValueChainSegment.PRODUCTION])
    IncentiveFactory(district=haizhu, max_amount_cny=100_000, segments=[ValueChainSegment.PRODUCTION])
    IncentiveFactory(district=haizhu, max_amount_cny=9_000_000, segments=[ValueChainSegment.PLATFORM])
    IncentiveFactory(district=other, max_amount_cny=9_000_000)
    response = client.get("/api/v1/incentives/?district=haizhu&segment=production&min_amount=1000000&lang=en")
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [large.pk]
    item = body["items"][0]
    assert item["max_amount_cny"] == 5_000_000
    assert item["source"]["publisher"] == large.source.publisher
    assert item["district"] == {"slug": "haizhu", "name": haizhu.name_en}
    assert item["segments"] == [{"code": "production", "label": "Production"}]


def test_incentives_open_now_and_sorted_by_amount(client):
    today = timezone.localdate()
    closed = IncentiveFactory(max_amount_cny=10, valid_until=today - datetime.timedelta(days=1))
    small = IncentiveFactory(max_amount_cny=100)
    big = IncentiveFactory(max_amount_cny=1000, category=Incentive.Category.FUND)
    ids = [item["id"] for item in client.get("/api/v1/incentives/?open_now=true&sort=amount").json()["items"]]
    assert ids == [big.pk, small.pk]
    all_ids = [item["id"] for item in client.get("/api/v1/incentives/?category=subsidy").json()["items"]]
    assert set(all_ids) == {closed.pk, small.pk}


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("district=nowhere", "district"),
        ("category=lottery", "category"),
        ("min_amount=-5", "min_amount"),
        ("min_amount=lots", "min_amount"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=1000", "page_size"),
        ("lang=fr", "lang"),
        ("sort=random", "sort"),
    ],
)
def test_malformed_incentive_parameters_answer_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/incentives/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400
    assert parameter in [error["parameter"] for error in problem["errors"]]


def test_pages_link_to_each_other(client):
    IncentiveFactory.create_batch(5)
    first = client.get("/api/v1/incentives/?page_size=2").json()
    assert first["count"] == 5 and len(first["items"]) == 2 and first["previous"] is None
    last = client.get(first["next"].replace("http://testserver", "")).json()
    last = client.get(last["next"].replace("http://testserver", "")).json()
    assert len(last["items"]) == 1 and last["next"] is None and last["count"] == 5


def test_enterprises_search_and_directory_filters(client):
    haizhu = DistrictFactory(slug="haizhu")
    match = EnterpriseFactory(name_zh_hans="海珠微短剧制作", name_en="Haizhu Shorts", district=haizhu, is_verified=True)
    EnterpriseFactory(name_zh_hans="动画公司", name_en="Animation Ltd", district=haizhu, is_verified=True)
    EnterpriseFactory(name_zh_hans="短剧平台", name_en="Shorts Platform", is_verified=False)
    EnterpriseFactory(name_en="Pending Shorts", state="pending")
    response = client.get("/api/v1/enterprises/?q=短剧&district=haizhu&verified=true&lang=en")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["slug"] for item in items] == [match.slug]
    assert items[0]["source"]["publisher"] == match.source.publisher
    assert client.get("/api/v1/enterprises/?q=shorts").json()["count"] == 2


def test_enterprise_detail_leaves_out_contact_details(client):
    enterprise = EnterpriseFactory(contact_email="private@example.com", contact_name="Ms Private")
    body = client.get(f"/api/v1/enterprises/{enterprise.slug}/").content.decode()
    assert enterprise.slug in body
    assert "private@example.com" not in body and "Ms Private" not in body


def test_malformed_enterprise_year_is_400(client):
    response = client.get("/api/v1/enterprises/?founded_from=1200")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "founded_from"


def test_events_show_seats_but_no_personal_data(client):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event, full_name="Zhang Wei", email="zhang@example.com")
    EventFactory(state="draft")
    response = client.get("/api/v1/events/?when=upcoming")
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["seats_left"] == 2 and body["items"][0]["capacity"] == 3


def test_an_event_taking_no_registration_here_has_no_capacity(client):
    EventFactory(capacity=None)
    response = client.get("/api/v1/events/")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["capacity"] is None and item["seats_left"] == 0 and item["registration_open"] is False
    assert "zhang@example.com" not in response.content.decode() and "Zhang Wei" not in response.content.decode()
    assert client.get("/api/v1/events/?when=past").json()["count"] == 0


def test_event_month_must_be_a_real_month(client):
    response = client.get("/api/v1/events/?month=2025-13")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


def test_list_query_count_stays_constant(client, django_assert_num_queries):
    for _ in range(4):
        district = DistrictFactory()
        KeyFigureFactory(district=district).further_sources.add(SourceFactory())
        IndustrialFundFactory(district=district)
        FacilityFactory(district=district)
    # Districts; their figures, funds and facilities with sources, each with its further sources (one page: no count)
    with django_assert_num_queries(7):
        assert len(client.get("/api/v1/districts/").json()["items"]) == 4
    IncentiveFactory.create_batch(3)
    # The district filter's choices are not read when unused; incentives, their further sources, count.
    with django_assert_num_queries(3):
        client.get("/api/v1/incentives/?page_size=2")
    EnterpriseFactory.create_batch(3)
    with django_assert_num_queries(2):
        client.get("/api/v1/enterprises/?page_size=2")


def test_cross_origin_reads_allowed(client):
    response = client.get("/api/v1/districts/", headers={"origin": "https://research.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/districts/",
        headers={"origin": "https://research.example.org", "access-control-request-method": "GET"},
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get("/en/districts/", headers={"origin": "https://research.example.org"})
    assert "Access-Control-Allow-Origin" not in page


def test_rate_limit_per_client_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/districts/").status_code == 200
    response = client.get("/api/v1/districts/")
    assert response.status_code == 429
    assert response["Content-Type"] == PROBLEM
    assert int(response["Retry-After"]) >= 1
    other = client.get("/api/v1/districts/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_api_rate_is_counted_per_minute_and_says_when_the_next_one_starts(client, settings):
    settings.API_RATE_LIMIT = "2/m"
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 0, 45, tzinfo=datetime.UTC), tick=False):
        assert [client.get("/api/v1/districts/").status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/api/v1/districts/")["Retry-After"] == "15"
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 1, 0, tzinfo=datetime.UTC), tick=False):
        assert client.get("/api/v1/districts/").status_code == 200


def test_openapi_schema_and_documentation_page(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/incentives/", "/api/v1/enterprises/", "/api/v1/events/", "/api/v1/districts/"} <= set(
        schema["paths"]
    )
    page = client.get("/en/open-data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "GET /api/v1/incentives/" in text and "min_amount" in text
    assert "cdn" not in text.lower()
    assert "开放数据接口" in client.get("/zh-hans/open-data/").content.decode()


REPORT_DAY = datetime.datetime(2025, 1, 17, 9, tzinfo=datetime.UTC)


@pytest.fixture
def undated_event():
    """An event no source dates: its stored start only places it among past events."""
    return EventFactory(
        slug="undated",
        date_announced=False,
        times_announced=False,
        starts_at=REPORT_DAY,
        ends_at=REPORT_DAY + datetime.timedelta(hours=14),
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_event_no_source_dates_has_no_start_or_end_in_list_and_detail(client, undated_event, language):
    listed = client.get(f"/api/v1/events/?when=past&lang={language}")
    detail = client.get(f"/api/v1/events/undated/?lang={language}")
    for item in (listed.json()["items"][0], detail.json()):
        assert item["slug"] == "undated" and item["date_announced"] is False
        assert item["starts_at"] is None and item["ends_at"] is None
    assert "2025-01-17" not in listed.content.decode() + detail.content.decode()


def test_a_dated_event_keeps_its_start_and_end(client):
    EventFactory(slug="dated", starts_at=REPORT_DAY, ends_at=REPORT_DAY + datetime.timedelta(hours=2))
    item = client.get("/api/v1/events/dated/").json()
    assert item["starts_at"] == "2025-01-17T09:00:00Z" and item["ends_at"] == "2025-01-17T11:00:00Z"


def test_schema_says_an_event_start_and_end_may_be_null_when_no_source_gives_the_date(client):
    fields = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["EventOut"]["properties"]
    for name in ("starts_at", "ends_at"):
        assert {"type": "null"} in fields[name]["anyOf"]
        assert "no source gives the date" in fields[name]["description"]


def test_the_month_filter_never_places_an_event_no_source_dates(client, undated_event):
    EventFactory(slug="dated", starts_at=REPORT_DAY, ends_at=REPORT_DAY + datetime.timedelta(hours=2))
    items = client.get("/api/v1/events/?month=2025-01").json()["items"]
    assert [item["slug"] for item in items] == ["dated"]
