"""Runs every collector into one snapshot; a failing collector is recorded, not fatal."""

from __future__ import annotations

from collections.abc import Callable

from agent_probe import __version__, plog
from agent_probe.collect import battery, cpu, cpu_sample, disks, memory, network, processes, system, users
from agent_probe.collect.common import SCHEMA_VERSION, utc_iso

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from agent_probe.collect.snapshot import CpuInfo, MemoryInfo, ProcessSummary, Snapshot, SystemInfo

    T = TypeVar("T")

log = plog.getLogger(__name__)


def prime() -> None:
    """Open the CPU measuring windows; the resident loop calls this once at start."""
    cpu.prime()
    processes.prime()


def collect(*, top_n: int = 10) -> Snapshot:
    """A snapshot whose CPU figures are psutil's, since its previous call in this process."""
    if not processes.is_primed():
        # One-shot snapshot: open the per-process windows now; the other collectors run in between.
        processes.prime()
    return _collect(top_n, lambda total: processes.collect(top_n, total_memory=total), lambda: None)


def collect_since(before: cpu_sample.Sample, *, top_n: int = 10) -> tuple[Snapshot, cpu_sample.Sample]:
    """A snapshot whose CPU figures cover the time since `before`, and the sample to measure the
    next one against (the report's worker process, collect/worker.py)."""
    taken: list[cpu_sample.Sample] = []
    rows: dict[int, tuple[float, float, float]] = {}

    def read_processes(total: int | None) -> ProcessSummary:
        summary, measured = processes.collect_since(before, top_n, total_memory=total)
        rows.update(measured)
        return summary

    def read_percent() -> float:
        now = cpu_sample.take_system(rows)
        taken.append(now)
        return cpu_sample.system_percent(before.cpu_times, now.cpu_times)

    snapshot = _collect(top_n, read_processes, read_percent)
    # A failed CPU or process read still leaves a usable sample for the next report.
    sample = taken[0] if taken else cpu_sample.take_system(rows)
    return snapshot, sample


def _collect(top_n: int, read_processes: Callable[[int | None], ProcessSummary],
             read_percent: Callable[[], float | None]) -> Snapshot:
    errors: list[str] = []

    def safe(name: str, func: Callable[[], T], fallback: T) -> T:
        try:
            return func()
        except Exception as exc:  # a collector bug or OS quirk must not cost the whole report
            log.warning("collector %s failed: %s", name, exc, exc_info=True)
            errors.append(f"{name}: {type(exc).__name__}: {exc}"[:512])
            return fallback

    mem = safe("memory", memory.collect, _EMPTY_MEMORY)
    snapshot: Snapshot = {
        "schema_version": SCHEMA_VERSION,
        "collected_at": utc_iso(),
        "probe_version": __version__,
        "system": safe("system", system.collect, _empty_system()),
        # Slow-ish collectors run between the CPU prime (psutil import) and the CPU read, widening the window.
        "disks": safe("disks", disks.collect, []),
        "network": safe("network", network.collect, []),
        "battery": safe("battery", battery.collect, None),
        "users": safe("users", users.collect, []),
        "memory": mem,
        "processes": safe("processes", lambda: read_processes(mem["total"] or None), _EMPTY_PROCESSES),
        "cpu": safe("cpu", lambda: cpu.collect(percent=read_percent()), _EMPTY_CPU),
        "errors": errors,
    }
    return snapshot


_EMPTY_MEMORY: MemoryInfo = {
    "total": 0,
    "available": 0,
    "used": 0,
    "percent": 0.0,
    "swap_total": 0,
    "swap_used": 0,
    "swap_percent": 0.0,
}
_EMPTY_CPU: CpuInfo = {
    "model": None,
    "logical_count": None,
    "physical_count": None,
    "percent": 0.0,
    "load_average": None,
}
_EMPTY_PROCESSES: ProcessSummary = {"total": 0, "access_denied": 0, "top_cpu": [], "top_memory": []}


def _empty_system() -> SystemInfo:
    empty: dict[str, Any] = {
        "hostname": "",
        "os_name": "",
        "os_version": "",
        "os_release": "",
        "platform": "",
        "machine": "",
        "boot_time": utc_iso(0),
        "uptime_seconds": 0,
    }
    return empty  # type: ignore[return-value]
