"""The tray at logon: `helpdesk autostart on|off|status` with an XDG autostart file (checked by
desktop-file-validate), the Windows Run key through a recorded winreg, the AppUserModelID."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from desktop.autostart import appid, command, winrun, xdg
from shared.cli import main as cli_main


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows the command writes the real Run key")
def test_autostart_on_off_writes_a_valid_desktop_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: Any) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / "helpdesk-tray.desktop"
    assert cli_main(["autostart", "status"]) == 0
    assert "does not start" in capsys.readouterr().out
    assert cli_main(["autostart", "on"]) == 0
    assert str(entry) in capsys.readouterr().out
    text = entry.read_text(encoding="utf-8")
    assert f"Exec={xdg.exec_quote(command.this_tray_command()[0])}" in text.splitlines()
    icon = next(line for line in text.splitlines() if line.startswith("Icon=")).removeprefix("Icon=")
    assert Path(icon).is_file()
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        checked = subprocess.run([validate, str(entry)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    elif os.environ.get("CI"):
        pytest.fail("CI is set but desktop-file-validate is missing: .ci/run installs desktop-file-utils")
    assert cli_main(["autostart", "off"]) == 0
    assert not entry.exists() and "does not start" in capsys.readouterr().out
    assert cli_main(["autostart", "off"]) == 0  # again: nothing to remove, no error


def test_autostart_file_follows_xdg_config_home() -> None:
    assert xdg.autostart_file({"HOME": "/home/ani"}) == Path("/home/ani/.config/autostart/helpdesk-tray.desktop")
    assert xdg.autostart_file({"HOME": "/home/ani", "XDG_CONFIG_HOME": "/cfg"}) == Path(
        "/cfg/autostart/helpdesk-tray.desktop")


@pytest.mark.parametrize(("arg", "quoted"), [
    ("/usr/bin/helpdesk-tray", "/usr/bin/helpdesk-tray"),
    ("/opt/Help Desk/helpdesk-tray", '"/opt/Help Desk/helpdesk-tray"'),
    ("/opt/50%/x", "/opt/50%%/x"),
    ("/opt/$x/y", '"/opt/\\\\$x/y"'),  # \$ inside quotes, and the value's backslash doubled
])
def test_exec_quoting(arg: str, quoted: str) -> None:
    assert xdg.exec_quote(arg) == quoted


def test_tray_command_of_each_kind_of_install(tmp_path: Path) -> None:
    (tmp_path / "helpdesk-tray.exe").write_text("", encoding="utf-8")
    assert command.tray_command(frozen=True, executable=r"C:\Helpdesk\helpdesk.exe", scripts_dir=None,
                                windows=True) == [r"C:\Helpdesk\helpdesk.exe", "tray"]
    assert command.tray_command(frozen=False, executable="python.exe", scripts_dir=str(tmp_path), windows=True) == [
        str(tmp_path / "helpdesk-tray.exe")]
    assert command.tray_command(frozen=False, executable="python3", scripts_dir=str(tmp_path), windows=False) == [
        "python3", "-m", "desktop.gui", "tray"]


class RecordedWinreg:
    """winreg as RunKey uses it, over a dict of HKCU values; constants are winreg's real ones."""

    HKEY_CURRENT_USER = 0x80000001
    KEY_SET_VALUE = 0x0002
    KEY_QUERY_VALUE = 0x0001
    REG_SZ = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], tuple[int, str]] = {}
        self.keys: set[str] = set()
        self.calls: list[tuple[Any, ...]] = []

    @contextmanager
    def CreateKeyEx(self, root: int, sub: str, reserved: int, access: int) -> Iterator[str]:
        assert (root, reserved, access) == (self.HKEY_CURRENT_USER, 0, self.KEY_SET_VALUE)
        self.keys.add(sub)
        yield sub

    @contextmanager
    def OpenKey(self, root: int, sub: str, reserved: int, access: int) -> Iterator[str]:
        assert root == self.HKEY_CURRENT_USER
        if sub not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        yield sub

    def SetValueEx(self, key: str, name: str, reserved: int, kind: int, value: str) -> None:
        self.calls.append(("SetValueEx", key, name, kind, value))
        self.values[key, name] = (kind, value)

    def QueryValueEx(self, key: str, name: str) -> tuple[str, int]:
        if (key, name) not in self.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        kind, value = self.values[key, name]
        return value, kind

    def DeleteValue(self, key: str, name: str) -> None:
        if self.values.pop((key, name), None) is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")


def test_run_key_on_off() -> None:
    reg = RecordedWinreg()
    run = winrun.RunKey(reg)
    assert run.current() is None and run.disable() is False  # no Run key at all yet
    exe = r"C:\Users\Ani Rahma\AppData\Local\pipx\venvs\helpdesk\Scripts\helpdesk-tray.exe"
    run.enable([exe])
    assert reg.calls == [("SetValueEx", winrun.RUN_KEY, "Helpdesk", reg.REG_SZ, f'"{exe}"')]
    assert run.current() == f'"{exe}"'
    run.enable([r"C:\Helpdesk\helpdesk.exe", "tray"])
    assert run.current() == r"C:\Helpdesk\helpdesk.exe tray"
    assert run.disable() is True and run.current() is None and run.disable() is False


def test_app_user_model_id() -> None:
    calls: list[str] = []
    shell32 = SimpleNamespace(SetCurrentProcessExplicitAppUserModelID=lambda app_id: calls.append(app_id) or 0)
    assert appid.set_app_user_model_id(appid.TRAY_APP_ID, shell32) is True
    assert calls == ["Helpdesk.Tray"]
    failing = SimpleNamespace(SetCurrentProcessExplicitAppUserModelID=lambda app_id: -2147024809)  # E_INVALIDARG
    assert appid.set_app_user_model_id("x", failing) is False
    if os.name != "nt":
        assert appid.set_app_user_model_id(appid.TRAY_APP_ID) is False
