"""How a service starts the probe: the command line of this very install.

A PyInstaller bundle is its own executable; a pip install has a `helpdesk-probe` script next to
its Python (sysconfig's "scripts" directory, which is the venv's own in a venv). Never PATH: a
service runs with the system's PATH, not the admin's who installed it.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

SCRIPT = "helpdesk-probe"


def probe_command(*, frozen: bool, executable: str, scripts_dir: str | None, windows: bool) -> list[str]:
    """argv that starts `helpdesk-probe` (the caller appends the sub-command)."""
    if frozen:
        return [executable]
    if scripts_dir:
        script = Path(scripts_dir) / (SCRIPT + (".exe" if windows else ""))
        if script.is_file():
            return [str(script)]
    # Installed without its scripts (e.g. a plain copy on sys.path): the module runs the same main().
    return [executable, "-m", "agent_probe.main"]


def this_probe_command() -> list[str]:
    return probe_command(
        frozen=bool(getattr(sys, "frozen", False)),
        executable=sys.executable,
        scripts_dir=sysconfig.get_path("scripts"),
        windows=sys.platform == "win32",
    )
