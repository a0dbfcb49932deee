#!/usr/bin/env python3
"""Bootstrap: install the helpdesk into ./.venv from the lock files, then run it.

    python3 run.py               install, load demo data on the embedded SQLite database, open the console
    python3 run.py test          install with the test tools, run the checks and the suite on SQLite and,
                                 where PostgreSQL's server binaries are present, again on a throwaway
                                 PostgreSQL cluster; each suite on every CPU when the machine is
                                 idle enough (pytest-xdist; HELPDESK_TEST_WORKERS=0 or N decides instead)
    python3 run.py test --latest the suite on SQLite with the newest releases pyproject.toml allows, in
                                 ./.venv-latest, and which packages differ from the lock (a report: CI
                                 runs it after the locked run and does not fail on it)
    python3 run.py lock [--upgrade]  refresh requirements/*.txt (tools/lock.py)
    python3 run.py package       build the wheel and sdist and run them from fresh venvs, then build and
                                 start the PyInstaller bundles (what CI checks of the packaging)
    python3 run.py bundle [--dist DIR] [--only probe|desktop] [--smoke]
                                 build the one-folder bundles (tools/bundle.py; tools/bundle.ps1 on Windows)

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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Windows without long paths (LongPathsEnabled = 0, the default) cannot create a file whose path is
# longer than MAX_PATH (260 with its NUL): pip fails half-way through PySide6. The longest path in
# PySide6 6.11's wheels, relative to site-packages, is 150 characters (a qml plugin's object file
# under PySide6\qml\Qt\labs\assetdownloader\...), so a checkout deeper than about 85 characters
# (OneDrive folders, long user names) cannot hold its .venv.
MAX_PATH = 259
PYSIDE_LONGEST = 150
SITE_PACKAGES = "\\Lib\\site-packages\\"
LONG_PATHS_HOWTO = (
    "enable long paths (as administrator: reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\FileSystem "
    "/v LongPathsEnabled /t REG_DWORD /d 1 /f) or move the checkout to a shorter path such as C:\\src\\helpdesk"
)


def _fits(venv_dir: str) -> bool:
    return len(venv_dir) + len(SITE_PACKAGES) + PYSIDE_LONGEST <= MAX_PATH


def choose_venv(root: str, *, windows: bool, long_paths: bool, local_app_data: str | None) -> tuple[str, str | None]:
    """Where the virtual environment goes, and a note to print when it is not ./.venv.

    Elsewhere than Windows, or with long paths on, or when it fits: the checkout's .venv. Otherwise
    a venv of its own for this checkout under %LOCALAPPDATA%\\helpdesk (the user's, not roamed),
    and where that does not fit either, what to do."""
    default = os.path.join(root, ".venv") if not windows else root.rstrip("\\") + "\\.venv"
    if not windows or long_paths or _fits(default):
        return default, None
    if local_app_data:
        tag = hashlib.sha256(root.lower().encode("utf-8")).hexdigest()[:8]
        alternative = local_app_data.rstrip("\\") + f"\\helpdesk\\venv-{tag}"
        if _fits(alternative):
            return alternative, (f"The checkout's path is too long for PySide6's files under Windows' 260-character "
                                 f"limit, so the virtual environment is {alternative}. To keep it in the checkout, "
                                 f"{LONG_PATHS_HOWTO}.")
    raise SystemExit(f"The checkout's path ({root}) is too long for PySide6's files under Windows' 260-character "
                     f"limit: {LONG_PATHS_HOWTO}.")


def _long_paths_enabled() -> bool:
    if os.name != "nt":
        return True
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            return bool(winreg.QueryValueEx(key, "LongPathsEnabled")[0] == 1)
    except OSError:
        return False


_venv, VENV_NOTE = choose_venv(str(ROOT), windows=os.name == "nt", long_paths=_long_paths_enabled(),
                               local_app_data=os.environ.get("LOCALAPPDATA"))
VENV = Path(_venv)
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _venv_python(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def _create_venv(venv_dir: Path) -> Path:
    python = _venv_python(venv_dir)
    if venv_dir == VENV and VENV_NOTE:
        print(VENV_NOTE, flush=True)
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
    env = cached_bytecode(dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen")),
                          VENV / "pycache")
    parallel = parallel_args(args, env)  # measured before the checks load the machine
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
    args = [*parallel, *args]
    if env.get("HELPDESK_DATABASE_URL"):
        # The caller chose one database: run the suite on it alone.
        return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    sqlite_run = [str(PYTHON), "-m", "pytest", *args]
    # its own cache off: two pytest runs would write one .pytest_cache at once
    postgres_run = [str(PYTHON), "-m", "tools.pg", "pytest", "-p", "no:cacheprovider", *args]
    if env.get("HELPDESK_PARALLEL_SUITES") != "1":
        print("\n== Test suite on SQLite ==", flush=True)
        rc = subprocess.call(sqlite_run, cwd=ROOT, env=env)
        if rc != 0:
            return rc
        print("\n== Test suite on PostgreSQL ==", flush=True)
        return subprocess.call(postgres_run, cwd=ROOT, env=env)
    return run_suites_side_by_side(sqlite_run, postgres_run, env)


def cached_bytecode(env: dict[str, str], cache: Path) -> dict[str, str]:
    """The suites' environment with Python's bytecode cached under `cache` when PYTHONDONTWRITEBYTECODE
    asks for none beside the sources (some CI images set it for everything). A suite starts a few
    hundred Python processes (its workers, the CLI, the servers, the console, the probe): without a
    cache each one compiles the project's sources again, and each worker rewrites every test module's
    asserts again (pytest caches its rewrite only where bytecode may be written): ~6 s of CPU for a
    worker's collection and ~0.2 s for a CLI start. The cache lives in the venv, so the checkout
    stays as the variable wants it. A PYTHONPYCACHEPREFIX of the caller's own is left alone; without
    the variable Python writes `__pycache__` beside the sources as always."""
    if not env.get("PYTHONDONTWRITEBYTECODE") or env.get("PYTHONPYCACHEPREFIX"):
        return env
    cached = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(cache)
    return cached


def idle_cpus(seconds: float = 1.0) -> float | None:
    """How many CPUs sat idle over the next `seconds` (Linux's /proc/stat); None where unknown."""
    import time

    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
        return fields[3] + fields[4], sum(fields)

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total1 <= total0:
        return None
    return (idle1 - idle0) / (total1 - total0) * (os.cpu_count() or 1)


# About two CPUs idle: a second's sample on an idle 2-core machine reads a little under 2.
SPARE_CPUS = 1.5


def parallel_args(args: list[str], env: dict[str, str], *,
                  idle: Callable[[], float | None] = idle_cpus) -> list[str]:
    """pytest-xdist's options for one database's suite: a worker per logical CPU (`-n logical`), each
    test file kept on one worker (`--dist loadfile`: what a module sets up once, it sets up once, and
    its tests run in their order). Each worker has a database and a home folder of its own
    (tests/workers.py).

    Workers pay only with CPUs to spare: a suite in one process keeps ~0.7-0.9 of a CPU busy (it
    waits on servers, Qt, subprocesses), and workers cost 10-50 % more CPU (each collects the
    suite, migrates its database, starts its servers). So unless SPARE_CPUS sat idle in the second
    before the suite starts (`idle`), it runs in one process: on a busy machine workers
    gain nothing and slow everything else. HELPDESK_TEST_WORKERS decides instead (`0`: one
    process; `N`, `logical`: that many workers, whatever the load); options of the caller's own
    (`-n …`, `--dist …`, `-p no:xdist`) are left alone."""
    chosen = any(a.startswith(("-n", "--numprocesses", "--dist")) or a in ("no:xdist", "-pno:xdist")
                 for a in args)
    workers = env.get("HELPDESK_TEST_WORKERS")
    if chosen or workers == "0":
        return []
    if workers is None:
        spare = idle()
        if spare is not None and spare < SPARE_CPUS:
            return []
        workers = "logical"
    return ["-n", workers, "--dist", "loadfile"]


def run_suites_side_by_side(sqlite_run: list[str], postgres_run: list[str], env: dict[str, str]) -> int:
    """Both databases' suites at once (opt-in: HELPDESK_PARALLEL_SUITES=1): much of each waits on a
    server (PostgreSQL, sshd, Dovecot, slapd) or on Qt, so together they take far less than one
    after the other. The SQLite run prints as it goes; the PostgreSQL run's output is kept and
    printed whole when it ends, so the two never interleave. The PostgreSQL run gets a home folder
    of its own: Qt's test mode keeps settings under ~/.qttest, which two runs would share."""
    import tempfile

    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log, \
            tempfile.TemporaryDirectory(prefix="helpdesk-pg-home-") as home:
        postgres = subprocess.Popen(postgres_run, cwd=ROOT, env={**env, "HOME": home}, stdout=log,
                                    stderr=subprocess.STDOUT)
        try:
            print("\n== Test suite on SQLite (PostgreSQL's runs beside it; its output follows) ==", flush=True)
            sqlite_rc = subprocess.call(sqlite_run, cwd=ROOT, env=env)
            postgres_rc = postgres.wait()
        except BaseException:
            postgres.kill()
            raise
        print("\n== Test suite on PostgreSQL ==", flush=True)
        log.seek(0)
        shutil.copyfileobj(log, sys.stdout)
        sys.stdout.flush()
    print(f"\nSQLite: {'passed' if sqlite_rc == 0 else f'FAILED (pytest exit {sqlite_rc})'}; "
          f"PostgreSQL: {'passed' if postgres_rc == 0 else f'FAILED (exit {postgres_rc})'}", flush=True)
    return sqlite_rc or postgres_rc


# What the locked test install holds (tools/lock.py): every extra.
LATEST_EXTRAS = "server,desktop,postgres,test,bundle"


def run_latest(args: list[str]) -> int:
    """The suite on SQLite with the newest releases pyproject.toml allows, in its own venv, and the
    packages whose versions differ from the lock: what the next `run.py lock --upgrade` would bring."""
    venv_dir = ROOT / ".venv-latest"
    python = _create_venv(venv_dir)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    print("Installing the newest releases pyproject.toml allows into .venv-latest …", flush=True)
    subprocess.run([*pip, "install", "-q", "--upgrade", "--upgrade-strategy", "eager",
                    "-e", f"{ROOT}[{LATEST_EXTRAS}]"], check=True)
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
    pytest = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *parallel_args(args, env), *args]
    rc = subprocess.call(pytest, cwd=ROOT, env=env)
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


def run_package(args: list[str]) -> int:
    """Build the wheel and sdist and try them in fresh venvs (tools/package_check.py), then build and
    start the one-folder bundles (tools/bundle.py; `--bundle probe` builds only the probe's)."""
    _install("test")
    rc = subprocess.call([str(PYTHON), "-m", "tools.package_check"], cwd=ROOT)
    if rc != 0:
        return rc
    return subprocess.call([str(PYTHON), "-m", "tools.bundle", "--smoke", *args], cwd=ROOT)


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    if argv[:1] == ["lock"]:
        return run_lock(argv[1:])
    if argv[:1] == ["package"]:
        return run_package(argv[1:])
    if argv[:1] == ["bundle"]:
        _install("test")
        return subprocess.call([str(PYTHON), "-m", "tools.bundle", *argv[1:]], cwd=ROOT)
    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
