"""Disk health where the OS tells it: SMART through smartctl on Linux (when installed and
allowed), Storage's HealthStatus (`Get-PhysicalDisk`) on Windows. Elsewhere "unknown"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from agent_probe.collect.software import which

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import DiskHealth

TIMEOUT = 15.0
BLOCK = Path("/sys/block")
_SKIP = ("loop", "ram", "zram", "dm-", "md", "sr", "fd", "nbd")


def from_smartctl(device: str, text: str) -> DiskHealth:
    """From `smartctl -j -H -i DEVICE`."""
    try:
        data = json.loads(text)
    except ValueError:
        return {"device": device, "model": None, "status": "unknown", "detail": None}
    passed = (data.get("smart_status") or {}).get("passed")
    model = data.get("model_name") or data.get("model_family")
    status = "ok" if passed is True else "failing" if passed is False else "unknown"
    detail = {"ok": "SMART overall-health: PASSED", "failing": "SMART overall-health: FAILED"}.get(status)
    return {"device": device, "model": str(model) if model else None, "status": status,  # type: ignore[typeddict-item]
            "detail": detail}


def from_physical_disks(text: str) -> list[DiskHealth]:
    """From `Get-PhysicalDisk | Select FriendlyName,DeviceId,HealthStatus | ConvertTo-Json` (an
    object for one disk, a list for several; HealthStatus "Healthy", "Warning", "Unhealthy")."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    rows = data if isinstance(data, list) else [data]
    out: list[DiskHealth] = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        health = str(row.get("HealthStatus") or "")
        status = "ok" if health == "Healthy" else "failing" if health in ("Warning", "Unhealthy") else "unknown"
        out.append({"device": f"PhysicalDisk{row.get('DeviceId', '?')}", "model": row.get("FriendlyName"),
                    "status": status, "detail": health or None})  # type: ignore[typeddict-item]
    return out


def linux_devices(block: Path = BLOCK) -> list[str]:
    try:
        names = sorted(p.name for p in block.iterdir())
    except OSError:
        return []
    return [f"/dev/{n}" for n in names if not n.startswith(_SKIP)]


def linux() -> list[DiskHealth]:
    devices = linux_devices()
    smartctl = which("smartctl")
    out: list[DiskHealth] = []
    for device in devices:
        if smartctl is None:
            out.append({"device": device, "model": None, "status": "unknown", "detail": None})
            continue
        try:
            done = subprocess.run([smartctl, "-j", "-H", "-i", device], capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)
            out.append(from_smartctl(device, done.stdout))
        except (OSError, subprocess.SubprocessError):
            out.append({"device": device, "model": None, "status": "unknown", "detail": None})
    return out


def _windows() -> list[DiskHealth]:
    try:
        text = subprocess.run(["powershell", "-NoProfile", "-Command",
                               "Get-PhysicalDisk | Select-Object FriendlyName,DeviceId,HealthStatus | ConvertTo-Json"],
                              capture_output=True, text=True, timeout=TIMEOUT, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return from_physical_disks(text)


def collect() -> list[DiskHealth]:
    return _windows() if sys.platform == "win32" else linux()
