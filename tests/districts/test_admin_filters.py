"""Staff list and filter incentives and districts by the flags the public pages rely on."""

import pytest

from districts.models import Incentive
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
    for title, specific, basis, year in [
        ("Drama per work", True, Incentive.AmountBasis.PER_WORK, 2025),
        ("General total", False, Incentive.AmountBasis.TOTAL, 2024),
    ]:
        IncentiveFactory(
            district=district,
            title_en=title,
            is_micro_drama_specific=specific,
            amount_basis=basis,
            application_year=year,
        )
    IncentiveFactory(district=district, title_en="Drama per year", amount_basis=Incentive.AmountBasis.PER_YEAR)


def listed(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200
    return sorted(str(row) for row in response.context["cl"].result_list)


@pytest.mark.parametrize(
    "query, titles",
    [
        ({"is_micro_drama_specific__exact": "1"}, ["Drama per work", "Drama per year"]),
        ({"is_micro_drama_specific__exact": "0"}, ["General total"]),
        ({"amount_basis__exact": "per_work"}, ["Drama per work"]),
        ({"application_year": "2024"}, ["General total"]),
    ],
)
def test_incentive_changelist_filters_by_the_new_flags(admin_client, incentives, query, titles):
    assert listed(admin_client, "/admin/districts/incentive/", query) == titles


def test_incentive_changelist_shows_the_new_columns_and_filters(admin_client, incentives):
    page = admin_client.get("/admin/districts/incentive/").content.decode()
    for heading in ["Specific to micro-drama", "Application round", "Amount basis"]:
        assert heading in page
    assert "?application_year=2025" in page and "?amount_basis__exact=total" in page


def test_district_changelist_filters_the_host(admin_client):
    DistrictFactory(name_en="Haizhu District", is_host=True)
    DistrictFactory(name_en="Linping District")
    assert listed(admin_client, "/admin/districts/district/", {"is_host__exact": "1"}) == ["Haizhu District"]
    assert listed(admin_client, "/admin/districts/district/", {"is_host__exact": "0"}) == ["Linping District"]
    assert "Host district" in admin_client.get("/admin/districts/district/").content.decode()
