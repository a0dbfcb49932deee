"""tools/pg.py finds PostgreSQL's server programs on Debian and on Windows (initdb.exe)."""

from __future__ import annotations

import fnmatch
from pathlib import Path

from tools.pg import find_bindir

WINDOWS_ENV = {"ProgramFiles": r"C:\Program Files", "ProgramW6432": r"C:\Program Files"}
INSTALLED_WINDOWS = {
    rf"C:\Program Files\PostgreSQL\{version}\bin\{tool}.exe"
    for version in ("9.6", "16")
    for tool in ("initdb", "pg_ctl", "createdb")
}


def _glob(files: set[str]):  # type: ignore[no-untyped-def]
    return lambda pattern: [f for f in files if fnmatch.fnmatchcase(f, pattern)]


def test_windows_installer_layout_is_found_newest_version_first() -> None:
    found = find_bindir(platform="win32", environ=WINDOWS_ENV, find=_glob(INSTALLED_WINDOWS), which=lambda _n: None,
                        exists=INSTALLED_WINDOWS.__contains__)
    assert found == Path(r"C:\Program Files\PostgreSQL\16\bin")


def test_windows_initdb_exe_on_path_is_found() -> None:
    files = {rf"D:\scoop\apps\postgresql\current\bin\{tool}.exe" for tool in ("initdb", "pg_ctl", "createdb")}
    seen: list[str] = []

    def which(name: str) -> str | None:
        seen.append(name)
        return r"D:\scoop\apps\postgresql\current\bin\initdb.exe" if name == "initdb.exe" else None

    found = find_bindir(platform="win32", environ={}, find=lambda _p: [], which=which, exists=files.__contains__)
    assert found == Path(r"D:\scoop\apps\postgresql\current\bin") and seen == ["initdb.exe"]


def test_debian_layout_prefers_the_newest_version_by_number() -> None:
    files = {f"/usr/lib/postgresql/{v}/bin/{tool}" for v in ("9.6", "15") for tool in ("initdb", "pg_ctl", "createdb")}
    found = find_bindir(platform="linux", environ={}, find=_glob(files), which=lambda _n: None,
                        exists=files.__contains__)
    assert found == Path("/usr/lib/postgresql/15/bin")
