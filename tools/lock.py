"""Refresh the lock files that `run.py` and CI install from (`python3 run.py lock` calls this).

    requirements/app.txt    what `python3 run.py` installs: the console, tray, server and probe
    requirements/test.txt   the same plus the test tools and PyInstaller, for `python3 run.py test` and CI

pyproject.toml keeps compatible ranges for people who install the package as a library; these
files pin one version of every package, with the hashes of every file PyPI has for it, resolved
once for every platform and Python the project supports (uv's universal resolution), so a
commit that passes today installs the same packages next year. The build tools for the editable
install (setuptools, wheel) are pinned too: `run.py` builds without isolation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
# The app: the server, the desktop apps, PostgreSQL's driver (the probe's own dependencies come with
# any of them). The tests: the same, the test tools, and PyInstaller for the bundles CI builds.
APP_EXTRAS = ["--extra", "server", "--extra", "desktop", "--extra", "postgres"]
LOCKS = {"app.txt": APP_EXTRAS, "test.txt": [*APP_EXTRAS, "--extra", "test", "--extra", "bundle"]}
BUILD_IN = REQUIREMENTS / "build.in"


def compile_lock(name: str, extra_args: list[str], *, upgrade: bool) -> None:
    out = REQUIREMENTS / name
    argv = [sys.executable, "-m", "uv", "pip", "compile", "pyproject.toml", str(BUILD_IN.relative_to(ROOT)),
            *extra_args, "--universal", "--python-version", "3.11", "--generate-hashes",
            "--no-header", "--quiet", "-o", str(out.relative_to(ROOT))]
    if upgrade:
        argv.append("--upgrade")
    subprocess.run(argv, cwd=ROOT, check=True)
    header = ("# Locked by `python3 run.py lock` (tools/lock.py) from pyproject.toml and requirements/build.in.\n"
              "# Do not edit by hand.\n")
    out.write_text(header + out.read_text(encoding="utf-8"), encoding="utf-8")


def main(argv: list[str]) -> int:
    """`--upgrade` moves every pin to the newest release the ranges allow; without it, pins only move
    where pyproject.toml's ranges no longer admit them (or a new dependency needs one)."""
    try:
        import uv  # noqa: F401  (shipped in the test extra)
    except ImportError:
        print("tools.lock needs uv: run it as `python3 run.py lock`, which installs it.", file=sys.stderr)
        return 2
    upgrade = "--upgrade" in argv
    for name, extra_args in LOCKS.items():
        compile_lock(name, extra_args, upgrade=upgrade)
        print(f"wrote requirements/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
