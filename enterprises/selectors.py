"""Reads that need care: facet counts, profiles and related enterprises, each in a fixed number of queries."""

from typing import NamedTuple

from django.db import connections
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise, Work

FACETS = ("district", "segment", "size", "verified")
# The column each facet counts by; "total" counts every match.
FACET_COLUMNS = {"district": "district_id", "segment": "segments", "size": "size_band", "verified": "is_verified"}
# Typed, so the passes' rows line up in a UNION ALL where a pass does not group by the column.
NULL_TYPES = {"district_id": "integer", "segments": "varchar[]", "size_band": "varchar", "is_verified": "boolean"}


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


class FacetPass(NamedTuple):
    """Facets counted in one pass over the enterprises that meet `condition`."""

    condition: Q
    facets: tuple[str, ...]

    def query(self, queryset) -> tuple[str, tuple]:
        """The SQL and parameters of the pass: one GROUPING SET per facet, "()" for the total.

        Grouping by the whole array of segments keeps the groups few (one per combination in use);
        each combination's count goes to every segment in it.
        """
        columns = list(FACET_COLUMNS.values())
        grouped = [FACET_COLUMNS[facet] for facet in self.facets if facet != "total"]
        matches = queryset.filter(self.condition).order_by().values(*columns)
        sql, params = matches.query.sql_with_params()
        # Typed NULLs for the other columns, so that the passes line up in a UNION ALL.
        selected = ", ".join(column if column in grouped else f"NULL::{NULL_TYPES[column]}" for column in columns)
        sets = ", ".join(f"({FACET_COLUMNS[facet]})" if facet != "total" else "()" for facet in self.facets)
        grouping = f"GROUPING({', '.join(grouped)})" if grouped else "0"
        return (
            f"SELECT {grouping}, {selected}, COUNT(*) FROM ({sql}) AS matches GROUP BY GROUPING SETS ({sets})",
            params,
        )

    def facet_of_grouping(self) -> dict[int, str]:
        """The facet a row counts, by its GROUPING() value: a bit set for each column it is not grouped by."""
        grouped = [facet for facet in self.facets if facet != "total"]
        every_bit = (1 << len(grouped)) - 1
        return {every_bit: "total"} | {
            every_bit ^ (1 << (len(grouped) - 1 - index)): facet for index, facet in enumerate(grouped)
        }


def facet_passes(selections: dict) -> list[FacetPass]:
    """The passes over the matches that give every count.

    A value's count applies every other facet's selection but not its own facet's. The facets with
    nothing ticked, and the total, all count under every selection: they share one pass. A facet
    with values ticked counts under the others' selections only, in a pass of its own: the only
    one that looks beyond the current selection (for a district, across every district).
    """

    def others(facet):
        return Q(*(facet_condition(other, selection) for other, selection in selections.items() if other != facet))

    ticked = [facet for facet in FACETS if selections.get(facet)]
    unticked = tuple(facet for facet in FACETS if facet not in ticked)
    return [FacetPass(others(None), unticked + ("total",))] + [FacetPass(others(facet), (facet,)) for facet in ticked]


def count_facet_passes(queryset, passes: list[FacetPass], queries: list | None = None) -> list[dict]:
    """The counts of each pass, {facet: {value: count}}, in one query; `queries` are the passes' own, if known."""
    if not passes:
        return []
    queries = queries or [facet_pass.query(queryset) for facet_pass in passes]
    sql = " UNION ALL ".join(
        f"(SELECT {number}, * FROM ({query}) AS pass)" for number, (query, _) in enumerate(queries)
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [parameter for _, params in queries for parameter in params])
        rows = cursor.fetchall()
    facets_by_grouping = [facet_pass.facet_of_grouping() for facet_pass in passes]
    counts = [{facet: {} for facet in facet_pass.facets} for facet_pass in passes]
    for number, mask, district_id, segments, size_band, is_verified, count in rows:
        facet = facets_by_grouping[number][mask]
        grouped_by = {"district": district_id, "size": size_band, "verified": is_verified, "total": ""}
        values = set(segments) if facet == "segment" else [grouped_by[facet]]
        for value in values:
            counts[number][facet][value] = counts[number][facet].get(value, 0) + count
    if any("district" in facet_counts for facet_counts in counts):
        # By slug, as the filter names districts, and with every published district, as the form lists them.
        districts = District.objects.published().values_list("pk", "slug")
        for facet_counts in counts:
            if "district" in facet_counts:
                facet_counts["district"] = {slug: facet_counts["district"].get(pk, 0) for pk, slug in districts}
    return counts


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
