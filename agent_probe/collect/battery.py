"""Battery charge and, where the OS tells, its health (full-charge capacity as a share of the
design capacity); None on machines without a battery.

Health comes from sysfs on Linux (two small file reads, every cycle) and from WMI on Windows: the
root\\wmi classes BatteryStaticData (DesignedCapacity) and BatteryFullChargedCapacity, matched by
InstanceName, asked through PowerShell's Get-CimInstance as JSON. Not `powercfg /batteryreport
/xml`: that writes a report with days of usage history to a file (seconds of work, a temporary
file to clean up) and would need an XML parser in the resident process; the CIM query answers in
JSON, which the probe already parses, as its disk health and BIOS serial already do (disk_health.py,
hardware.py). PowerShell costs a second of CPU, so the answer is kept for a day: wear moves over
months.
"""

from __future__ import annotations

import json
import os
import sys
import time

import psutil

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import BatteryInfo


POWER_SUPPLY = "/sys/class/power_supply"  # Linux: one folder per battery (BAT0, BAT1, CMB0…)

# One argv element for PowerShell's -Command, never built from input. -InputObject keeps one-item
# lists lists (the pipeline would unwrap them); errors (no battery class, access) leave them empty.
WINDOWS_QUERY = (
    "$ErrorActionPreference = 'SilentlyContinue'; "
    "$static = @(Get-CimInstance -Namespace root/wmi -ClassName BatteryStaticData"
    " | Select-Object InstanceName, DesignedCapacity); "
    "$full = @(Get-CimInstance -Namespace root/wmi -ClassName BatteryFullChargedCapacity"
    " | Select-Object InstanceName, FullChargedCapacity); "
    "ConvertTo-Json -Compress -InputObject @{static = $static; full = $full}"
)
WINDOWS_TIMEOUT = 20.0
WINDOWS_REFRESH_SECONDS = 24 * 3600.0
_windows_answer: tuple[float, float | None] | None = None  # (time.monotonic() when asked, health)


def collect() -> BatteryInfo | None:
    sensors = getattr(psutil, "sensors_battery", None)  # absent on some platforms
    battery = sensors() if sensors else None
    if battery is None:
        return None
    seconds = battery.secsleft
    known = isinstance(seconds, int) and seconds >= 0  # psutil uses negative sentinels for unknown/unlimited
    info: BatteryInfo = {
        "percent": float(battery.percent),
        "power_plugged": battery.power_plugged,
        "seconds_left": int(seconds) if known else None,
    }
    health = health_percent()
    if health is not None:
        info["health_percent"] = health
    return info


def health_percent(root: str | None = None) -> float | None:
    """Full-charge capacity as a percentage of the design capacity: sysfs on Linux, WMI on Windows
    (asked once a day), None elsewhere (macOS would need IOKit)."""
    if sys.platform == "win32":
        return windows_health_percent()
    return linux_health_percent(root)


def linux_health_percent(root: str | None = None) -> float | None:
    """Wear as the kernel reports it: energy_full / energy_full_design (µWh), or charge_full /
    charge_full_design (µAh) on batteries that count charge; the first battery that has both."""
    root = root or POWER_SUPPLY  # read at call time, so tests can point it at recorded folders
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return None
    for name in names:
        folder = os.path.join(root, name)
        if _read(folder, "type") != "Battery":
            continue
        for full, design in (("energy_full", "energy_full_design"), ("charge_full", "charge_full_design")):
            now, new = _number(folder, full), _number(folder, design)
            if now is not None and new:
                return round(min(100.0, 100.0 * now / new), 1)
    return None


def _read(folder: str, name: str) -> str | None:
    try:
        with open(os.path.join(folder, name), encoding="ascii", errors="replace") as fh:
            return fh.read().strip()
    except OSError:
        return None


def _number(folder: str, name: str) -> int | None:
    text = _read(folder, name)
    return int(text) if text is not None and text.isdigit() else None


def windows_health_percent(now: float | None = None) -> float | None:
    """WMI's answer, asked at most once per WINDOWS_REFRESH_SECONDS (a failure is kept as long)."""
    global _windows_answer
    now = time.monotonic() if now is None else now
    if _windows_answer is not None and now - _windows_answer[0] < WINDOWS_REFRESH_SECONDS:
        return _windows_answer[1]
    import subprocess  # psutil has imported it already; named here for the one place it is used

    try:
        done = subprocess.run(
            ["powershell.exe", "-NoProfile", "-NonInteractive", "-Command", WINDOWS_QUERY],
            capture_output=True, text=True, timeout=WINDOWS_TIMEOUT, check=False,
        )
        health = from_cim(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):  # no PowerShell, or it hung past the timeout
        health = None
    _windows_answer = (now, health)
    return health


def from_cim(text: str) -> float | None:
    """From WINDOWS_QUERY's JSON: {"static": [{InstanceName, DesignedCapacity}], "full":
    [{InstanceName, FullChargedCapacity}]} (mWh). The first battery by InstanceName with both
    figures and a design capacity above zero; a list of one may come as a bare object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    designed = _by_instance(data.get("static"), "DesignedCapacity")
    full = _by_instance(data.get("full"), "FullChargedCapacity")
    for name in sorted(designed):
        now, new = full.get(name), designed[name]
        if now is not None and new > 0:
            return round(min(100.0, 100.0 * now / new), 1)
    return None


def _by_instance(rows: object, field: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows if isinstance(rows, list) else [rows]:
        if not isinstance(row, dict):
            continue
        name, value = row.get("InstanceName"), row.get(field)
        # bool is an int too; WMI's capacities are unsigned 32-bit integers
        if isinstance(name, str) and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            out[name] = value
    return out
