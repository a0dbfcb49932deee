"""One-folder bundles for people without Python (PyInstaller), and their smoke test.

    python -m tools.bundle [--only probe|desktop] [--smoke] [--dist DIR]

- `helpdesk-probe/`: the probe (snapshot, report, run, ssh-gate, install-service): the standard
  library, psutil, and pywin32 on Windows. What goes on 500 machines (resources/deploy/install-probe.ps1).
- `helpdesk/`: the console, tray and CLI (Qt, SQLAlchemy, the migrations, catalogues, icons). On
  Windows it is built windowed (no console window behind the tray); its CLI output then goes
  nowhere, so admins use a pip install for the command line.

Each folder holds a VERSION file (the deployment script upgrades when it changes). Build on the
system the bundle is for: PyInstaller does not cross-compile (Windows: tools\\bundle.ps1).
--smoke starts what was built: the probe takes a snapshot and writes its systemd unit into a
temporary root; the helpdesk migrates and fills a new SQLite database, then opens the console and
the tray offscreen, which leave as soon as their windows are up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = ROOT / "tools" / "bundle_entries"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""


def log(message: str) -> None:
    print(f"[bundle] {message}", flush=True)


def _data(source: str, target: str) -> list[str]:
    return ["--add-data", f"{ROOT / source}{os.pathsep}{target}"]


def pyinstaller(name: str, entry: str, options: list[str], dist: Path, work: Path, *, strip: bool = True) -> Path:
    # --strip: libpython alone is 23 MB with its symbols, 5 MB without (not on Windows: no strip there).
    # Not for bundles with numpy: stripping its vendored OpenBLAS leaves a library the loader refuses
    # ("ELF load command address/offset not page-aligned").
    strip_flag = [] if WINDOWS or not strip else ["--strip"]
    argv = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir", "--log-level", "WARN",
            *strip_flag, "--name", name, "--distpath", str(dist), "--workpath", str(work / name),
            "--specpath", str(work), "--paths", str(ROOT), *options, str(ENTRIES / entry)]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"PyInstaller failed for {name}:\n{proc.stdout}\n{proc.stderr}")
    folder = dist / name
    (folder / "VERSION").write_text(version("helpdesk"), encoding="utf-8")
    return folder


def build_probe(dist: Path, work: Path) -> Path:
    options = [
        # imported inside functions (the resident probe loads only what a command needs)
        "--collect-submodules", "agent_probe",
        *_data("agent_probe/locale", "agent_probe/locale"),
        # the catalogue is found next to the package (agent_probe/gate/catalogue.py)
        *_data("resources/diagnostics.toml", "resources"),
        # nothing of the helpdesk itself: keeps the probe small
        "--exclude-module", "PySide6", "--exclude-module", "sqlalchemy", "--exclude-module", "shared",
        "--exclude-module", "desktop", "--exclude-module", "tkinter",
    ]
    if WINDOWS:
        options += ["--hidden-import", "win32timezone", "--hidden-import", "servicemanager"]
    return pyinstaller("helpdesk-probe", "helpdesk_probe.py", options, dist, work)


def build_desktop(dist: Path, work: Path) -> Path:
    options = [
        "--collect-submodules", "shared", "--collect-submodules", "desktop", "--collect-submodules", "agent_probe",
        # files opened at run time: catalogues, templates, styles, icons, and Alembic's scripts
        *_data("resources", "resources"),
        *_data("shared/migrations", "shared/migrations"),
        *_data("agent_probe/locale", "agent_probe/locale"),
        # the `helpdesk.commands` entry points (console, tray, mail, ...) are read from the metadata
        "--copy-metadata", "helpdesk",
        "--exclude-module", "tkinter",
    ]
    if WINDOWS:
        options += ["--windowed"]
    return pyinstaller("helpdesk", "helpdesk.py", options, dist, work, strip=False)  # numpy (triage) inside


def size_mib(folder: Path) -> float:
    # symlinks (Qt's libraries have them) are not counted twice
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def run(argv: list[str], env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300,
                          check=False, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def smoke_probe(folder: Path, tmp: Path) -> None:
    exe = str(folder / f"helpdesk-probe{EXE}")
    env = {"HELPDESK_PROBE_HOME": str(tmp / "probe-home")}
    snapshot = json.loads(run([exe, "snapshot"], env))
    assert snapshot["system"]["hostname"], snapshot["system"]
    assert json.loads(run([exe, "catalogue"], env))
    if not WINDOWS:
        root = tmp / "root"
        run([exe, "install-service", "--root", str(root)], env)
        unit = (root / "etc/systemd/system/helpdesk-probe.service").read_text(encoding="utf-8")
        assert f"ExecStart={exe} run" in unit, unit
        if shutil.which("systemd-analyze"):
            run(["systemd-analyze", "verify", "--man=no", str(root / "etc/systemd/system/helpdesk-probe.service")])
    log(f"helpdesk-probe: snapshot, catalogue{'' if WINDOWS else ', install-service --root (unit verified)'}")


def smoke_desktop(folder: Path, tmp: Path) -> None:
    exe = str(folder / f"helpdesk{EXE}")
    env = {"HELPDESK_DATABASE_URL": f"sqlite:///{tmp / 'bundle.db'}", "HELPDESK_CONFIG": str(tmp / "none.toml"),
           "QT_QPA_PLATFORM": "offscreen", "HELPDESK_QUIT_WHEN_SHOWN": "1", "XDG_CONFIG_HOME": str(tmp / "config"),
           "XDG_DATA_HOME": str(tmp / "data")}
    if WINDOWS:
        log("helpdesk: built windowed; start it by hand (see the README)")
        return
    assert "console" in run([exe, "--help"], env)
    run([exe, "db", "upgrade"], env)
    run([exe, "demo", "--if-empty"], env)
    run([exe, "console", "--user", "agent1", "--password", "demo1234"], env)
    run([exe, "tray", "--user", "agent1", "--password", "demo1234"], env)
    log("helpdesk: --help, db upgrade, demo, console and tray opened offscreen and closed")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("probe", "desktop"))
    parser.add_argument("--smoke", action="store_true", help="start what was built")
    parser.add_argument("--dist", type=Path, help="where the bundles go (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="helpdesk-bundle-") as tmp_name:
        tmp = Path(tmp_name)
        dist = args.dist or tmp / "dist"
        for name, build, smoke in (("probe", build_probe, smoke_probe), ("desktop", build_desktop, smoke_desktop)):
            if args.only not in (None, name):
                continue
            started = time.monotonic()
            folder = build(dist, tmp / "work")
            built = time.monotonic() - started
            log(f"{folder.name}/: {size_mib(folder):.0f} MiB, built in {built:.0f} s")
            if args.smoke:
                started = time.monotonic()
                smoke(folder, tmp)
                log(f"{folder.name}: smoke test in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
