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
import ntpath
import os
import posixpath
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

TOOLS = ("initdb", "pg_ctl", "createdb")


def find_bindir(
    *,
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    find: Callable[[str], list[str]] = glob.glob,
    which: Callable[[str], str | None] = shutil.which,
    exists: Callable[[str], bool] = os.path.exists,
) -> Path | None:
    """A directory holding initdb, pg_ctl and createdb: HELPDESK_PG_BINDIR, then the newest
    version's bin folder where the packages put it (Debian: /usr/lib/postgresql/N/bin, off PATH;
    Windows' installer: %ProgramFiles%\\PostgreSQL\\N\\bin), then PATH. On Windows each is an .exe."""
    suffix = ".exe" if platform == "win32" else ""
    path = ntpath if platform == "win32" else posixpath  # the rules of the system searched, on any host
    explicit = environ.get("HELPDESK_PG_BINDIR")
    candidates = [explicit] if explicit else []
    if platform == "win32":
        roots = {environ.get(var) for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")}
        pattern = "{root}\\PostgreSQL\\*\\bin\\pg_ctl.exe"
        found = [p for root in sorted(r for r in roots if r) for p in find(pattern.format(root=root))]
    else:
        found = find("/usr/lib/postgresql/*/bin/pg_ctl")
    # Newest first by version number: "16" before "9.6", which a string sort gets wrong.
    candidates += [path.dirname(p) for p in sorted(found, key=_version_key, reverse=True)]
    on_path = which("initdb" + suffix)
    if on_path:
        candidates.append(path.dirname(on_path))
    for bindir in candidates:
        if all(exists(path.join(bindir, tool + suffix)) for tool in TOOLS):
            return Path(bindir)
    return None


def _version_key(path: str) -> tuple[int, ...]:
    """(16,) for .../postgresql/16/bin/pg_ctl, (9, 6) for .../PostgreSQL/9.6/bin/pg_ctl.exe."""
    version = path.replace("\\", "/").split("/")[-3]
    return tuple(int(part) for part in version.split(".") if part.isdigit())


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


def server_cpu(data: Path) -> float | None:
    """CPU seconds (user + system) of the server and of the backends it has reaped: the postmaster's
    own and its children's times (bench.cpu, through psutil). None where unknown."""
    try:
        pid = int((data / "postmaster.pid").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import psutil  # here: the rest of this tool runs on the standard library alone

    from bench.cpu import cpu_seconds

    try:
        return cpu_seconds([psutil.Process(pid)])
    except psutil.Error:  # no such process
        return None


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
        cpu = server_cpu(data)
        if cpu is not None:  # what the run cost the server, beside the client's own CPU
            print(f"PostgreSQL server CPU over the run: {cpu:.1f} s", file=sys.stderr, flush=True)
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
