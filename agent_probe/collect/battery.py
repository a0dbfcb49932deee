"""Battery charge and, where the OS tells, its health (full-charge capacity as a share of the
design capacity); None on machines without a battery."""

from __future__ import annotations

import os

import psutil

from agent_probe.collect.snapshot import BatteryInfo

POWER_SUPPLY = "/sys/class/power_supply"  # Linux: one folder per battery (BAT0, BAT1, CMB0…)


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
    """Wear as the kernel reports it: energy_full / energy_full_design (µWh), or charge_full /
    charge_full_design (µAh) on batteries that count charge; the first battery that has both.
    Two small file reads, cheap enough for every cycle. None elsewhere (Windows and macOS do not
    expose it without WMI or IOKit, which the resident probe does not load)."""
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
