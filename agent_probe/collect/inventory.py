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
from agent_probe.collect.common import RawJson, utc_iso

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import TypeVar

    from agent_probe.collect.snapshot import HardwareInfo, Inventory, OsBuild, Package

    T = TypeVar("T")

log = plog.getLogger(__name__)

MAX_AGE = 24 * 3600.0
CACHE = "inventory.json"
HELPER_ARGS = ("inventory", "--compact")  # one line of JSON, which the report carries as it is
HELPER_TIMEOUT = 600.0  # package managers, SMART and PowerShell each have their own shorter limits


def collect(*, clock: Callable[[], float] = time.time) -> Inventory:
    # Imported here: the resident probe asks a helper process (collect_in_helper) and never loads them.
    from agent_probe.collect import disk_health, hardware, os_build, software

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


def helper_command(*, no_site: bool | None = None) -> list[str] | None:
    """argv of `helpdesk-probe inventory --compact` for this install (worker.helper_command), None
    when this process has no Python to start it with."""
    from agent_probe.collect import worker

    return worker.helper_command(HELPER_ARGS, no_site=no_site)


def collect_in_helper(argv: list[str] | None = None) -> Inventory | RawJson:
    """The inventory from a short-lived `helpdesk-probe inventory` process, for the resident probe.

    Its collectors, the package lists and their parsing would otherwise stay in the resident
    process's memory for good (bench/probe_footprint.py: about 0.7 MB) for work done once a day.
    When the helper cannot run (no Python beside pywin32's service host, a timeout, a crash), the
    inventory is collected here instead: a day's inventory is not lost to memory.
    The helper's answer is returned as its checked JSON text (RawJson), which the report carries as
    it is: parsed objects would be serialized twice more and leave their heap behind."""
    import subprocess

    command = argv or helper_command()
    if command is None:
        return collect()
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=HELPER_TIMEOUT, check=False)
        # `helpdesk-probe inventory` prints collect(): one object with a list of software
        if done.returncode == 0 and json.JSONDecoder(object_pairs_hook=_lists_software).decode(done.stdout) is True:
            return RawJson(done.stdout.strip())
        log.warning("inventory helper failed (exit %s): collecting in this process", done.returncode)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        log.warning("inventory helper could not run (%s): collecting in this process", exc)
    return collect()


def _lists_software(pairs: list[tuple[str, object]]) -> bool:
    # Each JSON object of the helper's answer becomes True (it has a "software" list) or False as
    # soon as it is parsed: the answer is checked without ever being held as objects here.
    return any(key == "software" and isinstance(value, list) for key, value in pairs)


def due(home: Path, *, clock: Callable[[], float] = time.time, max_age: float = MAX_AGE,
        gather: Callable[[], Inventory | RawJson] | None = None) -> Inventory | RawJson | None:
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
        text = inventory if isinstance(inventory, RawJson) else json.dumps(inventory, separators=(",", ":"))
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
        now = clock()
        os.utime(path, (now, now))  # the injected clock decides the age, in tests as in service
    except OSError as exc:
        log.warning("cannot cache the inventory (%s): it is sent, and collected again next cycle", exc)
    return inventory
