"""Reads that need care: facet counts, profiles and related enterprises, each in a fixed number of queries."""

from django.db.models import Case, F, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise, Work
from foundation.facets import FacetPass
from foundation.facets import count_facet_passes as count_shared_facet_passes
from foundation.facets import facet_passes as shared_facet_passes

FACETS = ("district", "segment", "size", "verified")
# The column each facet counts by; "total" counts every match.
FACET_COLUMNS = {"district": "district_id", "segment": "segments", "size": "size_band", "verified": "is_verified"}


def facet_condition(facet: str, selection) -> Q:
    """What ticking values of one facet means; several values of the same facet widen the result.

    Districts are chosen by primary key, so no join is needed and the (state, district) index serves them.
    """
    if not selection:
        return Q()
    if facet == "district":
        return Q(district_id__in=selection)
    if facet == "segment":
        return Q(segments__overlap=list(selection))
    if facet == "size":
        return Q(size_band__in=selection)
    if facet == "verified":
        return Q(is_verified=True)
    raise ValueError(f"Unknown facet {facet!r}")


def facet_passes(selections: dict) -> list[FacetPass]:
    """The conditions that give every count (foundation.facets.facet_passes): the only condition
    that looks beyond the current selection is a ticked facet's (for a district, across every district)."""
    return shared_facet_passes(FACETS, selections, facet_condition)


def count_facet_passes(queryset, passes: list[FacetPass]) -> list[dict]:
    """The counts of each pass, {facet: {value: count}}, in one query and one scan of the enterprises any pass needs.

    Grouping by the whole array of segments keeps the groups few (one per combination in use); each
    combination's count goes to every segment in it. Districts are counted by slug, as the filter
    names them, with every published district, as the form lists them.
    """
    counted = count_shared_facet_passes(queryset, passes, FACET_COLUMNS)
    for counts in counted:
        if "segment" in counts:
            by_segment = {}
            for combination, count in counts["segment"].items():
                for segment in set(combination):
                    by_segment[segment] = by_segment.get(segment, 0) + count
            counts["segment"] = by_segment
        if "district" in counts:
            by_id = counts["district"]
            districts = District.objects.published().values_list("pk", "slug")
            counts["district"] = {slug: by_id.get(pk, 0) for pk, slug in districts}
    return counted


def directory_facets(queryset, selections: dict, count_passes=count_facet_passes) -> dict:
    """How many enterprises each filter value would show, and how many the page shows, by slug and value.

    Counted within `queryset` (the enterprises that match everything but the facets: published,
    keyword, founded years). A value's count applies every other facet's selection but not its
    own facet's, so it says what ticking that value would give; "total" applies all of them.
    `selections` name districts by primary key. `count_passes` may answer passes from a cache.
    """
    counted = {}
    for facet_counts in count_passes(queryset, facet_passes(selections)):
        counted.update(facet_counts)
    return {
        "total": counted["total"].get("", 0),
        "district": counted["district"],
        "segment": {value: counted["segment"].get(value, 0) for value in ValueChainSegment.values},
        "size": {value: counted["size"].get(value, 0) for value in Enterprise.SizeBand.values},
        "verified": {"on": counted["verified"].get(True, 0)},
    }


def name_in_current_language():
    """The name a visitor reads: in their language, else the other one (as modeltranslation falls back)."""
    first, second = ("name_en", "name_zh_hans") if get_language() == "en" else ("name_zh_hans", "name_en")
    return Coalesce(NullIf(F(first), Value("")), F(second))


def enterprise_profiles():
    """Enterprises with everything the profile page shows, in three queries."""
    return (
        Enterprise.objects.select_related("district", "source")
        .defer("search_text")
        .prefetch_related(Prefetch("works", queryset=Work.objects.select_related("source")), "photos")
    )


def related_enterprises(enterprise: Enterprise, limit: int = 4):
    """Published enterprises in the same district or sharing a segment; those that share both first."""
    nothing = Q(pk__in=[])
    same_district = Q(district_id=enterprise.district_id) if enterprise.district_id else nothing
    shared_segment = Q(segments__overlap=enterprise.segments) if enterprise.segments else nothing
    closeness = Case(
        When(same_district & shared_segment, then=Value(0)), When(shared_segment, then=Value(1)), default=Value(2)
    )
    return (
        Enterprise.objects.published()
        .filter(same_district | shared_segment)
        .exclude(pk=enterprise.pk)
        .for_cards()
        .alias(closeness=closeness)
        .order_by("closeness", "-is_verified", name_in_current_language(), "pk")[:limit]
    )


def featured_enterprises(limit: int = 4):
    """A few published enterprises for the home page, verified ones first."""
    return Enterprise.objects.published().for_cards().order_by("-is_verified", name_in_current_language(), "pk")[:limit]


def district_enterprises(district, limit: int = 6):
    return (
        Enterprise.objects.published()
        .filter(district=district)
        .for_cards()
        .order_by("-is_verified", name_in_current_language(), "pk")[:limit]
    )
