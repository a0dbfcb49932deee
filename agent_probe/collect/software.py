"""Installed software: dpkg or rpm, Flatpak and Snap on Linux; the Uninstall registry keys on Windows.

The Windows keys are read into plain dicts first (`read_uninstall_keys`) and turned into packages
by `from_uninstall_entries`, so the rules (hide system components and updates, one row per
name and version) are tested on Linux against recorded registry data.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence

from agent_probe.collect.common import MAX_LIST, MAX_STRING
from agent_probe.collect.winreg_values import subkey_values

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import Package

TIMEOUT = 20.0  # seconds per package manager; a hung one costs a day's inventory, not the probe
UNINSTALL = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
UNINSTALL_32 = r"SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"
_HIDDEN_RELEASES = {"update", "hotfix", "security update", "service pack"}


def which(name: str) -> str | None:
    """`shutil.which` without shutil: it imports zlib, bz2 and lzma (0.5 MB) that the resident
    probe would keep for weeks (tests/probe/test_lean.py)."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        path = os.path.join(folder or ".", name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def _run(argv: Sequence[str]) -> str | None:
    """The command's output, or None when it is not installed or failed."""
    path = which(argv[0])
    if path is None:
        return None
    try:
        done = subprocess.run([path, *argv[1:]], capture_output=True, text=True, timeout=TIMEOUT, check=False,
                              env={"LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _package(name: str, version: str, source: str, publisher: str | None = None) -> Package:
    return {"name": name[:MAX_STRING], "version": version[:MAX_STRING], "source": source,
            "publisher": publisher[:MAX_STRING] if publisher else None}


def parse_tabbed(text: str, source: str) -> list[Package]:
    """``name<TAB>version`` lines, as the dpkg-query and rpm formats below print them."""
    out = []
    for line in text.splitlines():
        name, _sep, version = line.partition("\t")
        if name.strip():
            out.append(_package(name.strip(), version.strip(), source))
    return out


def parse_snap(text: str) -> list[Package]:
    """`snap list`: a header, then ``Name Version Rev Tracking Publisher Notes``."""
    out = []
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2:
            publisher = parts[4].rstrip("✓*") if len(parts) >= 5 else None
            out.append(_package(parts[0], parts[1], "snap", publisher or None))
    return out


def linux() -> list[Package]:
    found: list[Package] = []
    dpkg = _run(["dpkg-query", "-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Version}\n"])
    if dpkg is not None:
        # Only installed packages ("ii"): removed ones keep their configuration files and a row.
        rows = [line.split("\t", 1)[1] for line in dpkg.splitlines() if line.startswith("ii") and "\t" in line]
        found += parse_tabbed("\n".join(rows), "dpkg")
    else:
        rpm = _run(["rpm", "-qa", "--qf", "%{NAME}\t%{VERSION}-%{RELEASE}\n"])
        if rpm is not None:
            found += parse_tabbed(rpm, "rpm")
    flatpak = _run(["flatpak", "list", "--app", "--columns=application,version"])
    if flatpak is not None:
        found += parse_tabbed(flatpak, "flatpak")
    snap = _run(["snap", "list"])
    if snap is not None:
        found += parse_snap(snap)
    return found


def from_uninstall_entries(entries: Iterable[Mapping[str, object]]) -> list[Package]:
    """Packages from the Uninstall keys' values, as "Apps & features" lists them: entries without a
    DisplayName, system components, and updates of another product are left out."""
    seen: dict[tuple[str, str], Package] = {}
    for values in entries:
        name = str(values.get("DisplayName") or "").strip()
        if not name or values.get("SystemComponent") == 1 or values.get("ParentKeyName"):
            continue
        if str(values.get("ReleaseType") or "").strip().lower() in _HIDDEN_RELEASES:
            continue
        version = str(values.get("DisplayVersion") or "").strip()
        publisher = str(values.get("Publisher") or "").strip() or None
        seen.setdefault((name.lower(), version), _package(name, version, "windows", publisher))
    return list(seen.values())


def read_uninstall_keys() -> list[dict[str, object]]:
    """Every Uninstall subkey's values: machine-wide 64 and 32 bit, and this user's."""
    return (subkey_values(UNINSTALL) + subkey_values(UNINSTALL_32) + subkey_values(UNINSTALL, user=True))


def collect() -> tuple[list[Package], bool]:
    """This machine's software sorted by name, at most MAX_LIST rows; and whether rows were cut."""
    found = from_uninstall_entries(read_uninstall_keys()) if sys.platform == "win32" else linux()
    found.sort(key=lambda p: (p["name"].lower(), p["source"], p["version"]))
    return found[:MAX_LIST], len(found) > MAX_LIST
