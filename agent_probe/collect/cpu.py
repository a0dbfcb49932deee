"""Processor model, counts, utilisation and load."""

from __future__ import annotations

import functools
import platform
import sys
from pathlib import Path

import psutil

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import CpuInfo



@functools.cache
def _model() -> str | None:
    # The model never changes while the probe runs: read it once.
    if sys.platform.startswith("linux"):
        try:
            with Path("/proc/cpuinfo").open(encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith(("model name", "Hardware", "Processor")):
                        return line.split(":", 1)[1].strip() or None
        except OSError:
            return None
    return platform.processor() or None


def prime() -> None:
    """Start the measuring window, so the next ``collect`` returns a real percentage without sleeping."""
    psutil.cpu_percent(interval=None)


def collect(*, percent: float | None = None) -> CpuInfo:
    """`percent`: the system's CPU use measured by the caller (collect/cpu_sample.py); by default
    psutil's since its previous call in this process."""
    load: list[float] | None = None
    # Not asked on Windows at all: psutil emulates it there with a background sampler that reports
    # zeros until it has samples, and the first call starts that sampler for the life of the probe.
    if sys.platform != "win32":
        try:
            load = [round(value, 2) for value in psutil.getloadavg()]
        except (AttributeError, OSError):
            load = None
    return {
        "model": _model(),
        "logical_count": psutil.cpu_count(logical=True),
        "physical_count": psutil.cpu_count(logical=False),
        # interval=None never sleeps: it compares with the previous call (or psutil's import time).
        "percent": float(psutil.cpu_percent(interval=None)) if percent is None else percent,
        "load_average": load,
    }
