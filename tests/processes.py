"""What tests need to run real processes (server workers, task workers) against the test database."""

from urllib.parse import quote

from django.db import connections


def database_url_for_processes() -> str:
    """The test database as a DATABASE_URL, for processes of their own.

    The embedded server is reached through a socket directory given in OPTIONS, percent-encoded here."""
    database = connections["default"].settings_dict
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    host = quote(database["HOST"] or database["OPTIONS"].get("host") or "localhost", safe="")
    port = database["PORT"] or database["OPTIONS"].get("port")
    port = f":{port}" if port else ""
    return f"postgres://{quote(database['USER'], safe='')}{password}@{host}{port}/{database['NAME']}"
