"""The protected ACL for the probe's files on Windows, built here and read back as Windows would."""

from __future__ import annotations

import re
import stat
import sys
from pathlib import Path

import pytest

from agent_probe.acl import make_private, protected_sddl

# Get-Acl's .Sddl of C:\ProgramData\helpdesk-probe before the fix (recorded on Windows 11 23H2):
# inherited "Users: read & execute" (BU) and "Authenticated Users: modify" (AU) entries.
INHERITED_PROGRAMDATA = (
    "O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)"
    "(A;CIID;DCLCRPCR;;;BU)"
)


def _dacl(sddl: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """The DACL's flags and its entries (type, flags, rights, trustee), as Windows parses SDDL."""
    match = re.search(r"D:([A-Z]*)((?:\([^)]*\))*)", sddl)
    assert match is not None
    aces = [tuple(ace.split(";")) for ace in re.findall(r"\(([^)]*)\)", match.group(2))]
    return match.group(1), [(a[0], a[1], a[2], a[5]) for a in aces]


def test_folder_acl_is_protected_and_grants_only_system_and_administrators() -> None:
    flags, aces = _dacl(protected_sddl(directory=True))
    assert "P" in flags  # protected: nothing inherited from %ProgramData% survives
    assert aces == [("A", "OICI", "FA", "SY"), ("A", "OICI", "FA", "BA")]


def test_file_acl_is_protected_and_grants_only_system_and_administrators() -> None:
    assert protected_sddl(directory=False) == "D:P(A;;FA;;;SY)(A;;FA;;;BA)"


def test_programdata_default_would_let_users_read() -> None:
    # Why the ACL is needed: the folder's inherited ACL lets every local user read the token.
    flags, aces = _dacl(INHERITED_PROGRAMDATA)
    assert "P" not in flags and any(trustee == "BU" for *_rest, trustee in aces)


@pytest.mark.skipif(sys.platform == "win32", reason="file modes on POSIX")
def test_make_private_on_posix_sets_owner_only_modes(tmp_path: Path) -> None:
    folder, file = tmp_path / "home", tmp_path / "home" / "state.json"
    folder.mkdir(mode=0o755)
    file.write_text("{}", encoding="utf-8")
    file.chmod(0o644)
    make_private(folder, directory=True)
    make_private(file, directory=False)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(file.stat().st_mode) == 0o600
