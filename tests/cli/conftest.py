"""The `cli` fixture: `helpdesk` run in-process through main() against the test database, with
its output captured; `run_cli` runs it as a real process (exit codes, pipes, raw bytes)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.cli import main
from shared.db.database import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(committed_db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    monkeypatch.setenv("HELPDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("HELPDESK_LANGUAGE", "en")
    monkeypatch.setenv("HELPDESK_TIMEZONE", "Asia/Jakarta")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ, HELPDESK_DATABASE_URL=database_url, HELPDESK_LANGUAGE="en",
               HELPDESK_TIMEZONE="Asia/Jakarta", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def run_cli(argv: list[str | bytes], env: dict[str, str], stdin: int | None = subprocess.DEVNULL,
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "shared.cli", *argv], capture_output=True, text=True, env=env,
                          cwd=ROOT, stdin=stdin, timeout=120, check=False)
