"""Every district page makes the same number of queries in both languages however many rows there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    FacilityFactory,
    IncentiveFactory,
    IndustrialFundFactory,
    InvestmentContactFactory,
    KeyFigureFactory,
)

pytestmark = pytest.mark.django_db


def grow(rows: int):
    for row in range(rows):
        district = DistrictFactory(latitude=30, longitude=120)
        if row % 2:  # whether a district takes inquiries is read from its contact, fetched with it
            InvestmentContactFactory(district=district)
        KeyFigureFactory(district=district, is_headline=True)
        IncentiveFactory(district=district, max_amount_cny=800_000)
        IncentiveFactory(district=district, category="rent", scope="culture")
        # Every kind the maxima, the finder and the facets set apart: closed rounds, other bases and levels,
        # unknown validity and eligibility.
        IncentiveFactory(
            district=district,
            max_amount_cny=1_500_000,
            amount_for="work",
            amount_period="one_off",
            valid_from=None,
            application_year=2025,
            eligibility_published=False,
        )
        IncentiveFactory(district=district, max_amount_cny=300_000, valid_from=None, level="province")
        IndustrialFundFactory(district=district)
        FacilityFactory(district=district)
        # Partners the finder names for a production company, and a listing it never names.
        EnterpriseFactory(district=district, segments=["ip_content"], is_verified=bool(row % 2))
        EnterpriseFactory(district=district, segments=["platform", "marketing"])
        EnterpriseFactory(district=district, segments=["ip_content"], state="pending")
        EnterpriseFactory(district__slug="host", segments=["production"])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/districts/",
        "/districts/host/",
        "/districts/compare/?d=host&d=other",
        "/incentives/",
        "/incentives/?min_amount_wan=10&stage=startup&open_now=on",
        "/incentives/finder/?stage=growth&segment=production",
        "/incentives/finder/?stage=growth&segment=ip_content&segment=overseas&district=host&district=other",
        "incentive",
    ],
)
def test_pages_make_the_same_number_of_queries_as_rows_grow(client, django_assert_num_queries, language, path):
    host = DistrictFactory(slug="host", is_host=True, latitude=23, longitude=113)
    DistrictFactory(slug="other", latitude=30, longitude=120)
    incentive = IncentiveFactory(district=host, max_amount_cny=600_000)
    KeyFigureFactory(district=host, is_headline=True)
    grow(2)
    url = f"/{language}" + (f"/incentives/{incentive.pk}/" if path == "incentive" else path)
    client.get(url)  # warm caches such as content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200
