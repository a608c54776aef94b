"""/api/v1/search/: the site's search as JSON, every kind counted, plain-text excerpts, bad queries a 400."""

import pytest

from tests.factories import DistrictFactory, EnterpriseFactory, EventFactory, FacilityFactory, IncentiveFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def linping():
    return DistrictFactory(slug="linping", name_zh_hans="临平区", name_en="Linping District")


def test_search_answers_counts_by_kind_and_results_with_plain_excerpts(client, linping):
    IncentiveFactory(district=linping, title_en="Copyright grant", summary_en="For <b>registered</b> copyright.")
    FacilityFactory(district=linping, name_en="Copyright studio")
    EnterpriseFactory(name_en="Pending copyright house", state="pending")

    body = client.get("/api/v1/search/", {"q": "copyright", "lang": "en"}).json()

    assert body["count"] == 2
    counts = {kind["kind"]: kind["count"] for kind in body["kinds"]}
    assert counts["incentive"] == 1 and counts["facility"] == 1 and counts["enterprise"] == 0
    assert {kind["label"] for kind in body["kinds"]} >= {"Incentives", "Studios and shooting bases"}
    incentive = next(result for result in body["results"] if result["kind"] == "incentive")
    assert incentive["title"] == "Copyright grant"
    assert incentive["district"] == "Linping District"
    assert incentive["url"].endswith("/en/incentives/%d/" % linping.incentives.get().pk)
    assert incentive["excerpt"] == "For <b>registered</b> copyright."  # plain text: no marks, nothing escaped


def test_search_in_chinese_with_synonyms_and_one_kind_page_by_page(client, linping):
    for number in range(3):
        EventFactory(district=linping, title_zh_hans=f"微短剧出海大会{number}")
    IncentiveFactory(district=linping, title_zh_hans="短剧扶持")

    first = client.get("/api/v1/search/", {"q": "短剧", "kind": "event", "page_size": 2, "lang": "zh-hans"}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 4
    assert [result["kind"] for result in first["results"]] == ["event", "event"]
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert second["results"][0]["district"] == "临平区"


def test_the_district_filter_narrows_the_search(client, linping):
    IncentiveFactory(district=linping, title_en="Studio grant")
    IncentiveFactory(title_en="Studio rent")

    body = client.get("/api/v1/search/", {"q": "studio", "district": "linping", "lang": "en"}).json()

    assert [result["title"] for result in body["results"]] == ["Studio grant"]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"q": "!?。，"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "drama\x00"}, "q"),
        ({}, "q"),
        ({"q": "drama", "kind": "planet"}, "kind"),
        ({"q": "drama", "district": "nowhere"}, "district"),
    ],
)
def test_queries_that_cannot_be_searched_are_a_problem_naming_the_parameter(client, params, parameter):
    response = client.get("/api/v1/search/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [error["parameter"] for error in response.json()["errors"]] == [parameter]


def test_the_search_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"q", "kind", "district", "page"}
    assert set(schema["components"]["schemas"]["SearchResultOut"]["properties"]) == {
        "kind",
        "title",
        "district",
        "url",
        "excerpt",
    }
