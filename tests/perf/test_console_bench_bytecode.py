"""bench/console_bench.py --cached-bytecode: its children read every module's bytecode from one
prefix (as an installed copy does) instead of compiling the project's sources at every start."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from bench import console_bench


def _child_env(monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> dict[str, str]:
    seen: dict[str, str] = {}

    def run(cmd: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        seen.update(options["env"])
        return subprocess.CompletedProcess(cmd, 0, console_bench.RESULT + '{"cold": 0.1}\n', "")

    monkeypatch.setattr(subprocess, "run", run)  # the module the bench calls it from
    assert console_bench.run_child("cold", Path("x.sqlite3"), "budi", **kwargs) == {"cold": 0.1}
    return seen


def test_by_default_the_children_write_no_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    env = _child_env(monkeypatch)
    assert env["PYTHONDONTWRITEBYTECODE"] == "1" and "PYTHONPYCACHEPREFIX" not in env


def test_with_cached_bytecode_the_children_share_one_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as on a machine that sets it for everything
    env = _child_env(monkeypatch, pycache=str(tmp_path))
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["PYTHONPYCACHEPREFIX"] == str(tmp_path)
