"""Bytes per machine-year of metric history, and what each report costs to record.

    python -m bench.history_bench [--machines 8] [--volumes 1]           # SQLite (a temp file)
    python -m tools.pg run python -m bench.history_bench [--machines 8]  # PostgreSQL

Each machine is fed a year in the steady state the tiers converge to: one report a day for days
365…31 ago, one an hour for days 30…2 ago, one every 15 minutes (the probe's default) for the
last 48 hours, all through `history.record` with the clock at each report's time. The tables then
hold exactly what a year of 15-minute reports leaves behind (35,040 reports; each tier keeps its
window), so the size is the steady-state size. The per-report cost is timed over the last 48 hours,
when every tier is full. The machine is shared with other work: medians and p95 are given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from shared.config import Settings
from shared.db.database import open_database
from shared.models import Machine
from shared.services import history

GB = 1024**3
TABLES = ("machine_samples", "machine_volumes", "machine_health")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def schedule() -> list[datetime]:
    start = NOW - timedelta(days=365)
    days = [start + timedelta(days=d) for d in range(335)]
    hours = [NOW - timedelta(days=30) + timedelta(hours=h) for h in range(28 * 24)]
    quarters = [NOW - timedelta(hours=48) + timedelta(minutes=15 * q) for q in range(1, 48 * 4 + 1)]
    return days + hours + quarters


def table_bytes(db_url: str, conn: object) -> int:
    c = conn  # a Connection
    if db_url.startswith("sqlite"):
        rows = c.execute(text("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")).all()  # type: ignore[attr-defined]
        return sum(int(size) for name, size in rows if any(name == t or name.startswith(f"sqlite_autoindex_{t}")
                                                           or name.startswith(f"ix_{t}") for t in TABLES))
    return sum(int(c.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar_one())  # type: ignore[attr-defined]
               for t in TABLES)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--machines", type=int, default=8)
    parser.add_argument("--volumes", type=int, default=1)
    args = parser.parse_args()
    url = os.environ.get("HELPDESK_DATABASE_URL")
    tmp = tempfile.TemporaryDirectory(prefix="history_bench")
    url = url or f"sqlite:///{tmp.name}/h.sqlite3"
    clock_now = [NOW]
    db = open_database(Settings(database_url=url), migrate=True)
    db.clock = lambda: clock_now[0]
    with db.uow() as uow:
        machines = [Machine(hostname=f"bench-{i}", created_at=NOW) for i in range(args.machines)]
        uow.session.add_all(machines)
        uow.session.flush()
        ids = [m.id for m in machines]
        uow.commit()
    when = schedule()
    steady: list[float] = []
    for mid in ids:
        for k, at in enumerate(when):
            clock_now[0] = at
            free = int((200 - k * 0.05) * GB)
            sample = history.Sample(at=at, cpu=12.5 + k % 40, mem=55.0 + k % 20, uptime_s=3600 * (k % 100),
                                    battery_health=88.0, user="budi",
                                    disks=tuple((f"/v{v}", 500 * GB, free) for v in range(args.volumes)))
            t0 = time.perf_counter()
            with db.uow() as uow:
                history.record(uow, mid, sample)
                uow.commit()
            if at > NOW - timedelta(hours=48):
                steady.append((time.perf_counter() - t0) * 1000)
    with db.engine.connect() as conn:
        if url.startswith("sqlite"):
            conn.exec_driver_sql("VACUUM")
        else:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        total = table_bytes(url, conn)
        if not url.startswith("sqlite"):
            for t in TABLES[:1]:
                heap = conn.execute(text(f"SELECT pg_relation_size('{t}')")).scalar_one()
                index = conn.execute(text(f"SELECT pg_indexes_size('{t}')")).scalar_one()
                print(f"{t}: heap {heap / args.machines / 1024:.1f} KB, indexes {index / args.machines / 1024:.1f} KB"
                      " per machine")
        rows = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES[:1]}
    backend = "postgresql" if not url.startswith("sqlite") else "sqlite"
    steady.sort()
    print(f"backend={backend} machines={args.machines} volumes={args.volumes} reports_fed={len(when)} per machine")
    print(f"rows per machine: samples={rows['machine_samples'] / args.machines:.0f}")
    print(f"bytes per machine-year: {total / args.machines / 1024:.1f} KB (tables and indexes, after VACUUM)")
    print(f"record per report: median {statistics.median(steady):.2f} ms, "
          f"p95 {steady[int(len(steady) * 0.95)]:.2f} ms (n={len(steady)}, shared machine)")
    db.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
