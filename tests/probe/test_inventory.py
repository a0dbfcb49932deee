"""The daily inventory: real on this Linux machine (dpkg), the Windows rules on recorded registry
and PowerShell data, DMI from a recorded /sys/class/dmi/id, and the once-a-day cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agent_probe.collect import disk_health, hardware, inventory, os_build, software
from agent_probe.collect.common import RawJson
from agent_probe.collect.snapshot import Inventory
from agent_probe.report.spool import encode
from agent_probe.service import launch
from shared.services.report_schema import validate_report

RECORDED: dict[str, Any] = json.loads((Path(__file__).parent / "recorded" / "windows_inventory.json").read_text())


def test_windows_uninstall_keys_list_what_apps_and_features_lists() -> None:
    packages = software.from_uninstall_entries(RECORDED["uninstall"])
    assert [(p["name"], p["version"]) for p in packages] == [
        ("Mozilla Firefox (x64 en-US)", "120.0.1"),
        ("Microsoft 365 Apps for enterprise - en-us", "16.0.17029.20108"),
        ("Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", "14.36.32532.0"),
        ("7-Zip 23.01 (x64)", "23.01"),  # the 32- and 64-bit views list it twice: once here
        ("Zoom", "5.16.10 (26186)"),
    ]
    assert {p["source"] for p in packages} == {"windows"} and packages[0]["publisher"] == "Mozilla"


def test_windows_hardware_os_build_and_disk_health_from_recorded_data() -> None:
    hw = hardware.from_windows(RECORDED["bios"], RECORDED["win32_bios"])
    assert hw == {"vendor": "LENOVO", "model": "21CB0058US", "serial": "PF3XK2QZ", "bios_vendor": "LENOVO",
                  "bios_version": "N3AET75W (1.40 )", "bios_date": "08/14/2023"}
    assert hardware.from_windows({}, "not json")["serial"] is None
    assert os_build.from_windows(RECORDED["current_version"]) == {
        "name": "Windows 11 Pro", "version": "23H2", "build": "22631.2861"}  # ProductName still says 10
    disks = disk_health.from_physical_disks(RECORDED["physical_disks"])
    assert [(d["model"], d["status"], d["detail"]) for d in disks] == [
        ("SAMSUNG MZVL2512HCJQ-00BL7", "ok", "Healthy"), ("WD Elements 25A2", "failing", "Warning")]


def test_smartctl_and_dmi_on_linux_from_recorded_data(tmp_path: Path) -> None:
    ok = disk_health.from_smartctl("/dev/sda", RECORDED["smartctl"])
    assert (ok["model"], ok["status"]) == ("Samsung SSD 870 EVO 500GB", "ok")
    assert disk_health.from_smartctl("/dev/sdb", RECORDED["smartctl_failing"])["status"] == "failing"
    assert disk_health.from_smartctl("/dev/sdc", "")["status"] == "unknown"
    for name, text in {"sys_vendor": "Dell Inc.\n", "product_name": "Latitude 5440\n", "bios_vendor": "Dell Inc.\n",
                       "bios_version": "1.9.0\n", "bios_date": "10/02/2023\n"}.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "product_serial").write_text("To be filled by O.E.M.\n")  # a placeholder: no serial
    assert hardware.linux(tmp_path) == {"vendor": "Dell Inc.", "model": "Latitude 5440", "serial": None,
                                        "bios_vendor": "Dell Inc.", "bios_version": "1.9.0",
                                        "bios_date": "10/02/2023"}
    block = tmp_path / "block"
    for name in ("loop0", "nvme0n1", "sda", "zram0"):
        (block / name).mkdir(parents=True)
    assert disk_health.linux_devices(block) == ["/dev/nvme0n1", "/dev/sda"]


def test_package_manager_output_is_parsed() -> None:
    snap = ("Name      Version    Rev    Tracking       Publisher   Notes\n"
            "core22    20231123   1033   latest/stable  canonical✓  base\n")
    assert software.parse_snap(snap) == [{"name": "core22", "version": "20231123", "source": "snap",
                                          "publisher": "canonical"}]
    assert software.parse_tabbed("org.gimp.GIMP\t2.10.36\n\n", "flatpak") == [
        {"name": "org.gimp.GIMP", "version": "2.10.36", "source": "flatpak", "publisher": None}]


def test_this_machines_inventory_is_real_and_passes_the_servers_schema() -> None:
    found = inventory.collect()
    assert found["software"] and found["errors"] == []
    if software.which("dpkg-query"):
        assert any(p["name"] == "dpkg" and p["source"] == "dpkg" for p in found["software"])
    names = [p["name"].lower() for p in found["software"]]
    assert names == sorted(names)
    from agent_probe.report.cycle import build_report

    body = dict(build_report())
    body["inventory"] = found
    assert validate_report(body) == []
    assert validate_report(body | {"inventory": dict(found, last_boot="yesterday")}) == [
        "inventory.last_boot: not an ISO-8601 timestamp"]


def test_the_inventory_is_collected_once_a_day(tmp_path: Path) -> None:
    now = [1_000_000.0]
    runs: list[int] = []

    def gather() -> Inventory:
        runs.append(1)
        return {"collected_at": "2026-12-06T00:00:00+00:00", "software": [], "software_truncated": False,
                "hardware": hardware.linux(tmp_path / "none"), "os": os_build.linux(),
                "last_boot": "2026-12-06T00:00:00+00:00", "disks": [], "errors": []}

    assert inventory.due(tmp_path, clock=lambda: now[0], gather=gather) is not None
    now[0] += 3600
    assert inventory.due(tmp_path, clock=lambda: now[0], gather=gather) is None  # cached an hour ago
    now[0] += 24 * 3600
    assert inventory.due(tmp_path, clock=lambda: now[0], gather=gather) is not None
    assert len(runs) == 2 and (tmp_path / inventory.CACHE).exists()


def test_the_resident_probe_gets_the_inventory_from_a_helper_process(tmp_path: Path) -> None:
    text = inventory.collect_in_helper()  # `python -m agent_probe.main inventory --compact`, for real
    assert inventory.helper_command()[-2:] == ["inventory", "--compact"]
    # The helper's checked JSON text, one line, which the report carries without parsing it again.
    assert isinstance(text, RawJson) and "\n" not in text
    found = json.loads(text)
    assert found["software"] and found["os"]["name"] and found["errors"] == []
    # In a report it is the same object the server validates.
    from agent_probe.report.cycle import build_report

    body = json.loads(encode({**build_report(), "inventory": text}))
    assert body["inventory"] == found and validate_report(body) == []
    # The day's cache holds the text as it came.
    assert inventory.due(tmp_path, gather=lambda: text) is text
    assert (tmp_path / inventory.CACHE).read_text(encoding="utf-8") == text


def test_without_site_the_helper_starts_as_the_service_does() -> None:
    # The resident probe runs as `python -I -S -c <bootstrap>` (service/launch.py): its helper too,
    # with the same import directories, so both run the installed code.
    assert inventory.helper_command(no_site=False) == [
        sys.executable, "-m", "agent_probe.main", "inventory", "--compact"]
    isolated = inventory.helper_command(no_site=True)
    assert isolated == [*launch.probe_command(frozen=False, executable=sys.executable, dirs=launch.import_dirs()),
                        "inventory", "--compact"]
    done = subprocess.run(isolated, capture_output=True, text=True, timeout=600, check=False)  # for real
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["software"]


def test_a_failing_helper_falls_back_to_collecting_in_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    here: Inventory = dict(inventory.collect())  # type: ignore[assignment]
    monkeypatch.setattr(inventory, "collect", lambda: here)
    assert inventory.collect_in_helper([sys.executable, "-c", "import sys; sys.exit(3)"]) is here
    assert inventory.collect_in_helper([sys.executable, "-c", "print('not json')"]) is here
    assert inventory.collect_in_helper(["/nonexistent/helpdesk-probe", "inventory"]) is here
    for not_an_inventory in ('{"software": 1}', '[{"software": []}]', '{"os": {"software": []}}'):
        assert inventory.collect_in_helper([sys.executable, "-c", f"print({not_an_inventory!r})"]) is here
    assert [r.getMessage().split(" (")[0].split(":")[0] for r in caplog.records] == [
        "inventory helper failed", "inventory helper could not run", "inventory helper could not run",
        *["inventory helper failed"] * 3]
