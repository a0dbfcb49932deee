"""A throwaway PostgreSQL cluster on loopback, for the test suite and the benchmarks.

    python -m tools.pg pytest [ARGS]   start a cluster, run pytest against it, stop it
    python -m tools.pg run CMD [ARGS]  the same for any command

The cluster lives in a temp dir, listens on a free 127.0.0.1 port and is stopped afterwards, even
when the command fails. `initdb`/`pg_ctl` refuse to run as root, so as root they run as `postgres`.
Where no server binaries exist the run is skipped (or fails when HELPDESK_REQUIRE_POSTGRES=1).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def find_bindir() -> Path | None:
    """A directory holding initdb, pg_ctl and createdb (Debian keeps them off PATH)."""
    explicit = os.environ.get("HELPDESK_PG_BINDIR")
    candidates = [Path(explicit)] if explicit else []
    candidates += [Path(p).parent for p in sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if all((bindir / tool).exists() for tool in ("initdb", "pg_ctl", "createdb")):
            return bindir
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(argv: list[str]) -> list[str]:
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not is_root:
        return argv
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(a) for a in argv)]


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


@contextlib.contextmanager
def cluster(bindir: Path) -> Iterator[str]:
    """Yield a database URL for a fresh cluster; stop and delete it afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="helpdesk-pg-"))
    data = tmp / "data"
    data.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    log = tmp / "server.log"
    subprocess.run(
        _as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    opts = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(log), "-w", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "helpdesk"],
            check=True,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/helpdesk"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("HELPDESK_REQUIRE_POSTGRES") == "1":
            print("PostgreSQL server binaries not found, and HELPDESK_REQUIRE_POSTGRES=1.", file=sys.stderr)
            return 1
        print("PostgreSQL server not installed here: skipping the PostgreSQL run.")
        return 0
    command = [sys.executable, "-m", "pytest", *argv[1:]] if argv[0] == "pytest" else argv[1:]
    with cluster(bindir) as url:
        print(f"\n== Running on PostgreSQL ({url}) ==", flush=True)
        env = dict(os.environ, HELPDESK_DATABASE_URL=url)
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
