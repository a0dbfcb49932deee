"""What autostart starts: the tray's GUI entry point of this install (no console window)."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

TRAY_SCRIPT = "helpdesk-tray"


def tray_command(*, frozen: bool, executable: str, scripts_dir: str | None, windows: bool) -> list[str]:
    if frozen:
        # A bundle: its one executable takes the sub-command.
        return [executable, "tray"]
    if scripts_dir:
        # [project.gui-scripts]: on Windows a .exe that starts pythonw, so no console window opens.
        script = Path(scripts_dir) / (TRAY_SCRIPT + (".exe" if windows else ""))
        if script.is_file():
            return [str(script)]
    return [executable, "-m", "desktop.gui", "tray"]


def this_tray_command() -> list[str]:
    return tray_command(
        frozen=bool(getattr(sys, "frozen", False)),
        executable=sys.executable,
        scripts_dir=sysconfig.get_path("scripts"),
        windows=sys.platform == "win32",
    )
