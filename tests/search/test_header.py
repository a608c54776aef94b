"""Every page carries the search box in its header: a plain GET form, labelled, in the page's language."""

import pytest

from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("path", ["/", "/districts/", "/incentives/", "/enterprises/", "/events/", "/no-such-page/"])
def test_every_page_has_a_labelled_search_box_that_submits_to_the_search_page(client, language, path):
    DistrictFactory()
    page = client.get(f"/{language}{path}").content.decode()

    label = "Search the portal" if language == "en" else "搜索本站"
    assert (
        f'<form class="site-search" role="search" aria-label="{label}" method="get" action="/{language}/search/"'
        in page
    )
    assert f'<label class="visually-hidden" for="site-search-input">{label}</label>' in page
    assert '<input type="search" id="site-search-input" name="q"' in page


def test_the_header_box_leads_to_results_without_a_script(client):
    DistrictFactory(name_en="Linping District")

    response = client.get("/en/search/", {"q": "linping"})  # what submitting the header form requests

    assert response.status_code == 200
    assert "<mark>Linping</mark> District" in response.content.decode()
