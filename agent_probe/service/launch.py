"""How a service starts the probe: the command line of this very install.

A PyInstaller bundle is its own executable. A pip install runs its own Python (never PATH's: a
service runs with the system's PATH, not the admin's who installed it) as

    python -I -S -c "import sys; sys.path[:0] = ['<site-packages>']; from agent_probe.main import main; ..."

`-S`: no `site`, so no .pth file or sitecustomize runs in the process that stays resident for
weeks: what it holds no longer depends on what else is installed in that environment (setuptools'
distutils hack, an editable install's finder: 0.25 MB of RSS at start in a plain venv, 2.3 MB in a
development one). Net, the resident probe saves 0.2 MB (bench/probe_footprint.py, 22.25 -> 22.04
MB), as it imports most of what `site` imported anyway. The probe imports from two directories,
this package's and psutil's (its only dependency): they are computed here at install time and
written into the command line, so the service imports the very code that was installed.
`-I` (isolated): PYTHONPATH, PYTHONHOME, the user's site-packages and the working directory are
ignored, as a service should.

The daily inventory helper starts the same way (agent_probe.collect.inventory.helper_command).
The Windows service is hosted by pywin32's pythonservice.exe or by the bundle (service/windows.py),
whose interpreter flags are not ours to choose: `site` stays there.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from collections.abc import Iterable

ISOLATED = ("-I", "-S")


def import_dirs() -> list[str]:
    """The directories the probe imports from: the one holding this package and the one holding
    psutil; one entry when they are the same site-packages, as in a pip install. psutil is found,
    not imported: the resident probe asks this for its helpers and never imports psutil itself."""
    from importlib.machinery import PathFinder

    import agent_probe

    psutil = PathFinder.find_spec("psutil")
    dirs: list[str] = []
    for module_file in (agent_probe.__file__, psutil.origin if psutil is not None else None):
        if module_file is None:  # a namespace package has no file; ours and psutil's both do
            raise RuntimeError("cannot locate the probe's packages")
        directory = os.path.dirname(os.path.dirname(os.path.abspath(module_file)))
        if directory not in dirs:
            dirs.append(directory)
    return dirs


def path_setup(dirs: Iterable[str]) -> str:
    """Python source that puts `dirs` first on sys.path (the bootstrap's first statement)."""
    return f"import sys; sys.path[:0] = {list(dirs)!r}"


def bootstrap(dirs: Iterable[str]) -> str:
    """The -c program: the import directories, then `helpdesk-probe`'s own main() with the rest of argv."""
    return path_setup(dirs) + "; from agent_probe.main import main; sys.exit(main())"


def probe_command(*, frozen: bool, executable: str, dirs: Iterable[str]) -> list[str]:
    """argv that starts `helpdesk-probe` (the caller appends the sub-command)."""
    if frozen:
        return [executable]
    return [executable, *ISOLATED, "-c", bootstrap(dirs)]


def this_probe_command() -> list[str]:
    frozen = bool(getattr(sys, "frozen", False))
    return probe_command(frozen=frozen, executable=sys.executable, dirs=[] if frozen else import_dirs())
