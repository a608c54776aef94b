"""Bureau staff keep the search's synonym list in the admin; a search then finds every term of a group."""

import re

import pytest
from django.contrib.auth.models import Group

from search.models import SearchSynonym
from staff.roles import BUREAU_STAFF
from tests.factories import FacilityFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """The page without its markup: matched words are marked inside the titles."""
    return re.sub(r"<.*?>", "", response.content.decode())


@pytest.fixture
def bureau_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=BUREAU_STAFF))
    client.force_login(user)
    return client


def test_the_field_s_synonyms_are_there_from_the_start(client):
    IncentiveFactory(title_zh_hans="竖屏剧扶持", title_en="Vertical series support")
    IncentiveFactory(title_zh_hans="海外发行", title_en="Overseas distribution grant")

    assert "竖屏剧扶持" in page_text(client.get("/zh-hans/search/", {"q": "short drama"}))
    assert "Overseas distribution grant" in page_text(client.get("/en/search/", {"q": "出海"}))


def test_bureau_staff_add_a_synonym_group_in_the_admin_and_the_search_uses_it(bureau_client):
    FacilityFactory(name_zh_hans="横店影视城", name_en="")

    response = bureau_client.post("/admin/search/searchsynonym/add/", {"terms": "Hengdian\n横店"})

    assert response.status_code == 302
    assert SearchSynonym.objects.filter(terms__contains="Hengdian").exists()
    assert "横店影视城" in page_text(bureau_client.get("/en/search/", {"q": "hengdian"}))


def test_a_group_of_one_term_is_refused_with_a_message(bureau_client):
    response = bureau_client.post("/admin/search/searchsynonym/add/", {"terms": "横店"})

    assert response.status_code == 200
    assert "请至少填写两个词，每行一个。" in response.content.decode()  # the admin speaks Chinese
