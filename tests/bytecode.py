"""A plain `pytest` keeps its processes' bytecode as `python3 run.py test` does.

Where PYTHONDONTWRITEBYTECODE is set (this machine's shells, some CI images), no process may write
bytecode beside the sources, so every one the suite starts (its xdist workers, the CLI, the servers,
the console, the probe) compiled the project's sources again, and each worker rewrote every test
module's asserts again (pytest caches its rewrite only where bytecode may be written): ~10 s of CPU
for a worker's collection instead of ~4 s. `run.py test` caches bytecode under the venv
(`run.cached_bytecode`); a plain `pytest`, or `python -m tools.pg pytest`, now does the same from
the top of tests/conftest.py, before the project is imported: for this process (`sys`), and for
every process it starts (the environment). The checkout stays without `__pycache__` folders, as the
variable asks. A PYTHONPYCACHEPREFIX of the caller's own (run.py's) is left alone.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from pathlib import Path

import run


def keep_bytecode(environ: MutableMapping[str, str], cache: Path) -> bool:
    """Cache bytecode under `cache` when `environ` asks for none beside the sources: in `environ`
    (for the processes started later) and in this interpreter. Whether it changed anything."""
    cached = run.cached_bytecode(dict(environ), cache)
    if cached == dict(environ):
        return False
    del environ["PYTHONDONTWRITEBYTECODE"]
    environ["PYTHONPYCACHEPREFIX"] = cached["PYTHONPYCACHEPREFIX"]
    sys.pycache_prefix = cached["PYTHONPYCACHEPREFIX"]
    sys.dont_write_bytecode = False
    return True


def suite_cache() -> Path | None:
    """run.py's cache (`<venv>/pycache`) when the suite runs in a venv; None outside one (no cache
    folder is made in the system's Python)."""
    return Path(sys.prefix) / "pycache" if sys.prefix != sys.base_prefix else None
