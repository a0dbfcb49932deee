"""Runs every collector into one snapshot; a failing collector is recorded, not fatal."""

from __future__ import annotations

from collections.abc import Callable

from agent_probe import __version__, plog
from agent_probe.collect import battery, cpu, disks, memory, network, processes, system, users
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
    errors: list[str] = []
    if not processes.is_primed():
        # One-shot snapshot: open the per-process windows now; the other collectors run in between.
        processes.prime()

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
        "processes": safe(
            "processes", lambda: processes.collect(top_n, total_memory=mem["total"] or None), _EMPTY_PROCESSES
        ),
        "cpu": safe("cpu", cpu.collect, _EMPTY_CPU),
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
