"""Querysets compiled to SQL once per process, for the few a busy path runs on every request with only one
value changing (the registration form's event, its questions and its sessions).

The ORM compiles a queryset's SQL anew each time it runs, about half a millisecond of processor time for a
query whose round trip to the database takes a tenth of that. A CompiledQuery compiles it the first time, runs
it as a prepared statement (foundation/prepared.py) and builds the model's instances from the rows as the
queryset would: the same fields, the same conversions, the same order.
"""

from collections.abc import Callable
from functools import cached_property

from django.db import connection
from django.db.models import Model, QuerySet

from foundation.prepared import prepared_cursor

# Given to the queryset's builder in place of the value, and found again among the compiled parameters: one
# for a key, one for text.
KEY_STAND_IN = -314_159_265
TEXT_STAND_IN = "\x1fcompiled-query-value\x1f"


class CompiledQuery:
    """`build(value)` returns the queryset, for a plain model query (no annotations, no select_related) in
    which `value` is one parameter; the queryset is built and compiled once, with `stand_in` for the value (a
    value of the parameter's type no real value takes: KEY_STAND_IN or TEXT_STAND_IN)."""

    def __init__(self, build: Callable[[object], QuerySet], stand_in):
        self.build, self.stand_in = build, stand_in

    @cached_property
    def _compiled(self):
        queryset = self.build(self.stand_in)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if compiler.annotation_col_map or compiler.klass_info.get("related_klass_infos"):
            raise ValueError("A compiled query builds instances of one model, without annotations or related rows.")
        if sum(param == self.stand_in for param in params) != 1:
            raise ValueError("The value must be exactly one of the query's parameters.")
        fields = compiler.klass_info["select_fields"]
        attnames = [column.target.attname for column, _sql, _alias in compiler.select[fields[0] : fields[-1] + 1]]
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        return sql, params, queryset.model, attnames, list(converters.items())

    def all(self, value) -> list[Model]:
        sql, params, model, attnames, converters = self._compiled
        with prepared_cursor() as cursor:
            cursor.execute(sql, [value if param == self.stand_in else param for param in params])
            rows = cursor.fetchall()
        if converters:
            rows = [_converted(row, converters) for row in rows]
        return [model.from_db(connection.alias, attnames, row) for row in rows]

    def first(self, value) -> Model | None:
        found = self.all(value)
        return found[0] if found else None


def _converted(row, converters) -> list:
    """The row with each field's database value converted as the ORM converts it (SQLCompiler.apply_converters),
    with this thread's connection."""
    row = list(row)
    for position, (functions, expression) in converters:
        for function in functions:
            row[position] = function(row[position], expression, connection)
    return row
