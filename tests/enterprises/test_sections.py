"""Enterprises on the home page and on district pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DistrictFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_home_shows_a_few_enterprises_verified_first_and_links_to_the_directory(client, directory):
    EnterpriseFactory.create_batch(4, name_en="Zeta Films")
    page = client.get("/en/").content.decode()
    enterprises = section(page, "enterprises-heading")
    assert enterprises.count('class="card enterprise-card"') == 4
    assert enterprises.index("Pearl Shorts Factory") < enterprises.index("Galaxy Animation")
    assert "Hidden Drama Company" not in enterprises
    assert 'href="/en/enterprises/"' in enterprises


def test_district_page_lists_its_published_enterprises_with_a_filtered_directory_link(client, directory):
    page = client.get("/en/districts/haizhu/").content.decode()
    enterprises = section(page, "enterprises-heading")
    assert "Pearl Shorts Factory" in enterprises and "Galaxy Animation" in enterprises
    assert "Overseas Reels Technology" not in enterprises
    assert "Hidden Drama Company" not in enterprises
    assert 'href="/en/enterprises/?district=haizhu"' in enterprises


def test_district_page_without_enterprises_says_so(client):
    DistrictFactory(slug="empty")
    page = client.get("/en/districts/empty/").content.decode()
    assert "No enterprises listed for this district yet." in page


@pytest.mark.parametrize("url", ["/en/", "/en/districts/haizhu/"])
def test_enterprise_sections_keep_the_query_count_constant(client, directory, url):
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    haizhu = directory["factory"].district
    EnterpriseFactory.create_batch(10, district=haizhu)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
