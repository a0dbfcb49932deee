"""Where the probe keeps its state, spool and logs on each operating system.

platformdirs is not a probe dependency (stdlib + psutil only), so the few paths live here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from agent_probe.acl import make_private

HOME_ENV = "HELPDESK_PROBE_HOME"
APP_DIR = "helpdesk-probe"


def probe_home() -> Path:
    """The probe's state directory; ``HELPDESK_PROBE_HOME`` wins so tests and packagers can move it."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        # ProgramData, not the user profile: the probe runs as a service for every user of the machine.
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP_DIR
    # getattr: os.geteuid does not exist on Windows, and type checkers know it.
    if getattr(os, "geteuid", lambda: -1)() == 0:
        return Path("/var/lib") / APP_DIR
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / APP_DIR


def state_file(home: Path) -> Path:
    return home / "state.json"


def spool_dir(home: Path) -> Path:
    return home / "spool"


def gate_log(home: Path) -> Path:
    return home / "gate.log"


def ensure_dir(path: Path) -> Path:
    """Create the directory private to the probe: it holds the machine token and what technicians ran.

    Only a directory made here is restricted (0700, or SYSTEM + Administrators on Windows, where
    the mode is ignored and %ProgramData% would let every user read): changing an existing folder's
    ACL needs rights the gate's account may lack, and must not cost the audit line being written.
    """
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        make_private(path, directory=True)
    return path
