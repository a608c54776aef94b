"""The seat claim: the one statement a registration runs under its event's row lock, and that lock.

Registrations for one event take turns on that lock, so what runs under it caps how many one event takes a
second on any machine. The claim is a single UPDATE that counts the seats taken and sets the registration's
status, its time and its code from the count; it is prepared once per database connection, so no request
plans it again while holding the lock. The registration and its answers are inserted before the lock, in one
statement written once per process and prepared like the claim, rather than compiled by the ORM each time.
"""

import json
from datetime import UTC, datetime
from functools import cache

from django.db import connection

from events.models import Answer, Event, InvitationCode, Registration
from foundation.inserts import columns, insert_params, insert_sql, inserted_fields, stored
from foundation.prepared import prepared_cursor

# Stand for the event and the moment in the compiled count; replaced when the claim runs.
_EVENT = -271828
_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)


# What the registration rules read of the event, fresh under its lock; the rest of the row is the caller's.
SEAT_RULE_FIELDS = ["state", "capacity", "registration_opens_at", "registration_closes_at", "starts_at"]


@cache
def _lock_statement() -> tuple[str, tuple]:
    """The lock's SQL as the ORM writes it, with _EVENT for the event."""
    locked = Event.objects.select_for_update(no_key=True).filter(pk=_EVENT).order_by().values_list(*SEAT_RULE_FIELDS)
    return locked.query.sql_with_params()


def event_locked(event: Event) -> None:
    """Lock the `event`'s row to the end of the transaction and read the columns the rules read into it.

    FOR NO KEY UPDATE: a registration's insert holds the row's key share, as every registration in flight
    does; FOR UPDATE would wait for them all, and they for it. Prepared once per connection, as the claim is."""
    sql, params = _lock_statement()
    with prepared_cursor() as cursor:
        cursor.execute(sql, [event.pk if param == _EVENT else param for param in params])
        row = cursor.fetchone()
        # By the columns' names: the ORM writes them in an order of its own.
        names = [column.name for column in cursor.description]
    if row is None:
        raise Event.DoesNotExist("The event was deleted.")
    for name, value in zip(names, row, strict=True):
        setattr(event, name, value)


@cache
def _statement() -> tuple[str, tuple]:
    """The claim's SQL and the count's parameters, with _EVENT and _MOMENT in them. The count is
    Event.with_seat_counts's, so the claim counts seats exactly as every page shows them."""
    counts = Event.objects.filter(pk=_EVENT).with_seat_counts(_MOMENT).order_by().values("confirmed", "held")
    count_sql, count_params = counts.query.sql_with_params()
    table = Registration._meta.db_table
    sql = (
        f'UPDATE "{table}" SET "status" = CASE WHEN seats.confirmed + seats.held - %s < %s THEN %s ELSE %s END, '
        f'"created_at" = %s, "status_changed_at" = %s, "invitation_code_id" = %s '
        f'FROM ({count_sql}) AS seats WHERE "{table}"."id" = %s RETURNING "{table}"."status"'
    )
    return sql, count_params


@cache
def _answer_fields() -> list:
    return inserted_fields(Answer, leave_out=["registration_id"])


@cache
def _insert_statement(with_answers: bool) -> str:
    """The registration's INSERT, with its answers' INSERT beside it (a data-modifying WITH) when it has any;
    the answers travel as one JSON array of rows, so any number of them is the same statement. (As arrays,
    one a column, psycopg looked through each array for its type on every registration: 2.5% of its
    processor time.)"""
    insert = insert_sql(Registration)
    if not with_answers:
        return insert
    record = ", ".join(f"{columns([field])} {field.db_type(connection)}" for field in _answer_fields())
    return (
        f'WITH "registration" AS ({insert}), '
        f'"answers" AS (INSERT INTO "{Answer._meta.db_table}" ("registration_id", {columns(_answer_fields())}) '
        f'SELECT "registration"."id", "answer".* '
        f'FROM "registration", json_to_recordset(%s::json) AS "answer"({record})) '
        f'SELECT "id" FROM "registration"'
    )


def registration_inserted(registration: Registration, answers: list[Answer]) -> None:
    """Insert the `registration` and its `answers` (unsaved, theirs to be set) in one statement, without the
    save signals, as bulk_create() would. Raises IntegrityError when the address is already registered for
    the event."""
    params = insert_params(registration)
    if answers:
        names = [field.column for field in _answer_fields()]
        rows = [dict(zip(names, insert_params(answer, _answer_fields()), strict=True)) for answer in answers]
        # Each value as the ORM sends it, in JSON: text, numbers and null as they are, a moment in ISO 8601.
        params.append(json.dumps(rows, default=datetime.isoformat))
    with prepared_cursor() as cursor:
        cursor.execute(_insert_statement(bool(answers)), params)
        registration.pk = cursor.fetchone()[0]
    stored(registration)
    for answer in answers:
        answer.registration = registration


def seat_claimed(registration: Registration, event: Event, invitation_code: InvitationCode | None, now) -> str:
    """Set the `registration`'s status at `now` and return it: confirmed while a seat is free to this
    person (a public one, or one their code holds), otherwise waiting; a code that may register when full
    confirms beyond the capacity. Run with the event's row locked, as the last statement before the commit;
    `event` holds the capacity read under the lock, `invitation_code` its uses counted under it."""
    sql, count_params = _statement()
    own_held = 1 if invitation_code is not None and invitation_code.held_left > 0 else 0
    confirmed, waiting = Registration.Status.CONFIRMED, Registration.Status.WAITING
    otherwise = confirmed if invitation_code is not None and invitation_code.may_register_when_closed else waiting
    params = [
        own_held,
        event.capacity,
        confirmed,
        otherwise,
        now,
        now,
        invitation_code.pk if invitation_code is not None else None,
        *(event.pk if param == _EVENT else now if param == _MOMENT else param for param in count_params),
        registration.pk,
    ]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
