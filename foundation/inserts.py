"""INSERT statements written once per model and process, where the ORM compiles one on every save: for rows a
busy path inserts with a statement of its own making (events/seat_claim.py, foundation/task_queue.py)."""

from functools import cache

from django.db import connection


def inserted_fields(model, *, leave_out=()) -> list:
    """The fields an insert of `model` writes: every concrete one but the primary key, the database's to set."""
    return [field for field in model._meta.concrete_fields if not field.primary_key and field.attname not in leave_out]


def columns(fields) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


@cache
def insert_sql(model) -> str:
    """INSERT ... RETURNING the new primary key, the values as parameters in inserted_fields' order."""
    fields = inserted_fields(model)
    table, key = (connection.ops.quote_name(name) for name in (model._meta.db_table, model._meta.pk.column))
    return f"INSERT INTO {table} ({columns(fields)}) VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {key}"


def insert_params(instance, fields=None) -> list:
    """A new `instance`'s values for its insert, as save() writes them (each field's pre_save: auto_now_add)."""
    fields = inserted_fields(type(instance)) if fields is None else fields
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def stored(instance) -> None:
    """Mark an `instance` inserted by a statement of its own making as saved, as save() and bulk_create() do: a
    later save() then updates its row rather than inserting another."""
    instance._state.adding, instance._state.db = False, connection.alias
