"""Which authorized_keys file sshd reads for this account on Windows, and whether we may write it.

Win32-OpenSSH reads the keys of every MEMBER of the Administrators group from
%ProgramData%\\ssh\\administrators_authorized_keys, and ignores their own ~/.ssh/authorized_keys;
membership, not elevation, decides. Under UAC an administrator's unelevated token still lists
S-1-5-32-544, as "used for deny only", so ``whoami /groups`` shows membership either way, while
writing that file (ACL'd to SYSTEM and Administrators) needs an elevated prompt.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from agent_probe.gate.programs import child_environment, fixed_dirs, resolve_program, windows_directory
from agent_probe.i18n import _
from agent_probe.oem import decode_output, oem_codepage

ADMINISTRATORS_SID = "S-1-5-32-544"
_SID_COLUMN = 2  # "Group Name","Type","SID","Attributes"; the names and attributes are localised


class ElevationRequiredError(PermissionError):
    """The account is an administrator, so its key file is the shared one, which needs elevation."""


def group_sids(whoami_csv: str) -> set[str]:
    """The SIDs in ``whoami /groups /fo csv /nh`` output (a header line, if present, is ignored)."""
    sids = set()
    for row in csv.reader(io.StringIO(whoami_csv)):
        if len(row) > _SID_COLUMN and row[_SID_COLUMN].startswith("S-1-"):
            sids.add(row[_SID_COLUMN])
    return sids


def keys_file(*, administrators_member: bool, elevated: bool, programdata: Path, profile: Path) -> Path:
    """The file sshd reads for this account, or ElevationRequiredError when we could not write it."""
    if not administrators_member:
        return profile / ".ssh" / "authorized_keys"
    if not elevated:
        raise ElevationRequiredError(
            _(
                "This account is a member of Administrators, so sshd reads its keys from {path}; "
                "run install-key from an elevated prompt (Run as administrator)"
            ).format(path=programdata / "ssh" / "administrators_authorized_keys")
        )
    return programdata / "ssh" / "administrators_authorized_keys"


def current_group_sids() -> set[str]:
    """This account's groups, from System32's whoami (resolved and run like a gate diagnostic)."""
    windows_dir = windows_directory()
    program = resolve_program("whoami.exe", fixed_dirs("win32", windows_dir), platform="win32")
    if program is None:
        raise FileNotFoundError("whoami.exe")
    output = subprocess.run(
        [program, "/groups", "/fo", "csv", "/nh"],
        capture_output=True,
        check=True,
        timeout=30,
        env=child_environment("win32", windows_dir, os.environ),
    ).stdout
    return group_sids(decode_output(output, oem_codepage()))


def is_elevated() -> bool:
    if sys.platform == "win32":
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())
    return False


def windows_keys_file() -> Path:
    return keys_file(
        administrators_member=ADMINISTRATORS_SID in current_group_sids(),
        elevated=is_elevated(),
        programdata=Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")),
        profile=Path.home(),
    )
