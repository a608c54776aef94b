"""Querysets compiled to SQL once per process, for the few a busy path runs on every request with only one
value changing (the registration form's event, its questions and its sessions).

The ORM compiles a queryset's SQL anew each time it runs, about half a millisecond of processor time for a
query whose round trip to the database takes a tenth of that. A CompiledQuery compiles it the first time, runs
it as a prepared statement (foundation/prepared.py) and builds the model's instances from the rows as the
queryset would: the same fields, the same conversions, the same order. model_from_row makes that instance for
any statement of the project's own making (the task queue's too).
"""

from collections.abc import Callable
from functools import cached_property

from django.db import DEFAULT_DB_ALIAS, connection
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
        selected = compiler.klass_info["select_fields"]
        fields = [column.target for column, _sql, _alias in compiler.select[selected[0] : selected[-1] + 1]]
        return sql, params, queryset.model, fields

    def all(self, value) -> list[Model]:
        sql, params, model, fields = self._compiled
        with prepared_cursor() as cursor:
            cursor.execute(sql, [value if param == self.stand_in else param for param in params])
            rows = cursor.fetchall()
        return [model_from_row(model, fields, row) for row in rows]

    def first(self, value) -> Model | None:
        found = self.all(value)
        return found[0] if found else None


def model_from_row(model, fields, row) -> Model:
    """An instance of `model` from a row of `fields`' columns, as the ORM reads it (JSON decoded: PostgreSQL's
    backend converts nothing else); `fields` in the model's order, as Model.from_db takes them."""
    values = [
        field.from_db_value(value, None, connection) if hasattr(field, "from_db_value") else value
        for field, value in zip(fields, row)
    ]
    return model.from_db(DEFAULT_DB_ALIAS, [field.attname for field in fields], values)
