"""Battery charge, or None on machines without one."""

from __future__ import annotations

import psutil

from agent_probe.collect.snapshot import BatteryInfo


def collect() -> BatteryInfo | None:
    sensors = getattr(psutil, "sensors_battery", None)  # absent on some platforms
    battery = sensors() if sensors else None
    if battery is None:
        return None
    seconds = battery.secsleft
    known = isinstance(seconds, int) and seconds >= 0  # psutil uses negative sentinels for unknown/unlimited
    return {
        "percent": float(battery.percent),
        "power_plugged": battery.power_plugged,
        "seconds_left": int(seconds) if known else None,
    }
