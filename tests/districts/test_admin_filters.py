"""Staff list and filter incentives and districts by the flags the public pages rely on."""

import pytest

from districts.models import Incentive, Scope
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def incentives():
    district = DistrictFactory()
    for title, scope, amount_for, year in [
        ("Drama per work", Scope.MICRO_DRAMA, Incentive.AmountFor.WORK, 2025),
        ("General total", Scope.CULTURE, Incentive.AmountFor.PROGRAMME, 2024),
    ]:
        IncentiveFactory(district=district, title_en=title, scope=scope, amount_for=amount_for, application_year=year)
    IncentiveFactory(district=district, title_en="Drama per year", amount_for="company", amount_period="year")


def listed(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200
    return sorted(str(row) for row in response.context["cl"].result_list)


@pytest.mark.parametrize(
    "query, titles",
    [
        ({"scope__exact": "micro_drama"}, ["Drama per work", "Drama per year"]),
        ({"scope__exact": "culture"}, ["General total"]),
        ({"amount_for__exact": "work"}, ["Drama per work"]),
        ({"application_year": "2024"}, ["General total"]),
        ({"validity": "open"}, ["Drama per year"]),
        ({"validity": "closed"}, ["Drama per work", "General total"]),
        ({"validity": "not_published"}, []),
    ],
)
def test_incentive_changelist_filters_by_the_new_flags(admin_client, incentives, query, titles):
    assert listed(admin_client, "/admin/districts/incentive/", query) == titles


def test_incentive_changelist_shows_the_new_columns_and_filters(admin_client, incentives):
    page = admin_client.get("/admin/districts/incentive/").content.decode()
    for heading in ["Scope", "Level", "Basis", "Validity", "By application round", "By the amount is for", "By over"]:
        assert heading in page
    assert "?application_year=2025" in page and "?amount_for__exact=programme" in page
    assert "?validity=not_published" in page and "?amount_period__exact=round" in page
    assert "per company a year" in page and "per work a year" in page


def test_district_changelist_filters_the_host(admin_client):
    DistrictFactory(name_en="Haizhu District", is_host=True)
    DistrictFactory(name_en="Linping District")
    assert listed(admin_client, "/admin/districts/district/", {"is_host__exact": "1"}) == ["Haizhu District"]
    assert listed(admin_client, "/admin/districts/district/", {"is_host__exact": "0"}) == ["Linping District"]
    assert "Host district" in admin_client.get("/admin/districts/district/").content.decode()
