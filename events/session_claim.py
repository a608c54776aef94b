"""A new registration's sessions, booked in two statements: the locks, then the claim.

Someone who ticks sessions on the registration form has them booked as soon as their registration is confirmed
and the event's lock released (services.registration_create). sessions_choose, which changes anyone's sessions
at any time, reads the registration again, the sessions it holds and the person's meetings, then counts and
inserts, each a statement the ORM compiles on every request. A registration made a moment ago holds no session
and its row is the caller's, so here one statement locks the registration's row and the sessions' (the
registration first, then the sessions by key, as sessions_choose does), and one more, with a snapshot taken
under those locks, counts each session's seats and inserts the bookings, leaving out a session that overlaps one
of the person's meetings. Both are prepared once per database connection.
"""

from functools import cache

from django.db import connection

from events.models import AgendaItem, Event, Registration, SessionBooking
from foundation.prepared import prepared_cursor
from meetings.models import Meeting, Slot


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _lock_statement() -> str:
    """The registration's status and its event's state, and each session asked for that is one of its event's
    agenda items, with what the rules read; the registration's row and the sessions' locked."""
    return (
        'SELECT "item"."id", "item"."starts_at", "item"."ends_at", "item"."capacity", '
        '"registration"."status", "event"."state" '
        f'FROM {_table(Registration)} AS "registration" '
        f'JOIN {_table(Event)} AS "event" ON "event"."id" = "registration"."event_id" '
        f'JOIN {_table(AgendaItem)} AS "item" '
        'ON "item"."event_id" = "registration"."event_id" AND "item"."id" = ANY(%s::bigint[]) '
        'WHERE "registration"."id" = %s ORDER BY "item"."id" '
        # No key update of the registration, as sessions_choose locks it: see there.
        'FOR NO KEY UPDATE OF "registration" FOR UPDATE OF "item"'
    )


@cache
def _claim_statement() -> str:
    """A booking of each session, confirmed while its confirmed bookings are fewer than its seats, otherwise
    waiting; none of a session that overlaps one of the person's active meetings (meeting_clash's rule)."""
    bookings = _table(SessionBooking)
    return (
        f'INSERT INTO {bookings} ("registration_id", "agenda_item_id", "status", "created_at", "status_changed_at") '
        'SELECT %(registration)s, "item"."id", '
        f'CASE WHEN (SELECT COUNT(*) FROM {bookings} AS "booking" WHERE "booking"."agenda_item_id" = "item"."id" '
        'AND "booking"."status" = %(confirmed)s) < "item"."capacity" THEN %(confirmed)s ELSE %(waiting)s END, '
        "%(now)s, %(now)s "
        f'FROM {_table(AgendaItem)} AS "item" WHERE "item"."id" = ANY(%(items)s::bigint[]) AND NOT EXISTS ('
        f'SELECT FROM {_table(Meeting)} AS "meeting" '
        f'JOIN {_table(Slot)} AS "slot" ON "slot"."id" = "meeting"."slot_id" '
        'WHERE "meeting"."registration_id" = %(registration)s AND "meeting"."status" = ANY(%(active)s::text[]) '
        'AND "slot"."starts_at" < "item"."ends_at" AND "slot"."ends_at" > "item"."starts_at") '
        'ORDER BY "item"."starts_at", "item"."id" '
        'RETURNING "id", "agenda_item_id", "status"'
    )


def sessions_locked(registration: Registration, item_ids: list[int]) -> tuple[str | None, str | None, dict]:
    """Lock the registration's row and those of the sessions `item_ids` of its event, to the end of the
    transaction. Returns the registration's status and its event's state as they stand under the lock (None when
    no session was found) and, by key, each session found as (starts_at, ends_at, capacity)."""
    with prepared_cursor() as cursor:
        cursor.execute(_lock_statement(), [item_ids, registration.pk])
        rows = cursor.fetchall()
    if not rows:
        return None, None, {}
    status, state = rows[0][4], rows[0][5]
    return status, state, {pk: (starts_at, ends_at, capacity) for pk, starts_at, ends_at, capacity, *_ in rows}


def sessions_claimed(registration: Registration, item_ids: list[int], now) -> dict[int, tuple[int, str]]:
    """Book the sessions `item_ids` for the registration at `now`, under the locks sessions_locked took.
    Returns, by session, the booking's key and status; a session that overlaps one of the person's meetings
    is left out."""
    params = {
        "registration": registration.pk,
        "items": item_ids,
        "now": now,
        "confirmed": SessionBooking.Status.CONFIRMED.value,
        "waiting": SessionBooking.Status.WAITING.value,
        "active": [str(status) for status in Meeting.ACTIVE],
    }
    with prepared_cursor() as cursor:
        cursor.execute(_claim_statement(), params)
        return {item_id: (pk, status) for pk, item_id, status in cursor.fetchall()}
