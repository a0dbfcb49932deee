"""CPU time of other processes: a server and its workers, PostgreSQL's postmaster and backends."""

from __future__ import annotations

import contextlib

import psutil


def tree(pid: int) -> list[psutil.Process]:
    """The process and its descendants, now."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def cpu_seconds(procs: list[psutil.Process]) -> float:
    """User + system CPU of `procs`, with that of the children each has waited for (a backend
    that ended counts with its postmaster); a process gone since is skipped."""
    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            times = p.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def tree_cpu_seconds(pid: int | None) -> float:
    """`cpu_seconds` of the process `pid` and its descendants; 0 without a PID."""
    return 0.0 if pid is None else cpu_seconds(tree(pid))
