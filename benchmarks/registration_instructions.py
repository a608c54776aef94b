"""Instructions one registration costs the app server's process, counted by valgrind: the same on every run.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/haizhu_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
       .venv/bin/python benchmarks/registration_instructions.py [--registrations 60] [--questions 5] [--sessions 2]

Processor time on a shared machine moves with whatever else runs (this one's by a third within an hour), so
two versions of the code compare only when run in turn, many times. The instructions the code executes do not
move. This runs registration_lock.py's registrations (each person from an address of their own, the form
posted as a browser posts it, the event asking `--questions` questions and offering `--sessions` sessions,
everything answered and ticked) under valgrind's callgrind, counting only once a warm-up has run, and prints
the instructions per registration in this process: Django, the ORM, psycopg and the Redis client. PostgreSQL's
and Redis's own work is not counted; registration_lock.py gives PostgreSQL's processor time. The count moves by
well under 1% between runs of the same code (random ticket codes, the clock): a larger change is the code's.
Needs valgrind (the Debian package).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")

COUNTED = "REGISTRATION_INSTRUCTIONS_COUNTED"
WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=60, help="counted, after a warm-up of 20")
    parser.add_argument("--questions", type=int, default=5, help="questions of the event's own, all answered")
    parser.add_argument("--sessions", type=int, default=2, help="sessions with their own seats, all ticked")
    arguments = parser.parse_args()
    if os.environ.get(COUNTED):
        register(arguments)
    else:
        count(arguments)


def count(arguments) -> None:
    """Run this script again under callgrind, counting off, and read the total it counted."""
    if not shutil.which("callgrind_control"):
        raise SystemExit("Please install valgrind (the Debian package).")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
        # The same string hashes on every run, so that dictionaries and sets do the same work.
        env = {**os.environ, COUNTED: "1", "PYTHONHASHSEED": "0"}
        subprocess.run([*command, sys.executable, *sys.argv], env=env, check=True, stderr=subprocess.DEVNULL)
        total = int(re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE).group(1))
    print(
        f"registration with {arguments.questions} questions answered and {arguments.sessions} sessions ticked, "
        f"{arguments.registrations} counted after {WARM_UP}, Python {sys.version.split()[0]} ({sys.executable}):"
    )
    print(f"  {total / arguments.registrations / 1e6:.2f} million instructions per registration in Django's process")


def register(arguments) -> None:
    """Inside callgrind: the warm-up uncounted, then the registrations counted."""
    import django

    django.setup()
    from django.test.utils import override_settings

    from benchmarks.pages import page_client
    from benchmarks.registration_burst import fresh_event, questions_asked, sessions_offered
    from benchmarks.registration_lock import PRODUCTION_TASKS, registration_posted

    everyone = WARM_UP + arguments.registrations
    event = fresh_event(everyone)
    answers = questions_asked(event, arguments.questions) | sessions_offered(event, arguments.sessions)
    path = f"/en/events/{event.slug}/register/"
    with page_client() as client, override_settings(TASKS=PRODUCTION_TASKS, DEBUG=False):
        for number in range(everyone):
            if number == WARM_UP:
                instrumentation("on")
            registration_posted(client, path, answers, number)
        instrumentation("off")


def instrumentation(state: str) -> None:
    subprocess.run(["callgrind_control", "--instr", state, str(os.getpid())], check=True, capture_output=True)


if __name__ == "__main__":
    main()
