import random

import pytest
from django.http import QueryDict

from districts.models import District, ValueChainSegment
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from enterprises.search import matching
from enterprises.selectors import directory_facets
from tests.factories import DistrictFactory, EnterpriseFactory

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


def test_filter_sets_set_up_one_after_another_each_filter_by_their_own_selection(directory):
    # Their filters and form class are set up from shared parts; what each request chose stays its own.
    haizhu = EnterpriseFilter(QueryDict("district=haizhu&segment=production"), Enterprise.objects.published())
    linping = EnterpriseFilter(QueryDict("district=linping"), Enterprise.objects.published())
    assert haizhu.form.__class__ is linping.form.__class__
    assert {enterprise.slug for enterprise in linping.qs} == {
        enterprise.slug for enterprise in Enterprise.objects.published().filter(district__slug="linping")
    }
    assert {enterprise.slug for enterprise in haizhu.qs} == {"pearl-shorts"}
    assert haizhu.form["district"].value() == ["haizhu"] and linping.form["segment"].value() == []


@pytest.fixture
def mixed_directory(db):
    """Sixty enterprises with every mix of district, segments, size and verification, a third mentioning drama."""
    rng = random.Random(5)
    districts = [DistrictFactory(slug=f"mixed-{number}") for number in range(3)]
    for number in range(60):
        EnterpriseFactory(
            slug=f"mixed-{number}",
            summary_en="Drama series." if number % 3 == 0 else "Advertising.",
            district=rng.choice(districts + [None]),
            segments=rng.sample(["production", "platform", "overseas"], rng.randint(0, 2)),
            size_band=rng.choice(["", "small", "large"]),
            is_verified=rng.random() < 0.3,
        )
    return districts


def expected_facets(enterprises, selections) -> dict:
    """The counts the directory promises, counted one enterprise at a time."""

    def meets(enterprise, facet, selection):
        if not selection:
            return True
        if facet == "district":
            return enterprise.district_id in selection
        if facet == "segment":
            return bool(set(enterprise.segments) & set(selection))
        if facet == "size":
            return enterprise.size_band in selection
        return enterprise.is_verified

    def count(facet, value_holds):
        others = [
            enterprise
            for enterprise in enterprises
            if all(meets(enterprise, other, selection) for other, selection in selections.items() if other != facet)
        ]
        return sum(1 for enterprise in others if value_holds(enterprise))

    districts = District.objects.published()
    return {
        "total": count(None, lambda enterprise: True),
        "district": {d.slug: count("district", lambda e, d=d: e.district_id == d.pk) for d in districts},
        "segment": {
            value: count("segment", lambda e, value=value: value in e.segments) for value in ValueChainSegment.values
        },
        "size": {value: count("size", lambda e, value=value: e.size_band == value) for value in SIZES},
        "verified": {"on": count("verified", lambda e: e.is_verified)},
    }


SIZES = Enterprise.SizeBand.values


@pytest.mark.parametrize("keyword", ["", "drama"])
@pytest.mark.parametrize(
    "ticked",
    [
        {},
        {"district": [0]},
        {"segment": ["platform"]},
        {"district": [0, 2], "segment": ["production", "overseas"]},
        {"size": ["small"], "verified": True},
        {"district": [1], "segment": ["platform"], "size": ["large", ""], "verified": True},
    ],
)
def test_every_count_matches_a_count_of_the_enterprises_one_by_one(mixed_directory, keyword, ticked):
    selections = {**NO_SELECTION, **ticked}
    selections["district"] = [mixed_directory[number].pk for number in ticked.get("district", [])]
    queryset = matching(Enterprise.objects.published(), keyword)
    assert directory_facets(queryset, selections) == expected_facets(list(queryset), selections)
