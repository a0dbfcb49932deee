#!/usr/bin/env python3
"""Bootstrap: install the helpdesk into ./.venv, then run it.

    python3 run.py          install, load demo data on the embedded SQLite database, open the console
    python3 run.py test     install with test extras, run the suite on SQLite and, where PostgreSQL's
                            server binaries are present, again on a throwaway PostgreSQL cluster

Standard library only, so it works before anything is installed, on Windows and Linux alike.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _install(extras: str) -> None:
    """Create the venv and pip-install the project, skipping pip when nothing changed."""
    if not PYTHON.exists():
        print("Creating virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    print("Installing the helpdesk and its dependencies …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "-e", target], check=True)
    stamp.write_text(digest)


def _tool(name: str) -> str:
    return str(BIN / (name + (".exe" if os.name == "nt" else "")))


def run_app(args: list[str]) -> int:
    _install("")
    subprocess.run([_tool("helpdesk"), "db", "upgrade"], check=True)
    subprocess.run([_tool("helpdesk"), "demo", "--if-empty"], check=True)
    return subprocess.call([_tool("helpdesk"), "console", *args])


def run_tests(args: list[str]) -> int:
    _install("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    checks = [
        [_tool("ruff"), "check", "."],
        [_tool("lint-imports")],
        [_tool("mypy")],  # strict, on shared/, agent_probe/ and desktop/ (see pyproject.toml)
    ]
    for check in checks:
        if subprocess.call(check, cwd=ROOT, env=env) != 0:
            return 1
    if env.get("HELPDESK_DATABASE_URL"):
        # The caller chose one database: run the suite on it alone.
        return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    print("\n== Test suite on SQLite ==", flush=True)
    rc = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    if rc != 0:
        return rc
    return subprocess.call([str(PYTHON), "-m", "tools.pg", "pytest", *args], cwd=ROOT, env=env)


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
