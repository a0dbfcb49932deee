"""This computer's snapshot for a report: the local probe's newest one when the probe is enrolled
and its state can be read (its spool keeps reports not yet sent), else a one-shot collection.
`summary` turns it into the lines the user reads before sending (never raw JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from agent_probe.platform_paths import probe_home, spool_dir, state_file
from agent_probe.report.enrol import EnrolmentError, load_state


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


@dataclass(frozen=True)
class MachineSnapshot:
    snapshot: dict[str, Any]
    machine_id: int | None  # the probe's enrolment id; the server links it only if the machine is the user's
    from_probe: bool  # False: collected just now, one-shot


def _probe_state(home: Path) -> int | None:
    try:
        state = load_state(state_file(home))
    except (EnrolmentError, OSError):  # the probe runs as a service: its state may not be ours to read
        return None
    if state is None or not state.machine_id.isdigit():
        return None
    return int(state.machine_id)


def _spooled(home: Path) -> dict[str, Any] | None:
    try:
        newest = max((p for p in spool_dir(home).glob("*.json") if p.is_file()), default=None)
        if newest is None:
            return None
        body = json.loads(newest.read_bytes())
    except (OSError, ValueError):
        return None
    snapshot = body.get("snapshot") if isinstance(body, dict) else None
    return snapshot if isinstance(snapshot, dict) else None


def machine_snapshot(home: Path | None = None) -> MachineSnapshot:
    """The snapshot to send (blocks up to ~100 ms for a one-shot collection: call it off the GUI thread)."""
    home = probe_home() if home is None else home
    machine_id = _probe_state(home)
    spooled = _spooled(home) if machine_id is not None else None
    if spooled is not None:
        return MachineSnapshot(spooled, machine_id, True)
    from agent_probe.collect.snapshot import collect_snapshot  # psutil: only when needed

    return MachineSnapshot(dict(collect_snapshot(top_n=5)), machine_id, False)


def _gb(value: object) -> str:
    return f"{float(value) / 1024**3:.1f} GB" if isinstance(value, int | float) else "?"


def summary(snapshot: dict[str, Any]) -> list[str]:
    """What is sent, line by line, in the user's language."""
    lines: list[str] = []
    system = snapshot.get("system") or {}
    lines.append(_tr("Computer: {host}").format(host=system.get("hostname", "?")))
    lines.append(_tr("System: {os} {release} ({build})").format(
        os=system.get("os_name", ""), release=system.get("os_release", ""), build=system.get("os_version", "")))
    uptime = system.get("uptime_seconds")
    if isinstance(uptime, int):
        lines.append(_tr("Running for {hours} hours since the last restart").format(hours=uptime // 3600))
    cpu = snapshot.get("cpu") or {}
    if isinstance(cpu.get("percent"), int | float):
        lines.append(_tr("Processor: {percent:.0f}% busy").format(percent=cpu["percent"]))
    memory = snapshot.get("memory") or {}
    if memory:
        lines.append(_tr("Memory: {used} of {total} in use ({percent:.0f}%)").format(
            used=_gb(memory.get("used")), total=_gb(memory.get("total")), percent=float(memory.get("percent", 0))))
    for disk in (snapshot.get("disks") or [])[:6]:
        if disk.get("total"):
            lines.append(_tr("Disk {mount}: {free} free of {total}").format(
                mount=disk.get("mountpoint"), free=_gb(disk.get("free")), total=_gb(disk.get("total"))))
    battery = snapshot.get("battery")
    if isinstance(battery, dict):
        lines.append(_tr("Battery: {percent:.0f}%").format(percent=float(battery.get("percent", 0))))
    network = [n["name"] for n in snapshot.get("network") or [] if n.get("is_up")]
    if network:
        lines.append(_tr("Network connections up: {names}").format(names=", ".join(network[:6])))
    top = (snapshot.get("processes") or {}).get("top_cpu") or []
    if top:
        lines.append(_tr("Busiest programs: {names}").format(names=", ".join(p["name"] for p in top[:5])))
    lines.append(_tr("Collected at {when} (UTC)").format(when=str(snapshot.get("collected_at", ""))[:16]
                                                           .replace("T", " ")))
    return lines
