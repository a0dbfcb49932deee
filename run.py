#!/usr/bin/env python3
"""Bootstrap: install the helpdesk into ./.venv from the lock files, then run it.

    python3 run.py               install, load demo data on the embedded SQLite database, open the console
    python3 run.py test          install with the test tools, run the checks and the suite on SQLite and,
                                 where PostgreSQL's server binaries are present, again on a throwaway
                                 PostgreSQL cluster
    python3 run.py test --latest the suite on SQLite with the newest releases pyproject.toml allows, in
                                 ./.venv-latest, and which packages differ from the lock (a report: CI
                                 runs it after the locked run and does not fail on it)
    python3 run.py lock [--upgrade]  refresh requirements/*.txt (tools/lock.py)

Installs are reproducible: requirements/app.txt and requirements/test.txt pin every package with
its hashes, so a commit that passes today installs the same packages next year.
Standard library only, so it works before anything is installed, on Windows and Linux alike.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _venv_python(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def _create_venv(venv_dir: Path) -> Path:
    python = _venv_python(venv_dir)
    if not python.exists():
        print(f"Creating virtual environment in {venv_dir.name} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    return python


def _install(lock: str) -> None:
    """Install requirements/<lock>.txt (every package pinned, hashes checked) and the project itself
    (editable, built without isolation by the locked setuptools); skip it all when nothing changed.
    The test lock includes the app's packages, so an install for the tests serves the app too."""
    _create_venv(VENV)
    requirements = ROOT / "requirements" / f"{lock}.txt"

    def digest(name: str) -> str:
        data = (ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements" / f"{name}.txt").read_bytes()
        return f"{name}:{hashlib.sha256(data).hexdigest()}"

    stamp = VENV / ".installed"
    acceptable = {digest(lock)} | ({digest("test")} if lock == "app" else set())
    if stamp.exists() and stamp.read_text() in acceptable:
        return
    print("Installing the helpdesk and its locked dependencies …", flush=True)
    # A build left an egg-info in the checkout; on sys.path ahead of the venv it would hide new entry
    # points (sub-commands) from importlib.metadata. It is a build artefact: drop it.
    shutil.rmtree(ROOT / "helpdesk.egg-info", ignore_errors=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "-q", "--require-hashes", "--no-deps", "-r", str(requirements)], check=True)
    subprocess.run([*pip, "install", "-q", "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    # The lock must satisfy pyproject's ranges: a stale lock fails here, not in a test.
    subprocess.run([*pip, "check"], check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(digest(lock))


def _tool(name: str) -> str:
    return str(BIN / (name + (".exe" if os.name == "nt" else "")))


def run_app(args: list[str]) -> int:
    _install("app")
    subprocess.run([_tool("helpdesk"), "db", "upgrade"], check=True)
    subprocess.run([_tool("helpdesk"), "demo", "--if-empty"], check=True)
    return subprocess.call([_tool("helpdesk"), "console", *args])


def run_tests(args: list[str]) -> int:
    if "--latest" in args:
        return run_latest([a for a in args if a != "--latest"])
    _install("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    checks = [
        [_tool("ruff"), "check", "."],
        [_tool("lint-imports")],
        [_tool("mypy")],  # strict, on shared/, agent_probe/ and desktop/ (see pyproject.toml)
        # and again as if on the other system: each one's `if sys.platform == ...` branches get checked
        [_tool("mypy"), "--platform", "linux" if os.name == "nt" else "win32"],
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


def run_latest(args: list[str]) -> int:
    """The suite on SQLite with the newest releases pyproject.toml allows, in its own venv, and the
    packages whose versions differ from the lock: what the next `run.py lock --upgrade` would bring."""
    venv_dir = ROOT / ".venv-latest"
    python = _create_venv(venv_dir)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    print("Installing the newest releases pyproject.toml allows into .venv-latest …", flush=True)
    subprocess.run([*pip, "install", "-q", "--upgrade", "--upgrade-strategy", "eager", "-e", f"{ROOT}[test]"],
                   check=True)
    listed = subprocess.run([*pip, "list", "--format=freeze"], check=True, capture_output=True, text=True).stdout
    locked = _locked_versions(ROOT / "requirements" / "test.txt")
    newer = []
    for line in listed.splitlines():
        name, _, version = line.partition("==")
        key = name.lower().replace("_", "-").replace(".", "-")
        # setuptools and wheel are locked only to build the editable install, not as dependencies.
        if key in locked and locked[key] != version and key not in {"setuptools", "wheel", "pip"}:
            newer.append(f"  {name}: locked {locked[key]}, newest {version}")
    print("Newer than the lock:" if newer else "The lock holds the newest releases.", *newer, sep="\n", flush=True)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("HELPDESK_DATABASE_URL", None)
    rc = subprocess.call([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=ROOT, env=env)
    print(f"Suite with the newest releases: {'passed' if rc == 0 else f'FAILED (pytest exit {rc})'}", flush=True)
    return rc


def _locked_versions(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#") and "==" in line:
            name, _, rest = line.partition("==")
            pins[name.strip().lower().replace("_", "-").replace(".", "-")] = rest.split()[0].split(";")[0]
    return pins


def run_lock(args: list[str]) -> int:
    _install("test")
    return subprocess.call([str(PYTHON), "-m", "tools.lock", *args], cwd=ROOT)


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    if argv[:1] == ["lock"]:
        return run_lock(argv[1:])
    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
