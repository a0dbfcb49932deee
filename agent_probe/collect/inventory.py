"""The daily inventory: software, hardware, OS build, last boot, disk health.

Package managers take a second or more and the answer changes rarely, so the inventory is
collected at most once per `MAX_AGE` and cached in the probe's state directory with its time;
`due()` says whether the report being built should carry a new one. Each collector that fails is
named in `errors`, and the others still count.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from agent_probe import plog
from agent_probe.collect import disk_health, hardware, os_build, software
from agent_probe.collect.common import utc_iso

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import TypeVar

    from agent_probe.collect.snapshot import HardwareInfo, Inventory, OsBuild, Package

    T = TypeVar("T")

log = plog.getLogger(__name__)

MAX_AGE = 24 * 3600.0
CACHE = "inventory.json"


def collect(*, clock: Callable[[], float] = time.time) -> Inventory:
    errors: list[str] = []

    def safe(name: str, func: Callable[[], T], fallback: T) -> T:
        try:
            return func()
        except Exception as exc:  # one broken collector must not lose the day's inventory
            log.warning("inventory collector %s failed: %s", name, exc)
            errors.append(f"{name}: {type(exc).__name__}: {exc}"[:500])
            return fallback

    import psutil

    no_hw: HardwareInfo = {"vendor": None, "model": None, "serial": None, "bios_vendor": None,
                           "bios_version": None, "bios_date": None}
    no_os: OsBuild = {"name": "", "version": "", "build": ""}
    nothing: tuple[list[Package], bool] = ([], False)
    packages, truncated = safe("software", software.collect, nothing)
    return {"collected_at": utc_iso(clock()), "software": packages, "software_truncated": truncated,
            "hardware": safe("hardware", hardware.collect, no_hw), "os": safe("os", os_build.collect, no_os),
            "last_boot": utc_iso(psutil.boot_time()), "disks": safe("disk_health", disk_health.collect, []),
            "errors": errors}


def due(home: Path, *, clock: Callable[[], float] = time.time, max_age: float = MAX_AGE,
        gather: Callable[[], Inventory] | None = None) -> Inventory | None:
    """A new inventory when the cached one is older than `max_age` (or missing), else None.
    The new one is cached first, so a crash after it does not collect it twice in a day."""
    path = home / CACHE
    try:
        if clock() - path.stat().st_mtime < max_age:
            return None
    except OSError:
        pass  # never collected here
    inventory = (gather or (lambda: collect(clock=clock)))()
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = home / f".{CACHE}.tmp"
        temp.write_text(json.dumps(inventory, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, path)
        now = clock()
        os.utime(path, (now, now))  # the injected clock decides the age, in tests as in service
    except OSError as exc:
        log.warning("cannot cache the inventory (%s): it is sent, and collected again next cycle", exc)
    return inventory
