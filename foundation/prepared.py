"""Statements prepared on the server, for the few a busy path runs with its own SQL (events/seat_claim.py,
events/session_claim.py, foundation/task_queue.py, foundation/compiled.py): planned once per database
connection rather than on every request, which matters most for a statement run under a lock others wait
for."""

import psycopg
from django.conf import settings
from django.db import connection


class _PreparedCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares each statement on its connection the first time it runs
    there (psycopg keeps the prepared statements per connection)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)

    def _send_query_prepared(self, name, pgq, *, binary=None):
        # psycopg records the query it sent only when it sends its text; Django's query log reads that record.
        self._query = pgq
        return super()._send_query_prepared(name, pgq, binary=binary)


def prepared_cursor():
    """A cursor that prepares its statements, as Django wraps its own (so query logging, execute_wrapper()
    and database errors work as for any statement): Django's bind on the client and never prepare. A plain
    one where the settings say prepared statements cannot be kept (PgBouncer before 1.21)."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.ensure_connection()
    return connection._prepare_cursor(_PreparedCursor(connection.connection))
