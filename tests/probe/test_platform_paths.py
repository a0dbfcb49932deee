"""Where the probe keeps its state on each OS."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_probe import platform_paths


def test_env_override_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_PROBE_HOME", str(tmp_path))
    assert platform_paths.probe_home() == tmp_path


def test_windows_uses_programdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_PROBE_HOME")
    monkeypatch.setattr(platform_paths.sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "C:\\ProgramData")
    assert platform_paths.probe_home() == Path("C:\\ProgramData") / "helpdesk-probe"


def test_linux_root_uses_var_lib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_PROBE_HOME")
    monkeypatch.setattr(platform_paths.sys, "platform", "linux")
    monkeypatch.setattr(platform_paths.os, "geteuid", lambda: 0, raising=False)
    assert platform_paths.probe_home() == Path("/var/lib/helpdesk-probe")


def test_linux_user_uses_xdg_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HELPDESK_PROBE_HOME")
    monkeypatch.setattr(platform_paths.sys, "platform", "linux")
    monkeypatch.setattr(platform_paths.os, "geteuid", lambda: 1000, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert platform_paths.probe_home() == tmp_path / "helpdesk-probe"


@pytest.mark.posix_only  # file modes; Windows gets an ACL (test_acl.py)
def test_ensure_dir_is_private(tmp_path: Path) -> None:
    path = platform_paths.ensure_dir(tmp_path / "a" / "b")
    assert path.is_dir() and (path.stat().st_mode & 0o077) == 0
