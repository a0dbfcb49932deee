"""Hardware vendor, model and serial, and the BIOS: /sys/class/dmi/id on Linux; on Windows the
BIOS registry key (HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS) and WMI's Win32_BIOS for the serial.
Parsers take recorded values, so the Windows rules are tested on Linux."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from agent_probe.collect.common import MAX_STRING
from agent_probe.collect.winreg_values import key_values

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import HardwareInfo

DMI = Path("/sys/class/dmi/id")
BIOS_KEY = r"HARDWARE\DESCRIPTION\System\BIOS"
# Placeholders firmware vendors leave in the fields: no information, so None.
_EMPTY = {"", "to be filled by o.e.m.", "default string", "system serial number", "not specified", "none",
          "0", "o.e.m."}


def _clean(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return None if text.lower() in _EMPTY else text[:MAX_STRING]


def _read(root: Path, name: str) -> str | None:
    try:
        return _clean((root / name).read_text(encoding="utf-8", errors="replace"))
    except OSError:  # product_serial is readable by root only; a VM may have no DMI at all
        return None


def linux(root: Path = DMI) -> HardwareInfo:
    return {"vendor": _read(root, "sys_vendor"), "model": _read(root, "product_name"),
            "serial": _read(root, "product_serial"), "bios_vendor": _read(root, "bios_vendor"),
            "bios_version": _read(root, "bios_version"), "bios_date": _read(root, "bios_date")}


def from_windows(bios_key: Mapping[str, object], win32_bios_json: str | None) -> HardwareInfo:
    """From the BIOS key's values and `Get-CimInstance Win32_BIOS | ConvertTo-Json` (for the serial)."""
    serial = None
    if win32_bios_json:
        try:
            data = json.loads(win32_bios_json)
            serial = _clean(data.get("SerialNumber")) if isinstance(data, dict) else None
        except ValueError:
            serial = None
    return {"vendor": _clean(bios_key.get("SystemManufacturer")), "model": _clean(bios_key.get("SystemProductName")),
            "serial": serial, "bios_vendor": _clean(bios_key.get("BIOSVendor")),
            "bios_version": _clean(bios_key.get("BIOSVersion")), "bios_date": _clean(bios_key.get("BIOSReleaseDate"))}


def _windows() -> HardwareInfo:
    import subprocess

    try:
        cim = subprocess.run(["powershell", "-NoProfile", "-Command",
                              "Get-CimInstance Win32_BIOS | Select-Object SerialNumber | ConvertTo-Json"],
                             capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        cim = None
    return from_windows(key_values(BIOS_KEY), cim)


def collect() -> HardwareInfo:
    return _windows() if sys.platform == "win32" else linux()
