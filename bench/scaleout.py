"""Scale-out: one PostgreSQL, N `helpdesk serve` processes, simulated probes and tray users.

    .venv/bin/python bench/scaleout.py [--servers 2 4] [--machines 10000] [--interval 300]
                                       [--duration 60] [--storm 60] [--tray-users 200] [--tray-rate 2]
                                       [--alerting 0.01] [--pgbouncer] [--database URL | --sqlite]

Starts a throwaway PostgreSQL (tools/pg.py; or uses --database; or, with --sqlite, a new SQLite
file: the embedded database of a desk on one machine, its probes' storm included), enrols --machines machines
(straight into the database: 10,000 enrolments over HTTP would only measure enrolment), then for
each --servers count starts that many `helpdesk serve` processes, each on its own port as on its
own machine, all on the one database, and drives them from a separate process:

  steady  every machine reports every --interval seconds: machines/interval reports a second,
          paced (open loop: each report leaves at its time, busy or not), for --duration seconds;
  storm   all machines report within --storm seconds (after an outage, or 9 a.m. boot);

plus, during both, tray users at --tray-rate calls a second in all: a quarter create a ticket,
the rest list their own tickets. Calls go to the servers round robin, on keep-alive connections
(what a load balancer in front does). --alerting is the share of machines whose report carries a
full-disk alert (the first one opens a ticket). --pgbouncer puts PgBouncer (transaction pooling)
between the servers and PostgreSQL and switches prepared statements off
(HELPDESK_DATABASE_PREPARED_STATEMENTS=false), as the README's deployment section advises.

Prints, per configuration and phase: calls, throughput, p50/p95 latency per kind (measured from
the moment the call was due, so a queue in front of a busy server counts), errors, and CPU per
call of the servers (all processes) and of PostgreSQL, with the driver's own CPU for scale. All
processes share this machine's cores: N servers on 2 cores get no more CPU than 1 server would,
so throughput stops where CPU per call x calls per second reaches the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.cpu import cpu_seconds, tree  # noqa: E402
from shared.auth.permissions import SYSTEM  # noqa: E402
from shared.config import Settings  # noqa: E402
from shared.db.database import Database, open_database  # noqa: E402
from shared.http.security import SessionSigner  # noqa: E402
from shared.models import Machine  # noqa: E402
from shared.models.enums import Role  # noqa: E402
from shared.services import alerts, enrolment, seed, sessions, users  # noqa: E402
from tests.http.reports import report  # noqa: E402
from tools import pg  # noqa: E402

SECRET = "scaleout-bench-" + "s" * 40
REPORT_ID = "R" * 32
COLLECTED = "C" * 32  # placeholder of the same length as an ISO time with microseconds and +00:00
KINDS = ("report", "tray create", "tray list")


# The driver: a separate process, asyncio and raw HTTP/1.1 on keep-alive connections ----------


class Pool:
    """Keep-alive connections to one server, at most `size` at once."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter] | None] = asyncio.Queue()
        for _ in range(size):
            self.free.put_nowait(None)  # opened on first use

    async def call(self, method: str, path: str, token: str, body: bytes = b"") -> tuple[int, bytes]:
        conn = await self.free.get()
        try:
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", self.port)
            reader, writer = conn
            head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
            writer.write(head.encode() + body)
            status_line = await reader.readline()
            length, close = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _sep, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
            data = await reader.readexactly(length) if length else b""
            if close:
                writer.close()
                conn = None
            return int(status_line.split()[1]), data
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            conn = None
            raise
        finally:
            self.free.put_nowait(conn)


@dataclass
class Plan:
    ports: list[int]
    tokens: list[str]  # machine tokens
    alerting: set[int]  # indexes of machines reporting a full disk
    sessions: list[str]  # tray session tokens
    body_plain: bytes
    body_alert: bytes
    phases: list[tuple[str, float, list[int]]]  # name, seconds, machine indexes to report (spread evenly)
    tray_rate: float
    connections: int
    timeout: float = 120.0
    seed: int = 1


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    first_error: str = ""
    wall: float = 0.0
    driver_cpu: float = 0.0


