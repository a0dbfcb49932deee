"""Health rules evaluated on a snapshot: pure functions, so the server can re-run them too.

Alert keys are stable (``disk_full:/``): the server opens one ticket per key and closes it when the
key stops appearing, so a key must not change between reports for the same condition.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping

from agent_probe.i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    from agent_probe.collect.snapshot import Alert, Snapshot

    class Thresholds(NamedTuple):
        disk_warning_percent: float = 90.0
        disk_critical_percent: float = 97.0
        memory_available_percent: float = 10.0  # pressure only when available memory is below this …
        swap_used_percent: float = 50.0  # … and swap is this busy: low free RAM alone is just a warm cache
        battery_low_percent: float = 10.0

else:  # A typed NamedTuple for the type checker; at run time the same tuple from collections, without typing.
    Thresholds = namedtuple(
        "Thresholds",
        "disk_warning_percent disk_critical_percent memory_available_percent swap_used_percent battery_low_percent",
        defaults=(90.0, 97.0, 10.0, 50.0, 10.0),
    )


DEFAULT_THRESHOLDS = Thresholds()


def evaluate(snapshot: Snapshot | Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Alert]:
    """All alerts raised by a snapshot, ordered by key so reports compare cleanly."""
    alerts = [
        *disk_alerts(snapshot, thresholds),
        *memory_alerts(snapshot, thresholds),
        *battery_alerts(snapshot, thresholds),
    ]
    return sorted(alerts, key=lambda alert: alert["key"])


def disk_alerts(snapshot: Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Alert]:
    alerts: list[Alert] = []
    for disk in snapshot.get("disks") or []:
        percent = disk.get("percent")
        if percent is None or percent <= thresholds.disk_warning_percent:
            continue
        mount = disk["mountpoint"]
        alerts.append(
            {
                "key": f"disk_full:{mount}",
                "rule": "disk_full",
                "severity": "critical" if percent >= thresholds.disk_critical_percent else "warning",
                "summary": _("Disk {mount} is {percent:.0f}% full ({free} free)").format(
                    mount=mount, percent=percent, free=format_bytes(disk.get("free") or 0)
                ),
                "details": {"mountpoint": mount, "percent": percent, "free": disk.get("free")},
            }
        )
    return alerts


def memory_alerts(snapshot: Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Alert]:
    memory = snapshot.get("memory") or {}
    total = memory.get("total") or 0
    if total <= 0:
        return []
    available_percent = 100.0 * memory.get("available", 0) / total
    swap_percent = memory.get("swap_percent", 0.0)
    if available_percent >= thresholds.memory_available_percent or swap_percent <= thresholds.swap_used_percent:
        return []
    return [
        {
            "key": "memory_pressure",
            "rule": "memory_pressure",
            "severity": "warning",
            "summary": _("Memory is low: {available:.0f}% available and swap is {swap:.0f}% used").format(
                available=available_percent, swap=swap_percent
            ),
            "details": {"available_percent": round(available_percent, 1), "swap_percent": swap_percent},
        }
    ]


def battery_alerts(snapshot: Mapping[str, Any], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Alert]:
    # psutil has no battery wear/health figure on any OS, so only a low charge on battery power is reported.
    battery = snapshot.get("battery")
    if not battery or battery.get("power_plugged") is not False:
        return []
    percent = battery.get("percent", 100.0)
    if percent >= thresholds.battery_low_percent:
        return []
    return [
        {
            "key": "battery_low",
            "rule": "battery_low",
            "severity": "warning",
            "summary": _("Battery is at {percent:.0f}% and not charging").format(percent=percent),
            "details": {"percent": percent},
        }
    ]


def format_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(size) < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"
