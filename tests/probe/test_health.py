"""Health rules are pure functions of a snapshot."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from agent_probe.health import Thresholds, evaluate, format_bytes

HEALTHY: dict[str, Any] = {
    "disks": [
        {"mountpoint": "/", "percent": 40.0, "free": 60 * 2**30},
        {"mountpoint": "/home", "percent": None, "free": None},
    ],
    "memory": {"total": 8 * 2**30, "available": 4 * 2**30, "swap_percent": 0.0},
    "battery": None,
}


def with_(**changes: Any) -> dict[str, Any]:
    snapshot = copy.deepcopy(HEALTHY)
    snapshot.update(changes)
    return snapshot


def test_healthy_machine_has_no_alerts() -> None:
    assert evaluate(HEALTHY) == []


def test_full_disk_raises_stable_key() -> None:
    alerts = evaluate(with_(disks=[{"mountpoint": "/", "percent": 93.5, "free": 2 * 2**30}]))
    assert [(a["key"], a["severity"]) for a in alerts] == [("disk_full:/", "warning")]
    assert alerts[0]["summary"] == "Disk / is 94% full (2.0 GB free)"


def test_nearly_full_disk_is_critical() -> None:
    alerts = evaluate(with_(disks=[{"mountpoint": "C:\\", "percent": 99.0, "free": 10}]))
    assert alerts[0]["key"] == "disk_full:C:\\" and alerts[0]["severity"] == "critical"


def test_disk_at_threshold_is_fine() -> None:
    assert evaluate(with_(disks=[{"mountpoint": "/", "percent": 90.0, "free": 1}])) == []


def test_memory_pressure_needs_low_memory_and_busy_swap() -> None:
    low = {"total": 100, "available": 5, "swap_percent": 75.0}
    assert [a["key"] for a in evaluate(with_(memory=low))] == ["memory_pressure"]
    assert evaluate(with_(memory={**low, "swap_percent": 10.0})) == []  # low RAM alone: a warm cache
    assert evaluate(with_(memory={**low, "available": 50})) == []


def test_battery_low_only_on_battery_power() -> None:
    on_battery = {"percent": 5.0, "power_plugged": False, "seconds_left": 300}
    assert [a["key"] for a in evaluate(with_(battery=on_battery))] == ["battery_low"]
    assert evaluate(with_(battery={**on_battery, "power_plugged": True})) == []
    assert evaluate(with_(battery={**on_battery, "percent": 50.0})) == []


def test_thresholds_are_configurable() -> None:
    snapshot = with_(disks=[{"mountpoint": "/", "percent": 85.0, "free": 1}])
    assert evaluate(snapshot, Thresholds(disk_warning_percent=80.0))[0]["key"] == "disk_full:/"


def test_alerts_sorted_by_key() -> None:
    snapshot = with_(
        disks=[{"mountpoint": "/z", "percent": 95.0, "free": 1}, {"mountpoint": "/a", "percent": 95.0, "free": 1}],
        memory={"total": 100, "available": 1, "swap_percent": 90.0},
    )
    assert [a["key"] for a in evaluate(snapshot)] == ["disk_full:/a", "disk_full:/z", "memory_pressure"]


@pytest.mark.parametrize(("size", "text"), [(0, "0 B"), (1536, "1.5 KB"), (5 * 2**40, "5.0 TB")])
def test_format_bytes(size: int, text: str) -> None:
    assert format_bytes(size) == text
