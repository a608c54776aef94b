"""Counts beside filter options: how many rows ticking each option would show, every facet in one query.

A value's count applies every other facet's selection but not its own facet's, so it says what
ticking that value would give; "total" applies all of them.
"""

import operator
from collections.abc import Callable
from functools import reduce
from typing import NamedTuple

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q, Value


class FacetPass(NamedTuple):
    """Facets counted over the rows that meet `condition`."""

    condition: Q
    facets: tuple[str, ...]


def facet_passes(facets: tuple[str, ...], selections: dict, condition: Callable[[str, object], Q]) -> list[FacetPass]:
    """The conditions that give every count; condition(facet, selection) says what a facet's selection keeps.

    The facets with nothing ticked, and the total, count under every selection: they share a pass.
    A facet with values ticked counts under the others' selections only.
    """

    def others(facet):
        # Combined with &, so that no selection at all stays an empty Q(): every row.
        conditions = (condition(other, selection) for other, selection in selections.items() if other != facet)
        return reduce(operator.and_, conditions, Q())

    ticked = [facet for facet in facets if selections.get(facet)]
    unticked = tuple(facet for facet in facets if facet not in ticked)
    return [FacetPass(others(None), unticked + ("total",))] + [FacetPass(others(facet), (facet,)) for facet in ticked]


def count_facet_passes(queryset, passes: list[FacetPass], columns: dict) -> list[dict]:
    """The counts of each pass, {facet: {value: count}} ({"": count} for the total), in one query.

    `columns` gives what each facet groups by: a column's name, or an expression. Each facet is one
    of the query's GROUPING SETS, counting only the rows that meet its pass's condition. An array
    column groups by the whole array (its value comes back as a tuple), which keeps the groups few.
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
    grouped = [facet for facet in columns if facet in pass_of_facet]
    # A plain column is selected by its own name; an expression under an alias of its facet.
    names = [columns[facet] if isinstance(columns[facet], str) else f"facet_{facet}" for facet in grouped]
    expressions = {name: columns[facet] for name, facet in zip(names, grouped) if name != columns[facet]}
    sql, params = queryset.order_by().annotate(**expressions, **flags).values(*names, *flags).query.sql_with_params()
    counts = ", ".join(f"COUNT(*) FILTER (WHERE {flag})" for flag in flags)
    sets = ", ".join([f"({name})" for name in names] + ["()"])
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT GROUPING({', '.join(names)}), {', '.join(names)}, {counts}"
            f" FROM ({sql}) AS matches GROUP BY GROUPING SETS ({sets})",
            params,
        )
        rows = cursor.fetchall()
    # GROUPING() sets a bit for each column a row is not grouped by, the first column's bit the highest.
    every_bit = (1 << len(grouped)) - 1
    facet_of_grouping = {every_bit: "total"} | {
        every_bit ^ (1 << (len(grouped) - 1 - index)): facet for index, facet in enumerate(grouped)
    }
    counted = [{facet: {} for facet in facet_pass.facets} for facet_pass in passes]
    for row in rows:
        facet = facet_of_grouping[row[0]]
        value = row[1 + grouped.index(facet)] if facet != "total" else ""
        if isinstance(value, list):
            value = tuple(value)
        number = pass_of_facet[facet]
        counted[number][facet][value] = counted[number][facet].get(value, 0) + row[1 + len(grouped) + number]
    return counted
