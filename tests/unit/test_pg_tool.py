"""tools/pg.py finds PostgreSQL's server programs on Debian and on Windows (initdb.exe)."""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import pg
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="read from Linux's /proc")
def test_the_servers_cpu_is_read_from_its_postmaster_and_its_reaped_backends(tmp_path: Path) -> None:
    assert pg.server_cpu(tmp_path) is None  # no server there
    (tmp_path / "postmaster.pid").write_text(f"{os.getpid()}\n{tmp_path}\n", encoding="ascii")
    busy = subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)  # a reaped child
    assert busy.returncode == 0
    own = os.times()
    cpu = pg.server_cpu(tmp_path)
    assert cpu is not None and cpu >= own.children_user + own.children_system - 0.02
