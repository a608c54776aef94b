"""`make bench`: the large data set, served as in production, under load from a separate process.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench \\
       .venv/bin/python benchmarks/production_load.py [--skip-build] [--seconds 10] [--connections 32]

1. Builds the large data set (benchmarks/large_dataset.py) unless --skip-build.
2. Starts deploy/local_stack.py: nginx, two gunicorn instances (DEBUG off), the task worker,
   Redis, object storage.
3. Drives each page with wrk (Debian's package, installed when missing) over loopback and prints
   requests/s, p50 and p99 latency, the queries one request makes (counted in this process with
   Django's test client), and the share of /healthz's requests/s in the same run.
4. Prints the resident memory of each gunicorn worker after the load.
5. Runs the registration burst (benchmarks/registration_burst.py) through the same stack.

The machine this runs on is shared with other work: figures are noisy; compare within one run.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from benchmarks import large_dataset, processor_time, registration_burst  # noqa: E402
from benchmarks.pages import page_client  # noqa: E402
from deploy.local_stack import SYSTEM_PATH, LocalStack, ensure_debian_packages  # noqa: E402

PAGES = [
    "/healthz",
    "/en/",
    "/zh-hans/",
    "/en/districts/district-3/",
    "/en/incentives/?category=subsidy",
    "/en/enterprises/",
    "/en/enterprises/?q=drama",
    "/en/enterprises/bench-4242/",
    "/en/events/",
    "/en/events/event-7/",
]
SEARCH_WORDS = ["drama", "anim", "pearl", "galaxy", "studio", "media", "film", "短剧", "影业", "传媒", "科技", "珠江"]


def varied_searches(seed: int = 7) -> list[str]:
    """Directory searches and filters, every one different, in a random order, as a crowd's would be.

    All 1,680 combinations of word, district and segment (or none): more than the run sends in its
    seconds, so no request finds its page already in the page cache.
    """
    segments = ["", "production", "platform", "ip_content", "marketing", "overseas", "post_production"]
    paths = [
        f"/en/enterprises/?q={quote(word)}&district=district-{district}" + (f"&segment={segment}" if segment else "")
        for word in SEARCH_WORDS
        for district in range(20)
        for segment in segments
    ]
    random.Random(seed).shuffle(paths)
    return paths


def varied_incentive_filters(seed: int = 7) -> list[str]:
    """Incentive catalogue filters, every one different, in a random order: 1,280 combinations of
    one district or two, category and a least amount (or none)."""
    categories = ["subsidy", "rent", "fund", "tax", "talent", "fast_track", "copyright", "events"]
    amounts = ["", "100000", "1000000", "10000000"]
    paths = [
        f"/en/incentives/?district=district-{district}&category={category}"
        + (f"&min_amount={amount}" if amount else "")
        + (f"&district=district-{(district + 7) % 20}" if pair else "")
        for district in range(20)
        for category in categories
        for amount in amounts
        for pair in (False, True)
    ]
    random.Random(seed).shuffle(paths)
    return paths


WRK_THREADS = 2
# Each wrk thread runs its own copy of the script: thread k sends paths k+1, k+1+THREADS, ... so the
# threads never ask for the same path (the second would find it in the page cache).
LUA_ROTATING = """\
local paths = {
%s
}
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local i = 0
request = function()
  local path = paths[(i * %d + offset) %% #paths + 1]
  i = i + 1
  return wrk.format("GET", path)
end
"""


def lua_rotating(paths: list[str]) -> str:
    """A wrk script sending each request to the next path of the list."""
    return LUA_ROTATING % (",\n".join(f'  "{path}"' for path in paths), WRK_THREADS)


def wrk(url: str, *, seconds: int, connections: int, script: str | None = None) -> dict:
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        output = subprocess.run(
            command + [url], capture_output=True, text=True, check=True, env={"PATH": SYSTEM_PATH}
        ).stdout
    if " 0 requests in" in output:  # not one answer within the run
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": 0, "timeouts": 0}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": milliseconds(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0,
        "timeouts": int(m.group(1)) if (m := re.search(r"timeout (\d+)", output)) else 0,
    }


def first_request_milliseconds(url: str) -> float:
    import urllib.request

    start = time.perf_counter()
    urllib.request.urlopen(url, timeout=120).read()
    return (time.perf_counter() - start) * 1000


def drain(stack: LocalStack) -> None:
    """Wait for the requests wrk left queued to be served, so the next page starts on idle servers."""
    import urllib.request

    for _ in range(2 * len(stack.app_ports)):
        urllib.request.urlopen(stack.url + "/healthz", timeout=120).read()


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def queries_per_request(path: str, warm_up: str | None = None, *, page_cache: bool = True) -> int:
    """The queries of one request after a warm-up one (the same path: served as cached; another
    path: rendered afresh), counted in this process; with page_cache=False, as rendered."""
    with page_client() as client, override_settings(PAGE_CACHE=page_cache):
        client.get(warm_up or path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return len(queries)


def resident_megabytes(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def load_run(stack: LocalStack, *, seconds: int, connections: int) -> None:
    # Rows that send a different address each request; the last two of each list are never sent by
    # wrk: the queries of a page not in the cache are counted on them.
    varied = {
        "/en/enterprises/?q=…&district=… (varied)": varied_searches(),
        "/en/incentives/?district=…&category=… (varied)": varied_incentive_filters(),
    }
    # /healthz first and again last: the machine's other work changes the ceiling during the run.
    rows = [(path, None) for path in PAGES] + [(label, paths) for label, paths in varied.items()] + [(PAGES[0], None)]
    print(f"wrk, {connections} connections, {seconds} s per page, through nginx to 2 x gunicorn")
    print("first ms: one request alone before the load (rendered, then stored); queries: as served (0 from")
    print("the page cache) / as rendered; cpu ms: processor time of all parts of the stack, wrk included,")
    print("per request, and of that the app servers' and PostgreSQL's")
    print(
        f"{'page':48} {'first ms':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'queries':>8} {'cpu ms':>7}"
        f" {'app':>5} {'pg':>5} {'vs healthz':>10}"
    )
    # Every worker has booted and served before the first row is timed.
    wrk(stack.url + PAGES[0], seconds=2, connections=connections)
    drain(stack)
    healthz = None
    for path, paths in rows:
        script = lua_rotating(paths[:-2]) if paths else None
        # One request first, alone: the page rendered and stored, so wrk measures it as the crowd
        # finds it, and the time this first one took is printed beside.
        first = first_request_milliseconds(stack.url + path) if not paths else float("nan")
        before = processor_time.snapshot()
        result = wrk(
            stack.url + (path if script is None else "/"), seconds=seconds, connections=connections, script=script
        )
        spent = processor_time.spent(before, processor_time.snapshot())
        drain(stack)
        if paths:
            queries = f"- / {queries_per_request(paths[-1], warm_up=paths[-2])}"
        else:
            queries = f"{queries_per_request(path)} / {queries_per_request(path, page_cache=False)}"
        healthz = healthz or result["rps"]
        per_request = processor_time.per_request(spent, result["rps"] * seconds)
        errors = f"  ({result['errors']} non-2xx)" if result["errors"] else ""
        errors += f"  ({result['timeouts']} timed out after 10 s)" if result["timeouts"] else ""
        if paths and result["rps"] * seconds > len(paths) - 2:
            errors += "  (more requests than different searches: some were served from the cache)"
        print(
            f"{path:48} {first:8.1f} {result['rps']:7.0f} {result['p50']:7.1f} {result['p99']:7.1f} {queries:>8}"
            f" {sum(per_request.values()):7.1f} {per_request['app servers']:5.1f} {per_request['PostgreSQL']:5.1f}"
            f" {result['rps'] / healthz if healthz else float('nan'):10.2f}{errors}"
        )
    memory = [resident_megabytes(pid) for pid in stack.gunicorn_worker_pids()]
    print("gunicorn workers' resident memory after the load run: " + ", ".join(f"{mb:.0f} MB" for mb in memory))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-build", action="store_true", help="keep the data set of an earlier run")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--skip-burst", action="store_true")
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEPLOY_PORT", "8150")))
    arguments = parser.parse_args()
    print("Figures from a machine shared with other work are noisy; compare within one run.")
    ensure_debian_packages({"wrk": "wrk"})
    if not arguments.skip_build:
        start = time.perf_counter()
        counts = large_dataset.build()
        written = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        print(f"data set: {written}, written in {time.perf_counter() - start:.0f} s")
    large_dataset.require_bench_database()
    ok = True
    with LocalStack(port=arguments.port) as stack:
        load_run(stack, seconds=arguments.seconds, connections=arguments.connections)
        if not arguments.skip_burst:
            ok = registration_burst.run(stack, registrations=2000, capacity=500, connections=64, kill_at=0.4)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
