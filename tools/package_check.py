"""Build the wheel and sdist, check what they hold, install the wheel into fresh venvs, run it.

    python3 run.py package            (CI runs it; it builds into a temporary directory)

1. `python -m build` (no isolation: the locked setuptools) makes the sdist, then the wheel from it.
2. Both hold the resources the code opens at run time (catalogues, templates, migrations, icons,
   diagnostics.toml, the deployment script); the wheel's plain requirements are the probe's alone.
3. A fresh venv with the wheel and no extra (psutil only, from the lock): `helpdesk-probe snapshot`
   prints a snapshot, `helpdesk` says which extra to install, and neither Qt nor SQLAlchemy is there.
4. A fresh venv with the [server] extra (the lock less Qt): `helpdesk --help`, `helpdesk db upgrade`
   on a new SQLite file (the migrations from the wheel), `helpdesk-probe snapshot`, and `helpdesk
   console` saying it needs the [desktop] extra.

Packages come from the lock with their hashes (pip's cache after run.py's own install).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "app.txt"
EXE = ".exe" if os.name == "nt" else ""

# Opened at run time through importlib.resources or __file__: a wheel without them installs and breaks.
RESOURCES = [
    "resources/diagnostics.toml",
    "resources/icons/helpdesk.svg",
    "resources/locale/id/LC_MESSAGES/helpdesk.mo",
    "resources/translations/helpdesk_id.qm",
    "resources/translations/qt_id.qm",
    "resources/templates/mail/layout.html",
    "resources/styles/light.qss",
    "resources/calendars/id-holidays-2027.ics",
    "resources/deploy/install-probe.ps1",
    "agent_probe/locale/id/LC_MESSAGES/helpdesk_probe.mo",
    "shared/migrations/script.py.mako",
    "shared/migrations/versions/0001_initial_schema.py",
]
# The plain (no extra) requirements: the probe's. Anything else would land on every end-user machine.
PROBE_REQUIREMENTS = {"psutil", "pywin32"}
HEAVY = ("PySide6", "shiboken6", "sqlalchemy")
NOT_FOR_SERVER = re.compile(r"^(pyside6|shiboken6)", re.IGNORECASE)


def log(message: str) -> None:
    print(f"[package] {message}", flush=True)


def quiet(argv: list[str]) -> None:
    """Run a step; its output only when it fails."""
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")


def build(out: Path) -> tuple[Path, Path]:
    try:
        quiet([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)])
    finally:
        # setuptools leaves these in the checkout; an egg-info there hides entry points (run.py).
        shutil.rmtree(ROOT / "build", ignore_errors=True)
        shutil.rmtree(ROOT / "helpdesk.egg-info", ignore_errors=True)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def check_contents(wheel: Path, sdist: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (metadata_name,) = (n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(metadata_name).decode("utf-8"))
        (entry_name,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_points = zf.read(entry_name).decode("utf-8")
    missing = [r for r in RESOURCES if r not in names]
    assert not missing, f"the wheel lacks {missing}"
    assert not any(n.startswith("tests/") for n in names), "the wheel ships the tests"
    with tarfile.open(sdist) as tf:
        prefix = tf.getnames()[0].split("/")[0]
        sdist_names = {n.removeprefix(prefix + "/") for n in tf.getnames()}
    missing = [r for r in [*RESOURCES, "pyproject.toml", "README.md"] if r not in sdist_names]
    assert not missing, f"the sdist lacks {missing}"
    plain = {re.split(r"[ ;<>=!~\[]", r, maxsplit=1)[0].lower()
             for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r}
    assert plain == PROBE_REQUIREMENTS, f"the wheel's requirements without extras: {sorted(plain)}"
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert {"server", "desktop", "postgres"} <= extras, extras
    for script in ("helpdesk = shared.entry:main", "helpdesk-probe = agent_probe.main:main",
                   "helpdesk-tray = desktop.gui:tray", "helpdesk-console = desktop.gui:console"):
        assert script in entry_points, f"no entry point {script!r}"
    log(f"{wheel.name} ({wheel.stat().st_size // 1024} KiB) and {sdist.name}: resources, entry points, "
        f"requirements without extras {sorted(plain)}")


def locked(select: re.Pattern[str] | None, exclude: re.Pattern[str] | None) -> str:
    """requirements/app.txt's entries (pins with hashes) for the packages selected."""
    blocks: list[list[str]] = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            blocks.append([line])
        elif blocks and line.startswith("    --hash"):
            blocks[-1].append(line)
    kept = [b for b in blocks if (select is None or select.match(b[0])) and not (exclude and exclude.match(b[0]))]
    return "\n".join("\n".join(b) for b in kept) + "\n"


