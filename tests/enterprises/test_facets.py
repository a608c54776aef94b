import pytest

from enterprises.models import Enterprise
from enterprises.search import matching
from enterprises.selectors import directory_facets

pytestmark = pytest.mark.django_db

NO_SELECTION = {"district": [], "segment": [], "size": [], "verified": False}


def test_facets_count_every_published_enterprise_without_filters(directory):
    facets = directory_facets(Enterprise.objects.published(), NO_SELECTION)
    assert facets["district"] == {"haizhu": 2, "linping": 1}
    assert facets["segment"]["production"] == 1
    assert facets["segment"]["overseas"] == 1 and facets["segment"]["platform"] == 1
    assert facets["segment"]["talent"] == 0
    assert facets["size"] == {"micro": 0, "small": 1, "medium": 1, "large": 1, "very_large": 0}
    assert facets["verified"] == {"on": 1}
    assert facets["total"] == 4


def test_a_facet_ignores_its_own_selection_but_not_the_others(directory):
    haizhu = directory["factory"].district
    facets = directory_facets(Enterprise.objects.published(), {**NO_SELECTION, "district": [haizhu.pk]})
    # Ticking Linping as well would add one enterprise: its count stays visible.
    assert facets["district"] == {"haizhu": 2, "linping": 1}
    # Other facets count within Haizhu only.
    assert facets["segment"]["production"] == 1 and facets["segment"]["platform"] == 0
    assert facets["size"]["large"] == 0
    assert facets["verified"] == {"on": 1}
    assert facets["total"] == 2


def test_facets_count_within_the_keyword_matches(directory):
    facets = directory_facets(matching(Enterprise.objects.published(), "短剧"), NO_SELECTION)
    assert facets["district"] == {"haizhu": 2, "linping": 0}
    assert facets["total"] == 2
    assert facets["segment"]["ip_content"] == 1 and facets["segment"]["platform"] == 0


def test_counts_are_shown_beside_each_filter_value(client, directory):
    response = client.get("/en/enterprises/?district=haizhu&segment=production")
    page = response.content.decode()
    assert '<span class="facet-count" data-facet="district:linping">(0)</span>' in page
    assert '<span class="facet-count" data-facet="district:haizhu">(1)</span>' in page
    assert '<span class="facet-count" data-facet="segment:ip_content">(1)</span>' in page
    assert '<span class="facet-count" data-facet="verified:on">(1)</span>' in page
    assert response.context["facets"] == directory_facets(
        Enterprise.objects.published(),
        {**NO_SELECTION, "district": [directory["factory"].district.pk], "segment": ["production"]},
    )


def test_an_invalid_facet_value_counts_as_no_selection(client, directory):
    response = client.get("/en/enterprises/?district=atlantis")
    assert response.context["facets"]["district"] == {"haizhu": 2, "linping": 1}


@pytest.mark.parametrize(
    "selected", ["", "district=haizhu", "segment=production&segment=platform", "q=drama&size=large"]
)
def test_each_count_is_the_number_of_results_that_ticking_the_value_gives(client, directory, selected):
    facets = client.get(f"/en/enterprises/?{selected}").context["facets"]
    for facet in ("district", "segment", "size"):
        for value, count in facets[facet].items():
            # The facet's own selection replaced by this one value.
            others = "&".join(part for part in selected.split("&") if part and not part.startswith(f"{facet}="))
            response = client.get(f"/en/enterprises/?{others}&{facet}={value}")
            assert response.context["paginator"].count == count, (facet, value)
            assert len(response.context["enterprises"]) == count
