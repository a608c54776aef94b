"""App servers keep no state of their own: pooled database connections."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_under(**env) -> dict:
    """The settings a fresh process reads from this environment."""
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'database': s.DATABASES['default'], 'storage': s.STORAGES['default'],"
        "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], 'serve_media': s.SERVE_MEDIA}, default=str))"
    )
    keep = {name: value for name, value in os.environ.items() if not name.startswith(("DATABASE_POOL", "MEDIA_S3"))}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "haizhu_portal.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_connections_are_pooled_by_default_with_sizes_from_the_environment():
    database = settings_under(DATABASE_POOL_MAX_SIZE="7")["database"]
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 7, "timeout": 10.0}
    # Django refuses persistent connections beside a pool.
    assert database["CONN_MAX_AGE"] == 0


def test_the_pool_can_be_turned_off_for_one_persistent_connection_per_process():
    database = settings_under(DATABASE_POOL="0")["database"]
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 60
