"""The server edge under load: tickets and probe reports over HTTP, and remote diagnostics over SSH.

    .venv/bin/python bench/http_bench.py [--clients 8] [--tickets 400] [--reports 400] [--ssh-rounds 10]

Everything real and on loopback: uvicorn serving the app on a free port (database: a temp SQLite
file, or HELPDESK_DATABASE_URL), httpx clients in threads for the tray calls, the probe's own
client code for the reports, and a private OpenSSH sshd with the gate behind a technician key for
the diagnostics. Prints median and p95 latency per operation and the throughput.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from agent_probe.gate.catalogue import load_catalogue  # noqa: E402
from agent_probe.report.client import ProbeClient  # noqa: E402
from agent_probe.report.enrol import REPORT_PATH, enrol  # noqa: E402
from shared.auth.permissions import SYSTEM  # noqa: E402
from shared.config import Settings  # noqa: E402
from shared.db.database import Database, open_database  # noqa: E402
from shared.http.app import create_app  # noqa: E402
from shared.http.deps import RateLimits  # noqa: E402
from shared.http.security import Rate  # noqa: E402
from shared.models.enums import Role  # noqa: E402
from shared.services import machines, seed, tickets, users  # noqa: E402
from shared.ssh.client import SshPool, generate_key  # noqa: E402
from shared.ssh.run import run_diagnostic  # noqa: E402
from tests.http.reports import report  # noqa: E402
from tests.sshd import TEST_CATALOGUE, free_port, run_gate_sshd, sshd_available  # noqa: E402

PASSWORD = "bench password 2026!"
UNLIMITED = Rate(per_second=1e9, burst=1_000_000)


class Row:
    def __init__(self, name: str, latencies_ms: list[float], wall_s: float | None, errors: int = 0) -> None:
        self.name, self.lat, self.wall, self.errors = name, sorted(latencies_ms), wall_s, errors

    def line(self) -> str:
        p95 = self.lat[min(len(self.lat) - 1, round(0.95 * (len(self.lat) - 1)))]
        rate = f"{len(self.lat) / self.wall:>9.1f}/s" if self.wall else f"{'':>11}"
        return (f"{self.name:<48} {len(self.lat):>5} {rate} {statistics.median(self.lat):>9.1f} {p95:>9.1f}"
                f" {self.errors:>6}")


def serve(db: Database) -> tuple[str, Callable[[], None]]:
    app = create_app(db, secret="bench-" + "s" * 40,
                     limits=RateLimits(enrol=UNLIMITED, report=UNLIMITED, sign_in=UNLIMITED, tray=UNLIMITED))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


def hammer(clients: int, total: int, setup: Callable[[int], object],
           call: Callable[[object], None]) -> tuple[list[float], float, int]:
    """`clients` threads share `total` calls; returns latencies (ms), wall seconds, errors."""
    states = [setup(i) for i in range(clients)]
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(i: int) -> None:
        nonlocal errors
        for _ in range(total // clients):
            t0 = time.perf_counter()
            try:
                call(states[i])
            except Exception as exc:
                with lock:
                    errors += 1
                    if errors == 1:
                        print(f"first error: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
                continue
            with lock:
                lat.append((time.perf_counter() - t0) * 1000)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    return lat, time.perf_counter() - start, errors


def bench_http(db: Database, url: str, clients: int, n_tickets: int, n_reports: int) -> list[Row]:
    for i in range(clients):
        users.create_user(db.uow(), SYSTEM, username=f"bench{i}", full_name=f"Bench User {i}", role=Role.REQUESTER,
                          password=PASSWORD)

    def tray(i: int) -> object:
        c = httpx.Client(base_url=url, timeout=30)
        token = c.post("/api/v1/tray/session", json={"username": f"bench{i}", "password": PASSWORD}).json()["token"]
        c.headers["Authorization"] = f"Bearer {token}"
        return c

    def create(c: object) -> None:
        assert isinstance(c, httpx.Client)
        r = c.post("/api/v1/tray/tickets", json={"subject": "Printer on floor 3 jams", "description": "Tray 2"})
        if r.status_code != 201:
            raise RuntimeError(r.text)

    lat, wall, err = hammer(clients, n_tickets, tray, create)
    rows = [Row(f"tray: create ticket ({clients} clients)", lat, wall, err)]

    def probe(i: int) -> object:
        token = machines.issue_enrolment_token(db.uow(), SYSTEM)
        state = enrol(ProbeClient(url, max_attempts=1), token, hostname=f"bench-pc-{i}", os_name="Linux 6.1")
        return ProbeClient(url, token=state.machine_token, max_attempts=1, timeout=30)

    def send(c: object) -> None:
        assert isinstance(c, ProbeClient)
        c.post_json(REPORT_PATH, report(full_disk=True))

    lat, wall, err = hammer(clients, n_reports, probe, send)
    rows.append(Row(f"probe: report with alert ({clients} clients)", lat, wall, err))
    lat, wall, err = hammer(1, min(200, n_reports), probe, send)
    rows.append(Row("probe: report with alert (1 client)", lat, wall, err))
    return rows


def bench_ssh(db: Database, rounds: int, workdir: Path) -> list[Row]:
    key = workdir / "tech_ed25519"
    public = generate_key(key, "bench@helpdesk")
    catalogue = load_catalogue(TEST_CATALOGUE)
    tech = users.create_user(db.uow(), SYSTEM, username="benchtech", full_name="Bench Tech",
                             role=Role.L2_TECHNICIAN, team_ids=[users.team_by_name(db.uow(), "Desktop Support")])
    actor = users.actor_for(db.uow(), tech.username)
    requester = users.actor_for(db.uow(), "bench0")
    with run_gate_sshd(workdir / "sshd", [(public, 2)]) as server:
        token = machines.issue_enrolment_token(db.uow(), SYSTEM)
        mid, _t = machines.enrol(db.uow(), token, "bench-ssh", "Linux 6.1", server.host_public_key)
        machines.set_ssh_target(db.uow(), SYSTEM, mid, server.host, server.port, server.user, None)
        ticket = tickets.create(db.uow(), requester, subject="Slow network", machine_id=mid)
        first: list[float] = []
        nxt: list[float] = []
        raw_next: list[float] = []
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
    return [Row("diag: first command (connect+auth+gate+record)", first, None),
            Row("diag: next command, open connection (+record)", nxt, None),
            Row("ssh: next command, open connection (exec only)", raw_next, None)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--tickets", type=int, default=400)
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--ssh-rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpdesk-bench-") as tmp:
        url = os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        db = open_database(Settings(database_url=url, language="en", auto_assign=True), migrate=True)
        seed.ensure_defaults(db.uow())
        base, stop = serve(db)
        try:
            rows = bench_http(db, base, args.clients, args.tickets, args.reports)
        finally:
            stop()
        if sshd_available() and args.ssh_rounds > 0:
            rows += bench_ssh(db, args.ssh_rounds, Path(tmp))
        elif args.ssh_rounds > 0:
            print("(sshd not installed: remote diagnostic rows skipped)")
        db.close()
    print(f"database: {db.engine.dialect.name}; loopback; {os.cpu_count()} CPUs")
    print(f"{'operation':<48} {'n':>5} {'throughput':>11} {'median ms':>9} {'p95 ms':>9} {'errors':>6}")
    for row in rows:
        print(row.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
