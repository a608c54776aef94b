"""App servers keep no state of their own: pooled database connections, uploads on object storage."""

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import psycopg
import pytest
from django.db import connection
from django.utils import translation
from PIL import Image

from enterprises.models import Enterprise
from haizhu_portal.media_storage import public_read_policy, s3_media_storage
from tests.enterprises import image_files
from tests.enterprises.test_submission import URL as SUBMIT_URL
from tests.enterprises.test_submission import form_data
from tests.factories import DistrictFactory

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "haizhu-media-test"


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


@pytest.mark.django_db(transaction=True)
def test_a_pooled_connection_cut_by_the_database_is_replaced_before_a_request_uses_it(client):
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    connection.close()  # back into the pool, as at the end of every request
    # As a database restart or failover would: the server ends every connection the pool holds.
    # Reached as Django reaches it (the embedded server through its socket directory in OPTIONS).
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

    # The request activates a language for this thread; the tests after this one keep theirs.
    with translation.override(translation.get_language()):
        response = client.get("/healthz")

    assert response.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != backend


def test_a_bucket_in_the_environment_moves_uploads_to_object_storage():
    configured = settings_under(
        MEDIA_S3_BUCKET="media", MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000", MEDIA_S3_PUBLIC_URL=""
    )
    assert configured["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["storage"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    # Browsers load the images from there, so the Content-Security-Policy allows it; the app serves no media.
    assert "http://127.0.0.1:9000" in configured["img_src"]
    assert configured["serve_media"] is False
    assert settings_under()["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def object_storage():
    """moto's standalone S3-compatible server on a free local port, with an empty bucket."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [Path(sys.executable).parent / "moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.1)
        client = boto3.client(
            "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
        )
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read_policy(BUCKET)))
        yield {"endpoint": endpoint, "client": client}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_an_uploaded_logo_is_stored_in_the_bucket_and_served_from_there(
    client, settings, tmp_path, monkeypatch, object_storage
):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_media_storage(bucket=BUCKET, endpoint_url=object_storage["endpoint"], region="us-east-1"),
    }
    district = DistrictFactory(slug="haizhu")
    logo = image_files.upload(image_files.jpeg_bytes(size=(1200, 600)), "logo.jpg")

    response = client.post(SUBMIT_URL, {**form_data(district), "logo": logo})

    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name_en="Yingyuzhou Pictures")
    keys = [item["Key"] for item in object_storage["client"].list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{enterprise.logo.name}"]
    assert list(tmp_path.iterdir()) == [], "nothing is written to the app server's disk"
    assert enterprise.logo.url.startswith(f"{object_storage['endpoint']}/{BUCKET}/media/enterprises/logos/")
    with urllib.request.urlopen(enterprise.logo.url) as served:
        image = Image.open(io.BytesIO(served.read()))
    assert image.format == "JPEG" and image.size == (enterprise.logo_width, enterprise.logo_height)
