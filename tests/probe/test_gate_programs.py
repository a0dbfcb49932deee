"""Program lookup and the child environment: fixed directories only, never the current directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_probe.gate.catalogue import Catalogue, parse_request
from agent_probe.gate.programs import POSIX_DIRS, child_environment, fixed_dirs, resolve_program
from agent_probe.gate.runner import run_request

WINDOWS = r"C:\Windows"
SYSTEM32 = r"C:\Windows\System32"


def _exists(*paths: str):  # type: ignore[no-untyped-def]
    present = set(paths)
    return lambda path: path in present


def test_windows_program_is_found_in_system32_only() -> None:
    dirs = fixed_dirs("win32", WINDOWS)
    assert dirs[0] == SYSTEM32
    found = resolve_program("ping.exe", dirs, platform="win32", is_file=_exists(r"C:\Windows\System32\PING.EXE",
                                                                                  r"C:\Windows\System32\ping.exe"))
    assert found == r"C:\Windows\System32\ping.exe"
    # A ping.exe in the profile folder (sshd's working directory) is never a candidate.
    planted = _exists(r"C:\Users\budi\ping.exe", r".\ping.exe", "ping.exe")
    assert resolve_program("ping.exe", dirs, platform="win32", is_file=planted) is None


def test_windows_name_without_extension_means_the_exe() -> None:
    dirs = fixed_dirs("win32", WINDOWS)
    found = resolve_program("fsutil", dirs, platform="win32", is_file=_exists(r"C:\Windows\System32\fsutil.exe"))
    assert found == r"C:\Windows\System32\fsutil.exe"
    powershell = r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"
    assert resolve_program("powershell.exe", dirs, platform="win32", is_file=_exists(powershell)) == powershell


@pytest.mark.parametrize("name", [r"..\ping.exe", r"sub\ping.exe", "sub/ping.exe", "", ".", ".."])
def test_names_with_a_directory_part_are_refused(name: str) -> None:
    everything = lambda path: True  # noqa: E731 - every file "exists": only the rule can refuse
    assert resolve_program(name, fixed_dirs("win32", WINDOWS), platform="win32", is_file=everything) is None
    assert resolve_program(name.replace("\\", "/"), POSIX_DIRS, platform="linux", is_file=everything) is None


@pytest.mark.posix_only  # the planted program is a shell script
def test_planted_program_in_the_current_directory_is_not_run(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "echo"
    planted.write_text("#!/bin/sh\necho planted\n", encoding="utf-8")
    planted.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", f".:{tmp_path}:{os.environ['PATH']}")
    result = run_request(parse_request("echo text=hello", catalogue))
    assert result.stdout == "said:hello\n"


def test_windows_child_environment_is_minimal() -> None:
    session = {"TEMP": r"C:\Users\budi\AppData\Local\Temp", "PATH": r"C:\Users\budi\bin;C:\Windows\System32",
               "PSModulePath": r"C:\Users\budi\Modules", "SystemRoot": r"D:\evil"}
    env = child_environment("win32", WINDOWS, session)
    assert env == {
        "SystemRoot": WINDOWS,
        "windir": WINDOWS,
        "TEMP": r"C:\Users\budi\AppData\Local\Temp",
        "TMP": r"C:\Users\budi\AppData\Local\Temp",
        "PATH": r"C:\Windows\System32;C:\Windows\System32\Wbem;C:\Windows\System32\WindowsPowerShell\v1.0",
    }
    # A relative TEMP would make programs write into the working directory: the Windows one instead.
    assert child_environment("win32", WINDOWS, {"TEMP": "tmp"})["TEMP"] == r"C:\Windows\Temp"


def test_posix_child_environment_is_minimal() -> None:
    session = {"PATH": "/home/budi/bin:/usr/bin", "LD_PRELOAD": "/tmp/x.so", "HOME": "/home/budi", "LANG": "id_ID"}
    assert child_environment("linux", WINDOWS, session) == {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": "/home/budi",
    }



@pytest.mark.posix_only  # execute permission
def test_a_non_executable_file_does_not_hide_the_program(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "tool").write_text("not a program", encoding="utf-8")
    (second / "tool").write_text("#!/bin/sh\n", encoding="utf-8")
    (second / "tool").chmod(0o755)
    assert resolve_program("tool", [str(first), str(second)], platform="linux") == str(second / "tool")
