"""Search pages and suggestions are stored like other public pages, and a write shows in them at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from search.models import SearchSynonym
from tests.factories import DistrictFactory, EventFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.mark.parametrize("url", ["/en/search/?q=studio", "/zh-hans/search/suggestions/?q=studio"])
def test_a_second_search_is_answered_without_queries(client, url, django_assert_num_queries):
    IncentiveFactory(title_en="Studio grant")
    first = client.get(url).content
    with django_assert_num_queries(0):
        assert Client().get(url).content == first


def test_a_new_record_or_synonym_shows_in_the_next_search(client):
    assert "Hengdian open day" not in client.get("/en/search/?q=横店").content.decode()

    EventFactory(title_en="Hengdian open day")
    assert "Hengdian open day" not in client.get("/en/search/?q=横店").content.decode()  # no synonym yet
    SearchSynonym.objects.create(terms="横店\nHengdian")

    assert "open day" in client.get("/en/search/?q=横店").content.decode()


def test_a_new_search_reads_neither_synonyms_nor_districts_until_they_change(client):
    IncentiveFactory(title_en="Studio grant")
    client.get("/zh-hans/search/suggestions/?q=studio")

    with CaptureQueriesContext(connection) as fresh:
        assert client.get("/en/search/?q=grant").status_code == 200
    statements = [query["sql"] for query in fresh.captured_queries]
    assert not any("search_searchsynonym" in statement for statement in statements)
    # The search's own statements check a district's publication; none reads the districts' list.
    assert not any(statement.startswith('SELECT "districts_district"') for statement in statements)

    nansha = DistrictFactory(slug="nansha", name_en="Nansha", name_zh_hans="南沙区")
    IncentiveFactory(district=nansha, title_en="Shooting grant")
    assert "Shooting grant" in client.get("/en/search/?q=Nansha").content.decode()
