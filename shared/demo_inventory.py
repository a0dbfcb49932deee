"""Inventories for the demo machines: a plausible software list per operating system, the
hardware, and in the last days a few changes, so that `helpdesk machine inventory HOST
--changes` and the console's machine view show "installed since last week"."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from agent_probe.collect.snapshot import Inventory, Package

_WINDOWS = [("7-Zip 23.01 (x64)", "23.01", "Igor Pavlov"), ("Google Chrome", "119.0.6045.200", "Google LLC"),
            ("Microsoft 365 Apps for enterprise - en-us", "16.0.17029.20108", "Microsoft Corporation"),
            ("Microsoft Teams", "23306.3309.2530.1346", "Microsoft Corporation"),
            ("Mozilla Firefox (x64 en-US)", "119.0", "Mozilla"), ("Skype version 8.108", "8.108", "Skype Technologies"),
            ("Adobe Acrobat Reader (64-bit)", "23.006.20380", "Adobe")]
_LINUX = [("firefox-esr", "115.5.0esr-1~deb12u1", None), ("libreoffice-writer", "4:7.4.7-1", None),
          ("openssh-client", "1:9.2p1-2+deb12u1", None), ("git", "1:2.39.2-1.1", None),
          ("python3", "3.11.2-1+b1", None), ("vlc", "3.0.20-0+deb12u1", None)]
_HARDWARE = {"LAPTOP": ("LENOVO", "21CB0058US (ThinkPad X1 Carbon Gen 10)", "LENOVO", "N3AET75W (1.40 )", "08/14/2023"),
             "PC": ("Dell Inc.", "OptiPlex 7010", "Dell Inc.", "1.14.0", "03/22/2023"),
             "WS": ("HP", "Z2 Tower G9 Workstation", "HP", "U50 Ver. 01.02.03", "05/30/2023"),
             "NB": ("ASUSTeK COMPUTER INC.", "ZenBook UX425EA", "American Megatrends Inc.", "UX425EA.310",
                    "01/11/2023"),
             "DEV": ("Framework", "Laptop 13 (12th Gen Intel Core)", "INSYDE Corp.", "03.19", "05/29/2023")}


def _software(os_name: str, changed: bool) -> list[Package]:
    source = "windows" if os_name == "Windows" else "dpkg"
    rows = list(_WINDOWS if os_name == "Windows" else _LINUX)
    if changed:  # last week: Zoom installed, Firefox upgraded, Skype removed (or VLC, on Linux)
        if os_name == "Windows":
            rows = [r for r in rows if not r[0].startswith("Skype")]
            rows = [("Mozilla Firefox (x64 en-US)", "120.0.1", "Mozilla") if r[0].startswith("Mozilla") else r
                    for r in rows] + [("Zoom Workplace (64-bit)", "6.0.2", "Zoom Video Communications, Inc.")]
        else:
            rows = [r for r in rows if r[0] != "vlc"]
            rows = [("firefox-esr", "115.6.0esr-1~deb12u1", None) if r[0] == "firefox-esr" else r
                    for r in rows] + [("zoom", "6.0.2.4680", None)]
    packages: list[Package] = [{"name": n, "version": v, "source": source, "publisher": p} for n, v, p in rows]
    return sorted(packages, key=lambda p: p["name"].lower())


def inventory(hostname: str, os_name: str, os_release: str, os_version: str, at: datetime, boot: str,
              end: datetime) -> Inventory:
    vendor, model, bios_vendor, bios_version, bios_date = _HARDWARE[hostname.split("-", maxsplit=1)[0]]
    serial = "DEMO" + hashlib.sha256(hostname.encode()).hexdigest()[:8].upper()
    changed = at >= end - timedelta(days=4)
    build = os_version.rsplit(".", maxsplit=1)[-1] if os_name == "Windows" else os_version
    disks: list[Any] = [{"device": "PhysicalDisk0" if os_name == "Windows" else "/dev/nvme0n1",
                         "model": "SAMSUNG MZVL2512HCJQ-00BL7", "status": "ok",
                         "detail": "Healthy" if os_name == "Windows" else "SMART overall-health: PASSED"}]
    return {"collected_at": at.isoformat(timespec="seconds"), "software": _software(os_name, changed),
            "software_truncated": False,
            "hardware": {"vendor": vendor, "model": model, "serial": serial,
                         "bios_vendor": bios_vendor, "bios_version": bios_version, "bios_date": bios_date},
            "os": {"name": f"{os_name} {os_release}" if os_name == "Windows" else os_release,
                   "version": "23H2" if os_release == "11" else "22H2" if os_name == "Windows" else "",
                   "build": build},
            "last_boot": boot, "disks": disks, "errors": []}
