"""Reads that need care: facet counts, profiles and related enterprises, each in a fixed number of queries."""

import operator
from functools import reduce
from typing import NamedTuple

from django.db import connections
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise, Work

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


class FacetPass(NamedTuple):
    """Facets counted over the enterprises that meet `condition`."""

    condition: Q
    facets: tuple[str, ...]


def facet_passes(selections: dict) -> list[FacetPass]:
    """The conditions that give every count.

    A value's count applies every other facet's selection but not its own facet's. The facets with
    nothing ticked, and the total, all count under every selection: they share a condition. A facet
    with values ticked counts under the others' selections only: the only condition that looks
    beyond the current selection (for a district, across every district).
    """

    def others(facet):
        # Combined with &, so that no selection at all stays an empty Q(): every row.
        conditions = (facet_condition(other, selection) for other, selection in selections.items() if other != facet)
        return reduce(operator.and_, conditions, Q())

    ticked = [facet for facet in FACETS if selections.get(facet)]
    unticked = tuple(facet for facet in FACETS if facet not in ticked)
    return [FacetPass(others(None), unticked + ("total",))] + [FacetPass(others(facet), (facet,)) for facet in ticked]


def count_facet_passes(queryset, passes: list[FacetPass]) -> list[dict]:
    """The counts of each pass, {facet: {value: count}}, in one query and one scan of the enterprises any pass needs.

    Each facet is one of the query's GROUPING SETS ("()" for the total), counting only the rows
    that meet its pass's condition. Grouping by the whole array of segments keeps the groups few
    (one per combination in use); each combination's count goes to every segment in it.
    """
    if not passes:
        return []
    conditions = [facet_pass.condition for facet_pass in passes]
    if all(conditions):  # an empty Q() is every row, but would vanish from an OR
        queryset = queryset.filter(reduce(operator.or_, conditions))
    flags = {
        f"in_pass_{number}": ExpressionWrapper(condition, output_field=BooleanField()) if condition else Value(True)
        for number, condition in enumerate(conditions)
    }
    pass_of_facet = {facet: number for number, facet_pass in enumerate(passes) for facet in facet_pass.facets}
    grouped = [facet for facet in FACETS if facet in pass_of_facet]
    columns = [FACET_COLUMNS[facet] for facet in grouped]
    sql, params = queryset.order_by().annotate(**flags).values(*columns, *flags).query.sql_with_params()
    counts = ", ".join(f"COUNT(*) FILTER (WHERE {flag})" for flag in flags)
    sets = ", ".join([f"({column})" for column in columns] + ["()"])
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)}, {counts}"
            f" FROM ({sql}) AS matches GROUP BY GROUPING SETS ({sets})",
            params,
        )
        rows = cursor.fetchall()
    # GROUPING() sets a bit for each column a row is not grouped by, the first column's bit the highest.
    every_bit = (1 << len(columns)) - 1
    facet_of_grouping = {every_bit: "total"} | {
        every_bit ^ (1 << (len(columns) - 1 - index)): facet for index, facet in enumerate(grouped)
    }
    counted = [{facet: {} for facet in facet_pass.facets} for facet_pass in passes]
    for row in rows:
        facet = facet_of_grouping[row[0]]
        value = row[1 + grouped.index(facet)] if facet != "total" else ""
        number = pass_of_facet[facet]
        count = row[1 + len(columns) + number]
        for value in set(value) if facet == "segment" else [value]:
            counted[number][facet][value] = counted[number][facet].get(value, 0) + count
    if "district" in pass_of_facet:
        # By slug, as the filter names districts, and with every published district, as the form lists them.
        districts = District.objects.published().values_list("pk", "slug")
        by_id = counted[pass_of_facet["district"]]["district"]
        counted[pass_of_facet["district"]]["district"] = {slug: by_id.get(pk, 0) for pk, slug in districts}
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
