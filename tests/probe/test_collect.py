"""Collectors against real psutil, plus the edge cases real machines produce."""

from __future__ import annotations

import json
import subprocess
import time
from collections import namedtuple
from pathlib import Path
from typing import Any
from unittest import mock

import psutil
import pytest

from agent_probe.collect import assemble, battery, cpu, disks, memory, network, processes, system, users
from agent_probe.collect.snapshot import SCHEMA_VERSION, collect_snapshot
from shared.services.report_schema import validate_snapshot  # the server's check of what the probe sends

Part = namedtuple("Part", "device mountpoint fstype opts")
Usage = namedtuple("Usage", "total used free percent")


def test_real_snapshot_is_json_ready_and_valid() -> None:
    snapshot = collect_snapshot()
    assert snapshot["schema_version"] == SCHEMA_VERSION
    assert validate_snapshot(json.loads(json.dumps(snapshot))) == []
    assert snapshot["errors"] == []
    assert snapshot["collected_at"].endswith("+00:00")
    assert snapshot["processes"]["total"] > 0


def test_one_shot_snapshot_never_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """What would make a snapshot slow on any machine: sleeping for a CPU measuring window (psutil's
    cpu_percent with an interval) or starting a program. Its speed is bench/probe_footprint.py's."""
    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a snapshot must not sleep or start a process")

    monkeypatch.setattr(time, "sleep", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    snapshot = collect_snapshot()
    assert snapshot["errors"] == [] and snapshot["cpu"]["percent"] is not None


def test_each_real_collector_returns_its_shape() -> None:
    assert system.collect()["uptime_seconds"] >= 0
    assert cpu.collect()["logical_count"] >= 1
    assert memory.collect()["total"] > 0
    assert any(disk["mountpoint"] == "/" for disk in disks.collect())
    assert any(iface["name"] for iface in network.collect())
    assert isinstance(users.collect(), list)
    assert battery.collect() is None or 0 <= battery.collect()["percent"] <= 100


def test_no_battery_gives_none() -> None:
    with mock.patch.object(psutil, "sensors_battery", return_value=None):
        assert battery.collect() is None


def test_battery_unknown_time_left_is_none() -> None:
    fake = namedtuple("B", "percent secsleft power_plugged")(55, psutil.POWER_TIME_UNLIMITED, True)
    with mock.patch.object(psutil, "sensors_battery", return_value=fake), \
            mock.patch.object(battery, "health_percent", return_value=None):
        assert battery.collect() == {"percent": 55.0, "power_plugged": True, "seconds_left": None}


def _supply(root: Path, name: str, **files: str) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    for key, value in files.items():
        (folder / key).write_text(value + "\n", encoding="ascii")


def test_battery_health_is_full_charge_over_design_capacity(tmp_path: Path) -> None:
    # As a ThinkPad's kernel reports it (µWh), beside an AC adapter that has no capacity.
    _supply(tmp_path, "AC", type="Mains", online="1")
    _supply(tmp_path, "BAT0", type="Battery", energy_full="41720000", energy_full_design="57020000")
    assert battery.health_percent(str(tmp_path)) == 73.2
    fake = namedtuple("B", "percent secsleft power_plugged")(80, 3600, False)
    with mock.patch.object(psutil, "sensors_battery", return_value=fake), \
            mock.patch.object(battery, "POWER_SUPPLY", str(tmp_path)):
        info = battery.collect()
    assert info == {"percent": 80.0, "power_plugged": False, "seconds_left": 3600, "health_percent": 73.2}


def test_battery_health_from_charge_counters_and_when_unknown(tmp_path: Path) -> None:
    _supply(tmp_path / "a", "CMB0", type="Battery", charge_full="4100000", charge_full_design="4000000")
    assert battery.health_percent(str(tmp_path / "a")) == 100.0  # a new battery can exceed its design: capped
    _supply(tmp_path / "b", "BAT1", type="Battery", energy_full="30000000", energy_full_design="0")
    assert battery.health_percent(str(tmp_path / "b")) is None  # no design figure: unknown, not 0 %
    assert battery.health_percent(str(tmp_path / "missing")) is None


def test_mount_raising_permission_error_is_reported_not_fatal() -> None:
    parts = [
        Part("/dev/a", "/", "ext4", "rw"),
        Part("/dev/b", "/secret", "ext4", "rw"),
        Part("squash", "/snap/x/1", "squashfs", "ro"),
    ]

    def usage(path: str) -> Usage:
        if path == "/secret":
            raise PermissionError(13, "denied")
        return Usage(100, 95, 5, 95.0)

    with (
        mock.patch.object(psutil, "disk_partitions", return_value=parts),
        mock.patch.object(psutil, "disk_usage", side_effect=usage),
    ):
        rows = disks.collect()
    assert [row["mountpoint"] for row in rows] == ["/", "/secret"]  # squashfs skipped
    assert rows[0]["percent"] == 95.0
    assert rows[1]["error"] == "permission_denied" and rows[1]["total"] is None


class FakeProc:
    def __init__(self, info: dict[str, Any] | Exception) -> None:
        self._info = info

    @property
    def info(self) -> dict[str, Any]:
        if isinstance(self._info, Exception):
            raise self._info
        return self._info


def test_processes_survive_access_denied_zombies_and_vanished() -> None:
    mem = namedtuple("M", "rss")
    procs = [
        FakeProc({"pid": 1, "name": "init", "username": "root", "cpu_percent": 1.0, "memory_info": mem(100)}),
        FakeProc({"pid": 2, "name": "hog", "username": "me", "cpu_percent": 90.0, "memory_info": mem(5000)}),
        # ad_value=None: psutil fills denied fields with None instead of raising.
        FakeProc({"pid": 3, "name": "svc", "username": None, "cpu_percent": None, "memory_info": None}),
        FakeProc(psutil.AccessDenied(4)),
        FakeProc(psutil.ZombieProcess(5)),
        FakeProc(psutil.NoSuchProcess(6)),
    ]
    summary = processes.summarise(procs, top_n=2, total_memory=10000)
    assert summary["total"] == 6
    assert summary["access_denied"] == 4
    assert [row["pid"] for row in summary["top_cpu"]] == [2, 1]
    assert [row["pid"] for row in summary["top_memory"]] == [2, 1]
    assert summary["top_memory"][0]["memory_percent"] == 50.0


def test_process_iter_asks_only_for_needed_attrs() -> None:
    with mock.patch.object(psutil, "process_iter", return_value=iter([])) as process_iter:
        processes.collect(5, total_memory=1)
    process_iter.assert_called_once_with(attrs=processes.ATTRS, ad_value=None)


def test_failing_collector_is_recorded_and_snapshot_still_valid() -> None:
    with mock.patch.object(network, "collect", side_effect=RuntimeError("driver bug")):
        snapshot = assemble.collect()
    assert snapshot["network"] == []
    assert snapshot["errors"] == ["network: RuntimeError: driver bug"]
    assert validate_snapshot(snapshot) == []


@pytest.mark.parametrize("loadavg_error", [AttributeError, OSError])
def test_cpu_without_load_average(loadavg_error: type[Exception]) -> None:
    with mock.patch.object(psutil, "getloadavg", side_effect=loadavg_error):
        assert cpu.collect()["load_average"] is None
