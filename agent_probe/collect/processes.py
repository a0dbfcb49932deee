"""Top processes by CPU and by memory, cheaply.

``process_iter(attrs=...)`` reads only the listed fields. In one long-lived process psutil caches
the Process objects between calls, so ``cpu_percent`` measures the time since the previous sample
without sleeping (`collect`). The report's worker lives for one report, so it measures against the
sample the previous report left on disk instead (`collect_since`, collect/cpu_sample.py).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable

import psutil

from agent_probe.collect import cpu_sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import Any

    from agent_probe.collect.snapshot import ProcessInfo, ProcessSummary


ATTRS = ["pid", "name", "username", "cpu_percent", "memory_info"]
SINCE_ATTRS = ["pid", "name", "username", "cpu_times", "create_time", "memory_info"]
_SKIPPED = (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied)


class _Primer:
    done = False


def prime() -> None:
    """Start every process's CPU measuring window (the first cpu_percent of a process is always 0)."""
    for proc in psutil.process_iter(attrs=["cpu_percent"], ad_value=None):
        del proc
    _Primer.done = True


def is_primed() -> bool:
    return _Primer.done


def collect(top_n: int = 10, *, total_memory: int | None = None) -> ProcessSummary:
    if total_memory is None:
        total_memory = int(psutil.virtual_memory().total)
    return summarise(psutil.process_iter(attrs=ATTRS, ad_value=None), top_n, total_memory)


def collect_since(
    before: cpu_sample.Sample, top_n: int = 10, *, total_memory: int | None = None
) -> tuple[ProcessSummary, dict[int, tuple[float, float, float]]]:
    """The summary with each process's CPU since `before`, and the counters for the next sample."""
    if total_memory is None:
        total_memory = int(psutil.virtual_memory().total)
    rows: list[tuple[int, float | None, float | None, float]] = []

    def measured(procs: Iterable[Any]) -> Iterable[Any]:
        for proc in procs:
            try:
                info = proc.info
            except _SKIPPED:
                yield proc  # summarise counts it
                continue
            seconds = cpu_sample.process_seconds(info.get("cpu_times"))
            taken = time.monotonic()
            created = info.get("create_time")
            rows.append((info["pid"], created, seconds, taken))
            info["cpu_percent"] = cpu_sample.process_percent(before, info["pid"], created, seconds, taken)
            yield proc

    summary = summarise(measured(psutil.process_iter(attrs=SINCE_ATTRS, ad_value=None)), top_n, total_memory)
    return summary, cpu_sample.sample_rows(rows)


def summarise(procs: Iterable[Any], top_n: int, total_memory: int) -> ProcessSummary:
    rows: list[ProcessInfo] = []
    total = denied = 0
    for proc in procs:
        total += 1
        try:
            row = _row(proc.info, total_memory)
        except _SKIPPED:
            # The process exited or hid itself between listing and reading: count it, keep going.
            denied += 1
            continue
        if row["username"] is None or row["memory_rss"] is None:
            denied += 1  # ad_value=None: the OS denied some fields (other users' processes on Windows)
        rows.append(row)
    return {
        "total": total,
        "access_denied": denied,
        "top_cpu": heapq.nlargest(top_n, rows, key=lambda row: row["cpu_percent"] or 0.0),
        "top_memory": heapq.nlargest(top_n, rows, key=lambda row: row["memory_rss"] or 0),
    }


def _row(info: dict[str, Any], total_memory: int) -> ProcessInfo:
    memory = info.get("memory_info")
    rss = int(memory.rss) if memory is not None else None
    cpu = info.get("cpu_percent")
    return {
        "pid": int(info["pid"]),
        "name": str(info.get("name") or "?")[:256],
        "username": info.get("username"),
        "cpu_percent": float(cpu) if cpu is not None else None,
        "memory_rss": rss,
        # Computed here rather than via Process.memory_percent(), which re-reads total memory per process.
        "memory_percent": round(100.0 * rss / total_memory, 2) if rss is not None and total_memory else None,
    }
