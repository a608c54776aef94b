"""Processor time spent by each part of the production shape on this machine, read from /proc.

A benchmark that drives the servers from the same machine shares its processors with them: what
each part spends per request shows where the time goes, and the processors' total over the spend
per request is the most the machine can serve, whatever the code waits on.
"""

import os
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
ROLES = ["app servers", "PostgreSQL", "task worker", "Redis", "nginx", "object storage", "load generator"]


def role_of(pid: int, command: str, name: str, database: str) -> str | None:
    if pid == os.getpid() or name == "wrk":
        return "load generator"
    if "gunicorn" in command:
        return "app servers"
    if "task_worker" in command or "db_worker" in command:
        return "task worker"
    if "moto_server" in command:
        return "object storage"
    if name.startswith("postgres") or name.startswith("postmaster"):
        # A backend's title ends "user database host(port) activity": other databases' work
        # is not ours. The shared processes (WAL writer, checkpointer, ...) count.
        words = command.split()
        host = next((i for i, word in enumerate(words) if word.endswith(")") and "(" in word), None)
        return None if host is not None and words[host - 1] != database else "PostgreSQL"
    if name.startswith("redis-server"):
        return "Redis"
    if name.startswith("nginx"):
        return "nginx"
    return None


def snapshot(database: str | None = None) -> dict[int, tuple[str, float]]:
    """Seconds of processor time used so far by every process of a known role, by pid; of the
    PostgreSQL backends, only those connected to `database` (by default Django's)."""
    if database is None:
        from django.conf import settings

        database = settings.DATABASES["default"]["NAME"]
    seen = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        role = role_of(int(entry.name), command, name, database)
        if role:
            # utime and stime: the 12th and 13th fields after the command name.
            fields = stat[stat.rindex(")") + 2 :].split()
            seen[int(entry.name)] = (role, (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND)
    return seen


def spent(before: dict, after: dict, *, last_seen: dict | None = None) -> dict[str, float]:
    """Seconds each role spent between two snapshots; `last_seen` stands in for processes that
    ended in between (an app instance killed on purpose), counted up to that snapshot."""
    totals = dict.fromkeys(ROLES, 0.0)
    for pid, (role, seconds) in {**(last_seen or {}), **after}.items():
        totals[role] += seconds - before.get(pid, (role, 0.0))[1]
    return totals


def per_request(totals: dict[str, float], requests: float) -> dict[str, float]:
    """Milliseconds each role spent per request."""
    return {role: 1000 * seconds / max(1.0, requests) for role, seconds in totals.items()}


def report(totals: dict[str, float], requests: int, what: str) -> str:
    per_request_ms = per_request(totals, requests)
    shown = {role: ms for role, ms in per_request_ms.items() if ms >= 0.05}
    spent_ms = sum(per_request_ms.values())
    parts = ", ".join(f"{role} {ms:.1f} ms" for role, ms in shown.items())
    processors = os.cpu_count() or 1
    return (
        f"  processor time per {what}: {parts}; {spent_ms:.1f} ms in all\n"
        f"  at that cost {processors} processors serve at most {processors * 1000 / spent_ms:.0f} {what}s/s"
    )
