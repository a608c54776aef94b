"""The production shape on this one machine, started and stopped as one.

    nginx (buffering proxy, port P)
      -> gunicorn instance "a" (port P+2) and "b" (port P+3), sync workers
    manage.py task_worker (emails and other background tasks)
    the machine's PostgreSQL (DATABASE_URL) and Redis (REDIS_URL: cache, rate limits)
    moto's S3-compatible server (port P+1) holding uploads

Run `python deploy/local_stack.py` (or `make deploy-local`): it serves http://127.0.0.1:P/ until
Ctrl-C, then stops everything it started. `--smoke` uploads a logo through nginx, checks it
landed in the bucket, and stops. Benchmarks use `LocalStack` as a context manager.

nginx buffers whole requests and responses, so a slow client holds an nginx connection, never a
gunicorn worker. Debian's nginx is installed when missing (as root).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foundation.images import MAX_UPLOAD_BYTES  # noqa: E402
from haizhu_portal.media_storage import public_read_policy  # noqa: E402

VENV_BIN = Path(sys.executable).parent
BUCKET = "haizhu-media"
# Public forms carry one image; the admin may send a few photos in one save.
PUBLIC_BODY_LIMIT_MB = MAX_UPLOAD_BYTES // (1024 * 1024) + 1
ADMIN_BODY_LIMIT_MB = 5 * MAX_UPLOAD_BYTES // (1024 * 1024) + 1

NGINX_CONF = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
{user}
events {{ worker_connections 4096; }}

http {{
    access_log off;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;

    upstream portal {{
        # A dead instance is skipped at once; requests not yet sent to it go to the other.
        server 127.0.0.1:{app_a} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:{app_b} max_fails=1 fail_timeout=5s;
    }}

    server {{
        listen 127.0.0.1:{port} backlog=4096;
        # Whole request bodies are read before gunicorn sees them, and whole responses taken from
        # it at once: a slow phone holds an nginx connection, never a sync worker.
        client_max_body_size {public_mb}m;
        client_body_buffer_size 256k;
        client_body_timeout 30s;
        proxy_request_buffering on;
        proxy_buffering on;
        proxy_buffers 16 32k;
        # Every 127.x.y.z address is this machine's own, so nginx can connect to gunicorn from the
        # visitor's address and the portal tells local test clients apart as it would real visitors.
        # Across machines the balancer's X-Forwarded-For carries it instead (docs/deployment.md).
        proxy_bind $remote_addr;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;
        proxy_read_timeout 60s;
        # Only a request never sent to an instance is retried on the other: a POST that reached a
        # worker may have been stored, and is not sent twice.
        proxy_next_upstream error timeout;

        location / {{ proxy_pass http://portal; }}
        location /admin/ {{
            client_max_body_size {admin_mb}m;
            proxy_pass http://portal;
        }}
    }}
}}
"""


def free_to_bind(port: int) -> bool:
    with socket.socket() as probe:
        # As the servers do: a port whose last connections are closing (TIME_WAIT) is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port: int, process: subprocess.Popen, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode} before listening on {port}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not listen on {port} within {seconds:.0f} s")
            time.sleep(0.1)