def fresh_venv(where: Path, wheel: Path, requirements: str) -> Path:
    venv.EnvBuilder(with_pip=True).create(where)
    bin_dir = where / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bin_dir / f"python{EXE}"), "-m", "pip", "--disable-pip-version-check", "-q"]
    req = where / "requirements.txt"
    req.write_text(requirements, encoding="utf-8")
    quiet([*pip, "install", "--no-deps", "--require-hashes", "-r", str(req)])
    quiet([*pip, "install", "--no-deps", str(wheel)])
    return bin_dir


def run(bin_dir: Path, *argv: str, env: dict[str, str] | None = None, expect: int = 0) -> str:
    # Outside the checkout, so nothing is imported from it instead of from the wheel.
    proc = subprocess.run([str(bin_dir / (argv[0] + EXE)), *argv[1:]], capture_output=True, text=True,
                          cwd=bin_dir.parent, env={**os.environ, **(env or {})}, timeout=300, check=False)
    assert proc.returncode == expect, f"{' '.join(argv)}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def check_probe_only(work: Path, wheel: Path) -> None:
    bin_dir = fresh_venv(work / "probe-venv", wheel, locked(re.compile(r"^psutil=="), None))
    quiet([str(bin_dir / f"python{EXE}"), "-m", "pip", "check"])
    listed = subprocess.run([str(bin_dir / f"python{EXE}"), "-m", "pip", "list", "--format=freeze"], check=True,
                            capture_output=True, text=True).stdout
    heavy = [name for name in HEAVY if name.lower() in listed.lower()]
    assert not heavy, f"the probe-only install has {heavy}"
    home = work / "probe-home"
    snapshot = json.loads(run(bin_dir, "helpdesk-probe", "snapshot", env={"HELPDESK_PROBE_HOME": str(home)}))
    assert snapshot["system"]["hostname"], snapshot["system"]
    said = run(bin_dir, "helpdesk", "--help", expect=2)
    assert "helpdesk[server]" in said, said
    log(f"probe only: {len(listed.splitlines())} packages ({', '.join(listed.split())}); "
        "`helpdesk-probe snapshot` printed a snapshot; `helpdesk` names the [server] extra")


def check_server(work: Path, wheel: Path) -> None:
    bin_dir = fresh_venv(work / "server-venv", wheel, locked(None, NOT_FOR_SERVER))
    assert "ticket" in run(bin_dir, "helpdesk", "--help")
    db = work / "server.db"
    env = {"HELPDESK_DATABASE_URL": f"sqlite:///{db}", "HELPDESK_CONFIG": str(work / "none.toml")}
    run(bin_dir, "helpdesk", "db", "upgrade", env=env)
    assert db.stat().st_size > 0
    said = run(bin_dir, "helpdesk", "console", env=env, expect=2)
    assert "helpdesk[desktop]" in said, said
    json.loads(run(bin_dir, "helpdesk-probe", "snapshot", env={"HELPDESK_PROBE_HOME": str(work / "home2")}))
    log("[server]: `helpdesk --help`, `helpdesk db upgrade` (migrations from the wheel), `helpdesk-probe snapshot`; "
        "`helpdesk console` names the [desktop] extra")


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="helpdesk-package-") as tmp:
        work = Path(tmp)
        wheel, sdist = build(work / "dist")
        check_contents(wheel, sdist)
        check_probe_only(work, wheel)
        check_server(work, wheel)
    log(f"passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
