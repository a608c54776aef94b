"""Reads that need care: facet counts, profiles and related enterprises, each in a fixed number of queries."""

from django.db.models import Case, Count, F, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise, Work

FACETS = ("district", "segment", "size", "verified")


def facet_condition(facet: str, selection) -> Q:
    """What ticking values of one facet means; several values of the same facet widen the result."""
    if not selection:
        return Q()
    if facet == "district":
        return Q(district__slug__in=selection)
    if facet == "segment":
        return Q(segments__overlap=list(selection))
    if facet == "size":
        return Q(size_band__in=selection)
    if facet == "verified":
        return Q(is_verified=True)
    raise ValueError(f"Unknown facet {facet!r}")


def directory_facets(queryset, selections: dict) -> dict:
    """How many enterprises each filter value would show, and how many the page shows: one query.

    Counted within `queryset` (the enterprises that match everything but the facets: published,
    keyword, founded years). A value's count applies every other facet's selection but not its
    own facet's, so it says what ticking that value would give; "total" applies all of them.
    """

    def others(facet):
        return Q(*(facet_condition(other, selection) for other, selection in selections.items() if other != facet))

    districts = District.objects.published().values_list("pk", "slug")
    values = [("district", slug, Q(district_id=pk)) for pk, slug in districts]
    values += [("segment", value, Q(segments__contains=[value])) for value in ValueChainSegment.values]
    values += [("size", value, Q(size_band=value)) for value in Enterprise.SizeBand.values]
    values += [("verified", "on", Q(is_verified=True))]
    counts = {f"count_{index}": Count("pk", filter=others(facet) & own) for index, (facet, _, own) in enumerate(values)}
    row = queryset.aggregate(total=Count("pk", filter=others(None)), **counts)
    facets = {"total": row["total"], **{facet: {} for facet in FACETS}}
    for index, (facet, value, _) in enumerate(values):
        facets[facet][value] = row[f"count_{index}"]
    return facets


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
