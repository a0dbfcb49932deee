"""The operating system's name, version and build: os-release and the kernel on Linux; the
CurrentVersion registry key on Windows (build and update revision, "23H2")."""

from __future__ import annotations

import platform
import sys
from collections.abc import Mapping

from agent_probe.collect.winreg_values import key_values

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import OsBuild

CURRENT_VERSION = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion"


def linux() -> OsBuild:
    try:
        info = platform.freedesktop_os_release()
    except OSError:
        info = {}
    return {"name": info.get("PRETTY_NAME") or info.get("NAME") or "Linux",
            "version": info.get("VERSION_ID") or "", "build": platform.release()}


def from_windows(values: Mapping[str, object]) -> OsBuild:
    """From the CurrentVersion key. Windows 11 still says "Windows 10" in ProductName: a build of
    22000 or more is Windows 11."""
    name = str(values.get("ProductName") or "Windows")
    build = str(values.get("CurrentBuildNumber") or values.get("CurrentBuild") or "")
    if build.isdigit() and int(build) >= 22000:
        name = name.replace("Windows 10", "Windows 11")
    ubr = values.get("UBR")
    return {"name": name, "version": str(values.get("DisplayVersion") or values.get("ReleaseId") or ""),
            "build": f"{build}.{ubr}" if build and isinstance(ubr, int) else build}


def collect() -> OsBuild:
    return from_windows(key_values(CURRENT_VERSION)) if sys.platform == "win32" else linux()
