"""Physical memory and swap."""

from __future__ import annotations

import psutil

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import MemoryInfo



def collect() -> MemoryInfo:
    virtual = psutil.virtual_memory()
    swap = psutil.swap_memory()
    return {
        "total": int(virtual.total),
        "available": int(virtual.available),
        "used": int(virtual.used),
        "percent": float(virtual.percent),
        "swap_total": int(swap.total),
        "swap_used": int(swap.used),
        "swap_percent": float(swap.percent),
    }
