"""The cyclic garbage collector's pauses while a worker serves pages, as gunicorn's workers load the app.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_portal DEBUG=1 \\
       .venv/bin/python benchmarks/gc_pauses.py [--requests 300] [--unfrozen]

Imports haizhu_portal.wsgi as a worker does (which freezes what the boot made: gc.freeze), then serves
fresh and cached pages of the demo data (load it first: manage.py load_demo) through Django's test client,
and prints per generation how many collections ran and how long they took, per request and at most. With
--unfrozen the boot's objects are unfrozen first: the collector as it runs without the freeze.
"""

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

import haizhu_portal.wsgi  # noqa: E402, F401  (the app loaded, and frozen, as a worker loads it)
from benchmarks.pages import page_client  # noqa: E402

PAGES = ["/en/", "/en/incentives/", "/zh-hans/enterprises/?q=短剧", "/en/search/?q=drama", "/en/events/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--unfrozen", action="store_true", help="unfreeze the boot's objects first")
    options = parser.parse_args()
    if options.unfrozen:
        gc.unfreeze()
    pauses = {generation: [] for generation in range(3)}
    started = {}

    def timed(phase, info):
        if phase == "start":
            started["at"] = time.perf_counter()
        else:
            pauses[info["generation"]].append((time.perf_counter() - started["at"]) * 1000)

    with page_client() as client:
        for page in PAGES:
            client.get(page)
        gc.callbacks.append(timed)
        for number in range(options.requests):
            client.get(PAGES[number % len(PAGES)])
        gc.callbacks.remove(timed)
    print(f"{'frozen' if gc.get_freeze_count() else 'not frozen'}: {gc.get_freeze_count():,} objects frozen, ", end="")
    print(f"{len(gc.get_objects()):,} tracked; {options.requests} requests; load {os.getloadavg()[0]:.1f}")
    for generation, taken in pauses.items():
        longest = max(taken, default=0.0)
        print(
            f"generation {generation}: {len(taken) / options.requests:.2f} collections a request, "
            f"{sum(taken) / options.requests:.2f} ms a request, longest {longest:.1f} ms"
        )


if __name__ == "__main__":
    main()