def ensure_debian_packages(commands: dict[str, str]) -> None:
    """Install the Debian package of each missing command (as root), or say what to install."""
    missing = [package for command, package in commands.items() if not shutil.which(command, path=SYSTEM_PATH)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"Please install the Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)


def create_database_if_missing(database_url: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(database_url)["dbname"]
    with psycopg.connect(make_conninfo(database_url, dbname="postgres"), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


SYSTEM_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])


class LocalStack:
    """Start the stack on entry, stop every process it started on exit (also after an error)."""

    def __init__(self, *, port: int = 8150, workers: int = 2, database_url: str | None = None):
        self.port = port
        self.moto_port, self.app_ports = port + 1, {"a": port + 2, "b": port + 3}
        self.workers = workers
        self.url = f"http://127.0.0.1:{port}"
        self.media_endpoint = f"http://127.0.0.1:{self.moto_port}"
        self.run_dir = ROOT / "var" / "deploy"
        self.processes: dict[str, subprocess.Popen] = {}
        self.started_services: list[str] = []
        database_url = database_url or os.environ.get("DATABASE_URL")
        if not database_url:
            raise SystemExit("Set DATABASE_URL to the machine's PostgreSQL.")
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEBUG": "0",
            "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_ENDPOINT_URL": self.media_endpoint,
            "MEDIA_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local-secret",
            "LOG_LEVEL": "WARNING",
        }

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self) -> None:
        ensure_debian_packages({"nginx": "nginx"})
        busy = [port for port in (self.port, self.moto_port, *self.app_ports.values()) if not free_to_bind(port)]
        if busy:
            raise SystemExit(f"Ports in use: {busy}; stop what runs there or pass --port.")
        self.check_shared_services()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.start_object_storage()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        for name in self.app_ports:
            self.start_app(name)
        # Emails can wait a moment for a crowd's requests: on this one machine the worker yields the
        # processors to the app servers (on its own machine, as docs/deployment.md has it, it need not).
        self.spawn("worker", ["nice", "-n", "10", VENV_BIN / "python", "manage.py", "task_worker"])
        self.start_nginx()

    def check_shared_services(self) -> None:
        """PostgreSQL and Redis are the machine's own, shared by every app server: start them if they
        are down (as root, through their Debian service scripts), create the database if missing."""
        import psycopg
        import redis
        from psycopg.conninfo import make_conninfo

        maintenance = make_conninfo(self.env["DATABASE_URL"], dbname="postgres", connect_timeout=5)
        self.ensure_answers("postgresql", lambda: psycopg.connect(maintenance).close())
        self.ensure_answers("redis-server", lambda: redis.Redis.from_url(self.env["REDIS_URL"]).ping())
        create_database_if_missing(self.env["DATABASE_URL"])

    def ensure_answers(self, service: str, probe) -> None:
        try:
            probe()
            return
        except Exception:
            if os.geteuid() != 0 or not shutil.which("service", path=SYSTEM_PATH):
                raise
        subprocess.run(["service", service, "start"], check=True)
        self.started_services.append(service)
        time.sleep(2)
        probe()

    def manage(self, *arguments: str) -> None:
        subprocess.run([VENV_BIN / "python", "manage.py", *arguments], cwd=ROOT, env=self.env, check=True)

    def spawn(self, name: str, command: list, **kwargs) -> subprocess.Popen:
        log = open(self.run_dir / f"{name}.log", "ab")
        # A session of its own, so stopping it (or killing it) reaches every worker it forked.
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=ROOT,
            env=kwargs.pop("env", self.env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_object_storage(self) -> None:
        import boto3

        process = self.spawn("s3", [VENV_BIN / "moto_server", "-H", "127.0.0.1", "-p", self.moto_port])
        wait_for_port(self.moto_port, process, "moto_server")
        client = boto3.client(
            "s3",
            endpoint_url=self.media_endpoint,
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
            region_name=self.env["MEDIA_S3_REGION"],
        )
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read_policy(BUCKET)))
        self.s3 = client

    def start_app(self, name: str) -> None:
        port = self.app_ports[name]
        command = [
            VENV_BIN / "gunicorn",
            "haizhu_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={self.workers}",
            "--no-control-socket",
            "--backlog=2048",
            f"--name=haizhu-{name}",
        ]
        wait_for_port(port, self.spawn(f"app-{name}", command), f"gunicorn {name}")

    def start_nginx(self) -> None:
        conf = self.run_dir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                run=self.run_dir,
                port=self.port,
                app_a=self.app_ports["a"],
                app_b=self.app_ports["b"],
                public_mb=PUBLIC_BODY_LIMIT_MB,
                admin_mb=ADMIN_BODY_LIMIT_MB,
                # As root, nginx's workers would run as nobody and could not write the temp folders here.
                user="user root;" if os.geteuid() == 0 else "",
            )
        )
        nginx = shutil.which("nginx", path=SYSTEM_PATH)
        process = self.spawn("nginx", [nginx, "-p", self.run_dir, "-c", conf, "-g", "daemon off;"])
        wait_for_port(self.port, process, "nginx")

    def kill_app(self, name: str) -> None:
        """Kill an app instance and its workers at once, as a crashed machine would."""
        os.killpg(self.processes[f"app-{name}"].pid, signal.SIGKILL)

    def gunicorn_worker_pids(self) -> list[int]:
        pids = []
        for name in self.app_ports:
            master = self.processes.get(f"app-{name}")
            if master is None or master.poll() is not None:
                continue
            children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
            pids += [int(pid) for pid in children.read_text().split()] if children.exists() else []
        return pids

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            process = self.processes.pop(name)
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except ProcessLookupError:
                    pass
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        while self.started_services:
            subprocess.run(["service", self.started_services.pop(), "stop"], check=False)


def smoke(stack: LocalStack) -> None:
    """Upload a logo through nginx with the public submission form, and find it in the bucket."""
    from benchmarks.browser_client import BrowserClient
    from tests.enterprises import image_files

    client = BrowserClient(stack.url)
    form = client.open_form("/en/enterprises/submit/")
    time.sleep(3.2)  # the spam check refuses forms sent quicker than a person could type
    response = client.submit(
        form,
        {
            "name_zh_hans": "部署检查影业",
            "name_en": "Deployment Check Pictures",
            "segments": "production",
            "size_band": "small",
            "contact_name": "Li Ming",
            "contact_email": "deploy-check@example.com",
            "description_en": "A listing sent through the local production stack to check uploads.",
            "consent": "on",
            "works-TOTAL_FORMS": "0",
            "works-INITIAL_FORMS": "0",
            "works-MIN_NUM_FORMS": "0",
            "works-MAX_NUM_FORMS": "3",
        },
        files={"logo": ("logo.jpg", image_files.jpeg_bytes(size=(1200, 600)), "image/jpeg")},
    )
    keys = [item["Key"] for item in stack.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    print(f"upload through nginx: HTTP {response.status}; objects in the bucket: {keys}")
    if response.status != 302 or not any(key.startswith("media/enterprises/logos/") for key in keys):
        raise SystemExit("the logo did not reach object storage")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEPLOY_PORT", "8150")))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--smoke", action="store_true", help="upload a logo through the stack, then stop")
    arguments = parser.parse_args()
    with LocalStack(port=arguments.port, workers=arguments.workers) as stack:
        if arguments.smoke:
            smoke(stack)
            return
        print(f"Haizhu Portal on {stack.url}/ behind nginx; uploads in {stack.media_endpoint}/{BUCKET}. Ctrl-C stops.")
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