async def _phase(plan: Plan, pools: list[Pool], seconds: float, machines: list[int], rng: random.Random) -> Outcome:
    out = Outcome()
    turn = {"n": 0}
    start = time.perf_counter()
    cpu0 = time.process_time()

    async def one(kind: str, due: float, method: str, path: str, token: str, body: bytes = b"") -> None:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        pool = pools[turn["n"] % len(pools)]  # round robin
        turn["n"] += 1
        try:
            status, data = await asyncio.wait_for(pool.call(method, path, token, body), timeout=plan.timeout)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, IndexError, ValueError) as exc:
            out.errors[kind] += 1
            out.first_error = out.first_error or f"{kind}: {exc!r}"
            return
        if status >= 300:
            out.errors[kind] += 1
            out.first_error = out.first_error or f"{kind}: {status} {data[:200]!r}"
            return
        out.latencies[kind].append((time.perf_counter() - due) * 1000)

    tasks = []
    gap = seconds / max(1, len(machines))
    for k, i in enumerate(machines):
        now = datetime.now(UTC).isoformat(timespec="microseconds").encode()
        body = (plan.body_alert if i in plan.alerting else plan.body_plain)
        body = body.replace(REPORT_ID.encode(), secrets.token_hex(16).encode()).replace(COLLECTED.encode(), now)
        tasks.append(one("report", start + k * gap, "POST", "/api/v1/probe/report", plan.tokens[i], body))
    t = 0.0
    while plan.tray_rate > 0:
        t += rng.expovariate(plan.tray_rate)
        if t >= seconds:
            break
        user = rng.randrange(len(plan.sessions))
        if rng.random() < 0.25:
            ticket = json.dumps({"subject": f"Printer on floor {user % 9} jams", "description": "Kertas macet"})
            tasks.append(one("tray create", start + t, "POST", "/api/v1/tray/tickets", plan.sessions[user],
                             ticket.encode()))
        else:
            tasks.append(one("tray list", start + t, "GET", "/api/v1/tray/tickets?limit=25", plan.sessions[user]))
    await asyncio.gather(*tasks)
    out.wall = time.perf_counter() - start
    out.driver_cpu = time.process_time() - cpu0
    return out


def drive(plan: Plan) -> list[tuple[str, Outcome]]:
    """The driver process: each phase in turn; returns their outcomes."""
    async def run() -> list[tuple[str, Outcome]]:
        pools = [Pool(port, plan.connections) for port in plan.ports]
        rng = random.Random(plan.seed)
        results = []
        for name, seconds, machines in plan.phases:
            results.append((name, await _phase(plan, pools, seconds, machines, rng)))
        return results

    with contextlib.suppress(ImportError):
        import uvloop

        return uvloop.run(run())
    return asyncio.run(run())


# The servers, PostgreSQL and PgBouncer ---------------------------------------------------------


def postgres_processes(port: int) -> list[psutil.Process]:
    """The postmaster listening on `port` and its backends (for their CPU time)."""
    for p in psutil.process_iter(["name", "cmdline"]):
        cmd = p.info["cmdline"] or []
        if p.info["name"] == "postgres" and "-p" in cmd and str(port) in cmd:
            return tree(p.pid)
    return []


class Servers:
    """`count` × `helpdesk serve` on free ports, one process each, as on separate machines."""

    def __init__(self, url: str, count: int, logdir: Path, *, prepared_statements: bool = True) -> None:
        self.ports = [pg.free_port() for _ in range(count)]
        self.logs = [logdir / f"server-{port}.log" for port in self.ports]
        env = {**os.environ, "HELPDESK_DATABASE_URL": url, "HELPDESK_HTTP_SECRET": SECRET, "HELPDESK_LANGUAGE": "en",
               "HELPDESK_DATABASE_PREPARED_STATEMENTS": str(prepared_statements).lower(),
               "HELPDESK_CONFIG": str(ROOT / "bench" / "no-such-config.toml")}
        helpdesk = str(Path(sys.executable).with_name("helpdesk"))
        # The scheduler's jobs stay off: the figures are the servers' answer to the load alone.
        self.procs = [subprocess.Popen([helpdesk, "serve", "--host", "127.0.0.1", "--port", str(port),
                                        "--no-scheduler", "--log-level", "warning"], env=env,
                                       stdout=log.open("wb"), stderr=subprocess.STDOUT)
                      for port, log in zip(self.ports, self.logs, strict=True)]
        deadline = time.monotonic() + 120
        for port, proc in zip(self.ports, self.procs, strict=True):
            while not _answers(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"helpdesk serve on port {port} did not start")
                time.sleep(0.2)

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(tree(p.pid)) for p in self.procs)

    def logged_errors(self) -> int:
        """Tracebacks the servers logged (a call the driver gave up on ends in one)."""
        return sum(log.read_text(errors="replace").count("Traceback") for log in self.logs)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _answers(port: int) -> bool:
    import http.client

    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/openapi.json")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


