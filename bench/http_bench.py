"""The server edge under load: tickets and probe reports over HTTP, and remote diagnostics over SSH.

    .venv/bin/python bench/http_bench.py [--workers 1 2] [--clients 8] [--client-processes 2]
                                         [--tickets 800] [--reports 1600] [--report-minutes 5]
                                         [--ssh-rounds 10] [--profile DIR]

Everything real and on loopback. The server runs as `helpdesk serve --workers N` does: uvicorn
processes of its own (database: a temp SQLite file, or HELPDESK_DATABASE_URL), so its CPU time is
measured apart from the clients'. Each of the `--clients` simulated clients (a tray user, or a probe
with its own machine token) has its own keep-alive connection and sends one request at a time;
`--client-processes` processes drive them on a selector each. Every request is encoded before the
clock starts, each one new (a report: the probe's own headers and compact JSON, a fresh report id,
collected --report-minutes after the machine's last one, so each is a new sample in the machine's
history, as in a real fleet), as a real fleet builds its reports on its own machines, not on the
server's: what the load generator costs the shared cores is sending and reading, printed as its CPU
per call beside the server's. Remote diagnostics run against a private OpenSSH sshd with the gate behind a technician
key. Prints median and p95 latency per operation, the throughput, and the server's and the
clients' CPU time per call.

--profile DIR: each server process runs cProfile (thread CPU time) on its event loop and on each
group-commit writer, and writes DIR/<pid>-<thread>.prof when it stops (read them with pstats);
the bench prints how many items each writer's batches held (a report alone, or in a batch of n).
The profiler slows the server: CPU figures of such a run are not comparable with others.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import json
import multiprocessing
import os
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from agent_probe import __version__ as probe_version  # noqa: E402
from agent_probe.gate.catalogue import load_catalogue  # noqa: E402
from bench.cpu import tree_cpu_seconds  # noqa: E402
from shared.auth.permissions import SYSTEM  # noqa: E402
from shared.config import Settings, load_settings  # noqa: E402
from shared.db.database import Database, open_database  # noqa: E402
from shared.http.app import create_app  # noqa: E402
from shared.http.deps import RateLimits  # noqa: E402
from shared.http.security import Rate  # noqa: E402
from shared.models.enums import Role  # noqa: E402
from shared.services import enrolment, machines, seed, tickets, users  # noqa: E402
from shared.ssh.client import SshPool, generate_key  # noqa: E402
from shared.ssh.run import run_diagnostic  # noqa: E402
from tests.http.reports import report  # noqa: E402
from tests.sshd import TEST_CATALOGUE, free_port, run_gate_sshd, sshd_available  # noqa: E402

PASSWORD = "bench password 2026!"
UNLIMITED = Rate(per_second=1e9, burst=1_000_000)
PROFILE_ENV = "HELPDESK_BENCH_PROFILE"


class Row:
    def __init__(self, name: str, latencies_ms: list[float], wall_s: float | None, errors: int = 0,
                 cpu_ms: float | None = None, client_cpu_ms: float | None = None,
                 connections: int | None = None) -> None:
        self.name, self.lat, self.wall, self.errors = name, sorted(latencies_ms), wall_s, errors
        self.connections = connections  # PostgreSQL connections opened during the calls (None: SQLite)
        self.cpu_ms = cpu_ms  # server CPU time per call
        self.client_cpu_ms = client_cpu_ms  # the load generator's CPU time per call (all its processes)

    def line(self) -> str:
        if not self.lat:
            return f"{self.name:<52} {0:>5} {'failed':>11}"
        p95 = self.lat[min(len(self.lat) - 1, round(0.95 * (len(self.lat) - 1)))]
        rate = f"{len(self.lat) / self.wall:>9.1f}/s" if self.wall else f"{'':>11}"
        cpu = f"{self.cpu_ms:>9.2f}" if self.cpu_ms is not None else f"{'':>9}"
        client = f"{self.client_cpu_ms:>10.2f}" if self.client_cpu_ms is not None else f"{'':>10}"
        return (f"{self.name:<52} {len(self.lat):>5} {rate} {statistics.median(self.lat):>9.1f} {p95:>9.1f}"
                f" {cpu} {client} {self.errors:>6}"
                + (f" {self.connections:>11}" if self.connections is not None else ""))


def bench_app() -> FastAPI:
    """The app each server worker builds (uvicorn --factory): settings from the environment the
    bench prepared, rate limits off (the bench is one client hammering on purpose)."""
    db = open_database(load_settings())
    app = create_app(db, limits=RateLimits(enrol=UNLIMITED, report=UNLIMITED, sign_in=UNLIMITED, tray=UNLIMITED))
    if os.environ.get(PROFILE_ENV):
        _profile(app, Path(os.environ[PROFILE_ENV]))
    return app


def _profile(app: FastAPI, out: Path) -> None:
    """cProfile on the event loop (from start-up to shut-down) and in each group-commit writer
    thread (its batches), by thread CPU time; batch sizes counted. Written at shut-down."""
    from shared.services.group_commit import GroupCommit

    profiles: dict[str, cProfile.Profile] = {"loop": cProfile.Profile(time.thread_time)}
    sizes: collections.Counter[tuple[str, int]] = collections.Counter()
    run = GroupCommit._run

    def profiled_run(self: GroupCommit[object, object], batch: list[object]) -> None:
        name = threading.current_thread().name
        profile = profiles.setdefault(name, cProfile.Profile(time.thread_time))
        sizes[(name, len(batch))] += 1
        profile.enable()
        try:
            run(self, batch)  # type: ignore[arg-type]
        finally:
            profile.disable()

    GroupCommit._run = profiled_run  # type: ignore[method-assign,assignment]

    async def start() -> None:
        profiles["loop"].enable()

    async def stop() -> None:
        profiles["loop"].disable()
        out.mkdir(parents=True, exist_ok=True)
        for name, profile in profiles.items():
            profile.dump_stats(out / f"{os.getpid()}-{name}.prof")
        with open(out / f"{os.getpid()}-batches.txt", "w", encoding="utf-8") as f:
            for (name, size), count in sorted(sizes.items()):
                f.write(f"{name} {size} {count}\n")

    app.router.on_startup.append(start)
    app.router.on_shutdown.append(stop)


def batch_sizes(out: Path) -> str:
    """What --profile's server processes counted: per writer, batches by the number of items."""
    counts: collections.Counter[tuple[str, int]] = collections.Counter()
    for path in out.glob("*-batches.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            name, size, count = line.split()
            counts[(name, int(size))] += int(count)
    lines = []
    for writer in sorted({name for name, _size in counts}):
        mine = {size: n for (name, size), n in counts.items() if name == writer}
        items = sum(size * n for size, n in mine.items())
        alone = mine.get(1, 0)
        lines.append(f"{writer}: {sum(mine.values())} batches, {items} items, {alone} alone "
                     f"({100 * alone / items:.1f} % of items); items per batch: "
                     + ", ".join(f"{size}: {n}" for size, n in sorted(mine.items())))
    return "\n".join(lines)


def pg_sessions(db: Database) -> int | None:
    """Connections PostgreSQL has opened to the bench's database so far (pg_stat_database.sessions),
    None on SQLite. A backend's count reaches the statistics within a second or so: the caller waits
    before reading it after a phase."""
    if db.engine.dialect.name != "postgresql":
        return None
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
        return int(conn.exec_driver_sql(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()").scalar_one())


class Server:
    """`workers` uvicorn processes on a free port, as `helpdesk serve --workers N` runs them."""

    def __init__(self, db_url: str, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "HELPDESK_DATABASE_URL": db_url, "HELPDESK_HTTP_SECRET": "bench-" + "s" * 40,
               "HELPDESK_LANGUAGE": "en"}
        self.proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench.http_bench:bench_app", "--factory",
                                      "--app-dir", str(ROOT), "--host", "127.0.0.1", "--port", str(self.port),
                                      "--workers", str(workers), "--log-level", "warning"], env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                with httpx.Client(timeout=2) as c:
                    c.get(f"{self.url}/openapi.json")
                break
            except httpx.TransportError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


class _Probe:
    """One simulated client: its own keep-alive connection and its own requests, encoded before the
    clock starts (a real fleet builds its reports on its own machines, not on the server's)."""

    def __init__(self, port: int, requests: list[bytes]) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.requests, self.sent, self.buf, self.t0 = requests, 0, b"", 0.0

    def send_next(self) -> None:
        self.t0 = time.perf_counter()
        self.sock.sendall(self.requests[self.sent])
        self.sent += 1


def _requests(kind: str, port: int, token: str, n: int, minutes: int) -> list[bytes]:
    """`n` whole HTTP requests, each body new: for a report, the probe's own compact JSON
    (agent_probe.report.client.post_json) and headers, a fresh report_id each (a replay would be
    cheap), collected `minutes` after the one before and ending now, as a machine reporting every
    `minutes` sends them (each one a new sample in the machine's history, an hour's roll-up every
    60 / `minutes` reports; 0: every report the same snapshot, so the history keeps only the first);
    for the tray, a ticket with its own subject."""
    headers = [("Host", f"127.0.0.1:{port}"), ("Content-Type", "application/json"), ("Accept", "application/json"),
               ("User-Agent", f"helpdesk-probe/{probe_version}"), ("Authorization", f"Bearer {token}")]
    base = report(full_disk=True) if kind == "report" else {}
    first = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=minutes * n)
    if kind == "report" and minutes:
        system = base["snapshot"]["system"]
        system["boot_time"] = (first - timedelta(days=1)).isoformat(timespec="seconds")
    out = []
    for i in range(n):
        if kind == "report":
            base["report_id"] = os.urandom(16).hex()
            if minutes:
                at = first + timedelta(minutes=minutes * (i + 1))
                base["snapshot"]["collected_at"] = at.isoformat(timespec="seconds")
                system["uptime_seconds"] = int((at - first).total_seconds()) + 86_400
            body, path = base, "/api/v1/probe/report"
        else:
            body = {"subject": f"Printer {i} on floor 3 jams", "description": "Kertas macet di tray 2"}
            path = "/api/v1/tray/tickets"
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        head = [f"POST {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), f"Content-Length: {len(data)}"]
        out.append(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)
    return out


def _answer(buf: bytes) -> tuple[int, bytes] | None:
    """(status, body) once `buf` holds a whole response (the server sends Content-Length), else None."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buf[:end].lower()
    at = head.find(b"\r\ncontent-length:")
    if at < 0:
        raise RuntimeError(f"no Content-Length: {buf[:200]!r}")
    line_end = head.find(b"\r\n", at + 2)
    length = int(head[at + 17:line_end if line_end > 0 else None])
    if len(buf) < end + 4 + length:
        return None
    return int(buf[9:12]), buf[end + 4:end + 4 + length]


def _drive(probes: list[_Probe], n: int) -> list[float]:
    """Each probe sends its next `n` requests one at a time, the next as soon as the last is answered
    (all probes at once, on one selector); returns the latencies in ms."""
    latencies: list[float] = []
    left = {id(p): n for p in probes}
    with selectors.DefaultSelector() as sel:
        for p in probes:
            if n:
                sel.register(p.sock, selectors.EVENT_READ, p)
                p.send_next()
        waiting = len(sel.get_map())
        while waiting:
            for key, _events in sel.select():
                p = key.data
                chunk = p.sock.recv(262144)
                if not chunk:
                    raise RuntimeError("the server closed a connection")
                p.buf += chunk
                answer = _answer(p.buf)
                if answer is None:
                    continue
                latencies.append((time.perf_counter() - p.t0) * 1000)
                status, data = answer
                if status >= 300:
                    raise RuntimeError(f"{status}: {data[:200]!r}")
                p.buf = b""
                left[id(p)] -= 1
                if left[id(p)]:
                    p.send_next()
                else:
                    sel.unregister(p.sock)
                    waiting -= 1
    return latencies


def _client(kind: str, port: int, tokens: list[str], n: int, warm_up: int, minutes: int, start: Barrier,
            results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One client process driving one connection per token: encodes every request first, warms the
    connections up, waits at `start`, then sends `n` per connection; puts (latencies in ms, the
    process's CPU seconds over those calls, an error or None) on `results`."""
    probes = [_Probe(port, _requests(kind, port, token, warm_up + n, minutes)) for token in tokens]
    try:
        _drive(probes, warm_up)
        error = None
    except RuntimeError as exc:
        error = str(exc)
    start.wait()
    cpu0 = time.process_time()
    latencies: list[float] = []
    if error is None:
        try:
            latencies = _drive(probes, n)
        except RuntimeError as exc:
            error = str(exc)
    results.put((latencies, time.process_time() - cpu0, error))
    for p in probes:
        p.sock.close()


def bench_http(db: Database, db_url: str, workers: int, clients: int, processes: int, n_tickets: int,
               n_reports: int, report_minutes: int = 5) -> list[Row]:
    """`clients` simulated clients, each its own token and keep-alive connection, driven by `processes`
    client processes (the server's CPU is its own, and the clients' is measured apart)."""
    server = Server(db_url, workers)
    postgres = db.engine.dialect.name == "postgresql"  # then each phase counts the connections it opened
    try:
        tokens, machine_tokens = [], []
        with httpx.Client(base_url=server.url, timeout=30) as c:
            for i in range(clients):
                r = c.post("/api/v1/tray/session", json={"username": f"bench{i}", "password": PASSWORD})
                tokens.append(r.json()["token"])
                enrol_token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
                r = c.post("/api/v1/probe/enrol", json={"enrolment_token": enrol_token, "hostname": f"pc-{workers}-{i}",
                                                         "os": "Linux 6.1"})
                machine_tokens.append(r.json()["machine_token"])
        rows = []
        ctx = multiprocessing.get_context("spawn")
        processes = max(1, min(processes, clients))
        for kind, keys, total, name in (("ticket", tokens, n_tickets, "tray: create ticket"),
                                        ("report", machine_tokens, n_reports, "probe: report with alert")):
            start, results = ctx.Barrier(processes + 1), ctx.Queue()
            opened0 = None
            if postgres:
                time.sleep(1.5)  # the connections of what ran before reach the statistics
                opened0 = pg_sessions(db)
            procs = [ctx.Process(target=_client, args=(kind, server.port, keys[i::processes], total // clients, 3,
                                                       report_minutes, start, results)) for i in range(processes)]
            for proc in procs:
                proc.start()
            start.wait(timeout=300)
            cpu0, t0 = server.cpu_seconds(), time.perf_counter()
            answers = [results.get(timeout=600) for _proc in procs]
            wall, cpu = time.perf_counter() - t0, server.cpu_seconds() - cpu0
            connections: int | None = None
            if postgres:
                time.sleep(1.5)
                opened = pg_sessions(db)
                assert opened is not None and opened0 is not None
                connections = opened - opened0
            for proc in procs:
                proc.join()
            errors = [error for _l, _c, error in answers if error is not None]
            for error in errors:
                print(f"{name}: {error}", file=sys.stderr)
            done = sum(len(latencies) for latencies, _c, _e in answers)
            client_cpu = sum(c for _l, c, _e in answers)
            rows.append(Row(f"{name} ({clients} clients, {workers} worker{'s' if workers > 1 else ''})",
                            [ms for latencies, _c, _e in answers for ms in latencies], wall, len(errors),
                            cpu_ms=cpu * 1000 / done if done else None,
                            client_cpu_ms=client_cpu * 1000 / done if done else None,
                            connections=connections))
        return rows
    finally:
        server.stop()


def bench_ssh(db: Database, rounds: int, workdir: Path) -> list[Row]:
    key = workdir / "tech_ed25519"
    public = generate_key(key, "bench@helpdesk")
    catalogue = load_catalogue(TEST_CATALOGUE)
    tech = users.create_user(db.uow(), SYSTEM, username="benchtech", full_name="Bench Tech",
                             role=Role.L2_TECHNICIAN, team_ids=[users.team_by_name(db.uow(), "Desktop Support")])
    actor = users.actor_for(db.uow(), tech.username)
    requester = users.actor_for(db.uow(), "bench0")
    # skip_login_rc: this machine's root ~/.bashrc (pyenv init, ~70 ms) would otherwise be timed too.
    with run_gate_sshd(workdir / "sshd", [(public, 2)], skip_login_rc=True) as server:
        token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
        mid, _t = enrolment.enrol(db.uow(), token, "bench-ssh", "Linux 6.1", server.host_public_key)
        machines.set_ssh_target(db.uow(), SYSTEM, mid, server.host, server.port, server.user, None)
        ticket = tickets.create(db.uow(), requester, subject="Slow network", machine_id=mid)
        first: list[float] = []
        nxt: list[float] = []
        raw_next: list[float] = []
        exec_next: list[float] = []
        for _ in range(rounds):
            with SshPool(key) as pool:
                for i in range(6):
                    t0 = time.perf_counter()
                    rec = run_diagnostic(db, actor, ticket.id, mid, "echo", {"text": f"r{i}"}, pool,
                                         catalogue=catalogue)
                    ms = (time.perf_counter() - t0) * 1000
                    assert rec.outcome.outcome == "completed", rec.outcome
                    (first if i == 0 else nxt).append(ms)
                target = next(iter(pool._conns))
                for _ in range(5):
                    t0 = time.perf_counter()
                    pool.run(target, "echo text=raw", timeout=30)
                    raw_next.append((time.perf_counter() - t0) * 1000)
                # One connection, one gate process (0 sessions would mean the gate fell back to exec).
                assert (pool.connects, pool.sessions) == (1, 1), (pool.connects, pool.sessions)
            # For comparison: one exec channel per command, as before gate sessions (and older probes).
            with SshPool(key, use_sessions=False) as pool:
                pool.run(target, "echo text=warm", timeout=30)
                for _ in range(5):
                    t0 = time.perf_counter()
                    pool.run(target, "echo text=raw", timeout=30)
                    exec_next.append((time.perf_counter() - t0) * 1000)
    return [Row("diag: first command (connect+auth+gate+record)", first, None),
            Row("diag: next command, open session (+record)", nxt, None),
            Row("ssh: next command, open session (pool.run only)", raw_next, None),
            Row("ssh: next command, one exec each (older probe)", exec_next, None)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="simulated clients: a token and a connection each")
    parser.add_argument("--client-processes", type=int, default=2, help="processes that drive the clients")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="server processes (each is a run)")
    parser.add_argument("--tickets", type=int, default=800)
    parser.add_argument("--reports", type=int, default=1600)
    parser.add_argument("--ssh-rounds", type=int, default=10)
    parser.add_argument("--report-minutes", type=int, default=5,
                        help="minutes between a machine's reports (each a new history sample); 0: one snapshot "
                             "repeated, so the history stores no sample after a machine's first (rounds up to ten)")
    parser.add_argument("--profile", type=Path, help="cProfile the server processes into this folder")
    args = parser.parse_args()
    notes: list[str] = []
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="helpdesk-bench-") as tmp:
        url = os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        db = open_database(Settings(database_url=url, language="en", auto_assign=True), migrate=True)
        seed.ensure_defaults(db.uow())
        for i in range(args.clients):
            users.create_user(db.uow(), SYSTEM, username=f"bench{i}", full_name=f"Bench User {i}",
                              role=Role.REQUESTER, password=PASSWORD)
        for workers in args.workers:
            if args.profile:
                os.environ[PROFILE_ENV] = str(args.profile / f"workers-{workers}")
            rows += bench_http(db, url, workers, args.clients, args.client_processes, args.tickets, args.reports,
                               args.report_minutes)
            if args.profile:
                del os.environ[PROFILE_ENV]
                notes.append(f"{workers} worker(s), profiled (slower): {args.profile / f'workers-{workers}'}\n"
                             + batch_sizes(args.profile / f"workers-{workers}"))
        if sshd_available() and args.ssh_rounds > 0:
            rows += bench_ssh(db, args.ssh_rounds, Path(tmp))
            notes.append("ssh: the bench's sshd sets SHLVL=1, so the login shell skips ~/.bashrc (as a gate "
                         "account with /bin/sh would): the figures measure the gate, not this machine's rc files")
        elif args.ssh_rounds > 0:
            print("(sshd not installed: remote diagnostic rows skipped)")
        db.close()
    print(f"database: {db.engine.dialect.name}; loopback; {os.cpu_count()} CPUs; clients in their own processes")
    print(f"{'operation':<52} {'n':>5} {'throughput':>11} {'median ms':>9} {'p95 ms':>9} {'cpu ms':>9}"
          f" {'client cpu':>10} {'errors':>6}" + (" connections" if db.engine.dialect.name == "postgresql" else ""))
    for row in rows:
        print(row.line())
    if db.engine.dialect.name == "postgresql":
        notes.append("connections: PostgreSQL connections opened (pg_stat_database.sessions) from the clients' "
                     "start to their end, warm-up included")
    notes.append("cpu ms: the server's CPU time (all its processes) per call; client cpu: the load "
                 "generator's (all its processes, in ms), on the same cores")
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
