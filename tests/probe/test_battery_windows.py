"""Battery health on Windows: WMI's BatteryStaticData and BatteryFullChargedCapacity through one
PowerShell call (argv, timeout), parsed from recorded answers, asked once a day."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import psutil
import pytest

from agent_probe.collect import battery

RECORDED: dict[str, str] = json.loads((Path(__file__).parent / "recorded" / "windows_battery.json").read_text())


@pytest.fixture(autouse=True)
def _fresh_answer() -> Iterator[None]:
    battery._windows_answer = None
    yield
    battery._windows_answer = None


def test_health_is_full_charged_over_designed_capacity() -> None:
    assert battery.from_cim(RECORDED["one_battery"]) == 63.6  # 53398 / 83995 mWh


def test_two_batteries_are_matched_by_instance_name_and_the_first_is_reported() -> None:
    # Listed in different orders by the two classes: 0_0 is 20110 of 23200, not 21040 of 23200.
    assert battery.from_cim(RECORDED["two_batteries"]) == 86.7


def test_a_bare_object_reads_like_a_list_of_one() -> None:
    assert battery.from_cim(RECORDED["bare_objects"]) == 63.6


@pytest.mark.parametrize("name", ["no_battery_class", "full_only"])
def test_no_design_figure_is_unknown(name: str) -> None:
    assert battery.from_cim(RECORDED[name]) is None


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[]", '{"full": [{"InstanceName": "B", "FullChargedCapacity": 10}],'
     ' "static": [{"InstanceName": "B", "DesignedCapacity": 0}]}',
     '{"full": [{"InstanceName": "B", "FullChargedCapacity": true}], "static": [{"InstanceName": "B",'
     ' "DesignedCapacity": 100}]}'],
)
def test_garbled_or_zero_answers_are_unknown(text: str) -> None:
    assert battery.from_cim(text) is None


def _powershell(stdout: str, returncode: int = 0) -> tuple[list[list[str]], Any]:
    calls: list[list[str]] = []

    def run(argv: list[str], **kwargs: Any) -> SimpleNamespace:
        calls.append(argv)
        assert kwargs["timeout"] == battery.WINDOWS_TIMEOUT and "shell" not in kwargs
        return SimpleNamespace(stdout=stdout, returncode=returncode)

    return calls, run


def test_windows_asks_powershell_once_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    calls, run = _powershell(RECORDED["one_battery"])
    monkeypatch.setattr(subprocess, "run", run)
    assert battery.windows_health_percent(now=1000.0) == 63.6
    assert battery.windows_health_percent(now=1000.0 + 3600) == 63.6  # the next cycles: kept
    assert len(calls) == 1
    assert calls[0][:4] == ["powershell.exe", "-NoProfile", "-NonInteractive", "-Command"]
    assert calls[0][4] == battery.WINDOWS_QUERY and len(calls[0]) == 5  # one fixed argument, no input in it
    battery.windows_health_percent(now=1000.0 + battery.WINDOWS_REFRESH_SECONDS)
    assert len(calls) == 2


def test_windows_failure_is_unknown_and_not_retried_every_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    tries: list[float] = []

    def hang(argv: list[str], **kwargs: Any) -> None:
        tries.append(kwargs["timeout"])
        raise subprocess.TimeoutExpired(argv, kwargs["timeout"])

    monkeypatch.setattr(subprocess, "run", hang)
    assert battery.windows_health_percent(now=5.0) is None
    assert battery.windows_health_percent(now=600.0) is None
    assert tries == [battery.WINDOWS_TIMEOUT]
    calls, run = _powershell("", returncode=1)
    monkeypatch.setattr(subprocess, "run", run)
    assert battery.windows_health_percent(now=5.0 + battery.WINDOWS_REFRESH_SECONDS) is None
    assert len(calls) == 1


def test_collect_on_windows_reports_wmi_health(monkeypatch: pytest.MonkeyPatch) -> None:
    _calls, run = _powershell(RECORDED["one_battery"])
    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(sys, "platform", "win32")
    fake = SimpleNamespace(percent=80, secsleft=3600, power_plugged=False)
    with mock.patch.object(psutil, "sensors_battery", return_value=fake):
        assert battery.collect() == {"percent": 80.0, "power_plugged": False, "seconds_left": 3600,
                                     "health_percent": 63.6}


def test_a_desktop_without_battery_never_starts_powershell(monkeypatch: pytest.MonkeyPatch) -> None:
    calls, run = _powershell(RECORDED["one_battery"])
    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(sys, "platform", "win32")
    with mock.patch.object(psutil, "sensors_battery", return_value=None):
        assert battery.collect() is None
    assert calls == []