@contextlib.contextmanager
def pgbouncer(url: str, pool_size: int) -> Iterator[tuple[str, list[psutil.Process]]]:
    """PgBouncer in transaction pooling mode in front of `url`; yields its URL and process."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise SystemExit("--pgbouncer needs PgBouncer (Debian: apt-get install pgbouncer)")
    target = make_url(url)
    port = pg.free_port()
    workdir = Path(tempfile.mkdtemp(prefix="helpdesk-pgbouncer-"))  # its own: the user running it must read it
    (workdir / "users.txt").write_text(f'"{target.username}" ""\n')
    (workdir / "pgbouncer.ini").write_text(
        f"[databases]\n{target.database} = host={target.host} port={target.port} dbname={target.database}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\nauth_type = trust\n"
        f"auth_file = {workdir / 'users.txt'}\npool_mode = transaction\ndefault_pool_size = {pool_size}\n"
        f"max_client_conn = 1000\nlogfile = {workdir / 'pgbouncer.log'}\npidfile = {workdir / 'pgbouncer.pid'}\n")
    argv = [binary, str(workdir / "pgbouncer.ini")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # PgBouncer refuses to run as root
        shutil.chown(workdir, "postgres")
        for item in workdir.iterdir():
            shutil.chown(item, "postgres")
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(argv)]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # it logs to its logfile
    deadline = time.monotonic() + 30
    import socket

    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if time.monotonic() > deadline:
            proc.terminate()
            log = workdir / "pgbouncer.log"
            raise RuntimeError("PgBouncer did not start: " + (log.read_text() if log.exists() else "no log"))
        time.sleep(0.1)
    try:
        bouncer = [p for p in tree(proc.pid) if p.name() == "pgbouncer"]
        yield str(target.set(port=port)), bouncer
    finally:
        for p in tree(proc.pid)[::-1]:
            with contextlib.suppress(psutil.Error):
                p.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


# Setting up the fleet ------------------------------------------------------------------------


def enrol_fleet(db: Database, machines: int) -> tuple[list[int], list[str]]:
    """`machines` enrolled machines (token hashes stored, as enrolment stores them): ids and tokens."""
    tokens = [secrets.token_urlsafe(32) for _ in range(machines)]
    now = datetime.now(UTC)
    with db.uow() as uow:
        for start in range(0, machines, 1000):
            uow.session.execute(insert(Machine), [
                {"hostname": f"bench-pc-{i:05d}", "os_name": "Linux", "os_version": "6.1", "token_hash":
                 enrolment.hash_token(tokens[i]), "enrolled_at": now, "created_at": now, "ssh_port": 22}
                for i in range(start, min(machines, start + 1000))])
        uow.commit()
        found = {host: mid for host, mid in uow.session.execute(select(Machine.hostname, Machine.id).where(
            Machine.hostname.like("bench-pc-%")))}
    return [found[f"bench-pc-{i:05d}"] for i in range(machines)], tokens


def tray_sessions(db: Database, count: int) -> list[str]:
    """Signed-in tray users: server-side session rows and tokens signed with the servers' secret
    (signing in over HTTP would meet the sign-in rate limit, which is per client address)."""
    signer = SessionSigner(SECRET.encode())
    out = []
    for i in range(count):
        user = users.create_user(db.uow(), SYSTEM, username=f"tray{i}", full_name=f"Tray User {i}",
                                 role=Role.REQUESTER)
        actor = users.actor_for(db.uow(), user.username)
        session = sessions.open_session(db.uow(), actor, client="bench")
        assert actor.id is not None
        out.append(signer.issue(actor.id, actor.username, session_id=session.id)[0])
    return out


def prime(db: Database, ids: list[int], plain: bytes, alert: bytes, alerting: set[int]) -> None:
    """Every machine's first report (its health row, volumes, first sample, alert tickets), so that
    each configuration meets the same steady fleet."""
    at = (datetime.now(UTC) - timedelta(minutes=10)).isoformat(timespec="microseconds").encode()
    for start in range(0, len(ids), 100):
        batch = []
        for i in range(start, min(len(ids), start + 100)):
            body = (alert if i in alerting else plain).replace(REPORT_ID.encode(), secrets.token_hex(16).encode())
            batch.append((ids[i], json.loads(body.replace(COLLECTED.encode(), at))))
        alerts.ingest_many(db.uow(), batch)


def bodies() -> tuple[bytes, bytes]:
    out = []
    for full in (False, True):
        body = report(full_disk=full)
        body["report_id"] = REPORT_ID
        body["snapshot"]["collected_at"] = COLLECTED
        body.pop("inventory", None)
        out.append(json.dumps(body, separators=(",", ":")).encode())
    return out[0], out[1]


# Reporting -----------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def print_rows(label: str, name: str, outcome: Outcome, server_cpu: float, db_cpu: float) -> None:
    calls = sum(len(v) for v in outcome.latencies.values())
    errors = sum(outcome.errors.values())
    print(f"{label:<26} {name:<7} {calls:>6} {calls / outcome.wall:>8.1f}/s {errors:>6} "
          f"{server_cpu * 1000 / max(1, calls):>9.2f} {db_cpu * 1000 / max(1, calls):>9.2f} "
          f"{outcome.driver_cpu * 1000 / max(1, calls):>9.2f}")
    for kind in KINDS:
        lat = outcome.latencies[kind]
        if lat or outcome.errors[kind]:
            print(f"{'':<26}   {kind:<12} {len(lat):>6}  p50 {statistics.median(lat) if lat else float('nan'):>8.1f} ms"
                  f"  p95 {pct(lat, 0.95):>8.1f} ms  errors {outcome.errors[kind]}")
    if outcome.first_error:
        print(f"{'':<26}   first error: {outcome.first_error}")


def run(args: argparse.Namespace, url: str, tmp: Path) -> None:
    db = open_database(Settings(database_url=url, language="en"), migrate=True)
    seed.ensure_defaults(db.uow())
    wal0 = wal_position(db)
    t0 = time.perf_counter()
    ids, tokens = enrol_fleet(db, args.machines)
    session_tokens = tray_sessions(db, args.tray_users)
    plain, alert = bodies()
    rng = random.Random(7)
    alerting = set(rng.sample(range(args.machines), round(args.machines * args.alerting)))
    prime(db, ids, plain, alert, alerting)
    print(f"fleet: {args.machines} machines, each with its first report (straight through the service layer: a "
          f"fleet that has been running), and {args.tray_users} tray users set up in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    steady_rate = args.machines / args.interval
    steady_n = min(args.machines, round(steady_rate * args.duration))
    db_port = make_url(url).port if args.database is None and not args.sqlite else None
    header = (f"{'configuration':<26} {'phase':<7} {'calls':>6} {'throughput':>10} {'errors':>6} "
              f"{'server ms':>9} {'pg ms':>9} {'driver ms':>9}")
    print(f"steady: {steady_rate:.1f} reports/s for {args.duration:.0f} s; storm: {args.machines} reports in "
          f"{args.storm:.0f} s = {args.machines / max(1, args.storm):.0f}/s; tray: {args.tray_rate}/s")
    print(f"machine: {os.cpu_count()} CPUs shared by the servers, PostgreSQL and the driver; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print(header)
    for count in args.servers:
        start_at = rng.randrange(args.machines)
        steady = [(start_at + k) % args.machines for k in range(steady_n)]
        phases: list[tuple[str, float, list[int]]] = [("steady", args.duration, steady)]
        if args.storm > 0:
            storm = list(range(args.machines))
            rng.shuffle(storm)
            phases.append(("storm", args.storm, storm))
        with contextlib.ExitStack() as stack:
            server_url = url
            extra: list[psutil.Process] = []
            if args.pgbouncer:
                server_url, extra = stack.enter_context(pgbouncer(url, args.pool_size))
            servers = Servers(server_url, count, tmp,
                              prepared_statements=not args.pgbouncer or args.prepared_statements)
            stack.callback(servers.stop)
            label = f"{count} server{'s' if count > 1 else ''}" + (" + PgBouncer" if args.pgbouncer else "")
            pg_procs = postgres_processes(db_port) if db_port else []
            plan = Plan(servers.ports, tokens, alerting, session_tokens, plain, alert, [], args.tray_rate,
                        args.connections, args.timeout)
            for name, seconds, machines in phases:
                plan.phases = [(name, seconds, machines)]
                cpu0, db0 = servers.cpu_seconds(), cpu_seconds(pg_procs) + cpu_seconds(extra)
                with multiprocessing.get_context("spawn").Pool(1) as driver:
                    (_name, outcome), = driver.apply(drive, (plan,))
                print_rows(label, name, outcome, servers.cpu_seconds() - cpu0,
                           cpu_seconds(pg_procs) + cpu_seconds(extra) - db0)
                sys.stdout.flush()
            if servers.logged_errors():
                print(f"{'':<26}   the servers logged {servers.logged_errors()} tracebacks (calls given up on "
                      f"by the driver end in one); logs in {tmp}")
    print("server ms / pg ms / driver ms: CPU time per completed call of all server processes, of PostgreSQL's "
          "backends (and PgBouncer), and of the driver; latency is from the moment a call was due")
    print_sizes(db, wal0)
    db.close()


def wal_position(db: Database) -> str:
    if db.engine.dialect.name != "postgresql":
        return ""
    with db.engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT pg_current_wal_lsn()").scalar())


def print_sizes(db: Database, wal0: str) -> None:
    """What the reports wrote: WAL per report, and the bytes per row of the tables that grow with them
    (the README's PostgreSQL sizing)."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect() as conn:
        sql = conn.exec_driver_sql
        reports = sql("SELECT count(*) FROM probe_reports").scalar() or 1
        wal = sql(f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{wal0}')").scalar() or 0
        print(f"WAL: {float(wal) / reports / 1024:.1f} KiB per report ({reports} reports stored)")
        for table in ("probe_reports", "machine_samples", "machines", "machine_health"):
            rows = sql(f"SELECT count(*) FROM {table}").scalar() or 1
            size = sql(f"SELECT pg_total_relation_size('{table}')").scalar() or 0
            print(f"{table}: {rows} rows, {size / 1024 / 1024:.1f} MiB with indexes, {size / rows:.0f} bytes per row")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servers", type=int, nargs="+", default=[2, 4], help="server processes, one run each")
    parser.add_argument("--machines", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=300.0, help="seconds between a machine's reports")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the steady phase")
    parser.add_argument("--storm", type=float, default=60.0, help="every machine reports within this (0: no storm)")
    parser.add_argument("--tray-users", type=int, default=200)
    parser.add_argument("--tray-rate", type=float, default=2.0, help="tray calls a second, all users together")
    parser.add_argument("--alerting", type=float, default=0.01, help="share of machines reporting a full disk")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections per server")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before the driver gives a call up")
    parser.add_argument("--pgbouncer", action="store_true", help="PgBouncer (transaction mode) in front of PostgreSQL")
    parser.add_argument("--pool-size", type=int, default=20, help="PgBouncer's server connections (--pgbouncer)")
    parser.add_argument("--prepared-statements", action="store_true",
                        help="with --pgbouncer: keep psycopg's prepared statements on (shows what breaks)")
    parser.add_argument("--database", help="a PostgreSQL URL to use instead of a throwaway cluster (it is written to)")
    parser.add_argument("--sqlite", action="store_true",
                        help="the embedded database instead: a new SQLite file (its servers share the file)")
    args = parser.parse_args()
    if args.sqlite and (args.database or args.pgbouncer):
        parser.error("--sqlite takes neither --database nor --pgbouncer")
    with tempfile.TemporaryDirectory(prefix="helpdesk-scaleout-") as tmp:
        if args.sqlite:
            run(args, f"sqlite:///{tmp}/scaleout.sqlite3", Path(tmp))
            return 0
        if args.database:
            run(args, args.database, Path(tmp))
            return 0
        bindir = pg.find_bindir()
        if bindir is None:
            print("PostgreSQL is not installed here (Debian: apt-get install postgresql).", file=sys.stderr)
            return 2
        with pg.cluster(bindir) as url:
            run(args, url, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
