"""Instructions counted by valgrind's callgrind: figures that do not move with whatever else the machine runs.

Processor time on a shared machine moves (this one's by a third within an hour), so two versions of the code
compare only when timed in turn, many times. The instructions they execute do not move. A benchmark runs its own
script again under callgrind with counting off (`counted_run`); inside, each `counting()` block is counted and
written out on its own, and `counted_run` returns the blocks' counts in order. Only this process is counted:
PostgreSQL's and Redis's own work is not. Needs valgrind (the Debian package).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

UNDER_CALLGRIND = "BENCHMARK_UNDER_CALLGRIND"


def under_callgrind() -> bool:
    """Whether this is the run inside callgrind, which does the work to count."""
    return bool(os.environ.get(UNDER_CALLGRIND))


def counted_run() -> list[int]:
    """Run this script again, with its arguments, under callgrind; the instructions of each counting() block."""
    if not shutil.which("callgrind_control"):
        raise SystemExit("Please install valgrind (the Debian package).")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
        # The same string hashes alike on every run, so that dictionaries and sets do the same work.
        env = {**os.environ, UNDER_CALLGRIND: "1", "PYTHONHASHSEED": "0"}
        subprocess.run([*command, sys.executable, *sys.argv], env=env, check=True, stderr=subprocess.DEVNULL)
        # One file per block, numbered in order (out.1, out.2, ...); `out` itself holds what ran after the last.
        blocks = sorted(Path(folder).glob("callgrind.out.*"), key=lambda path: int(path.suffix[1:]))
        return [int(re.search(r"^totals: (\d+)", block.read_text(), re.MULTILINE).group(1)) for block in blocks]


@contextmanager
def counting():
    """Count the instructions this process runs in the block, apart from every other block."""
    _control("--instr", "on")
    try:
        yield
    finally:
        _control("--instr", "off")
        _control("--dump")


def _control(*arguments: str) -> None:
    subprocess.run(["callgrind_control", *arguments, str(os.getpid())], check=True, capture_output=True)
