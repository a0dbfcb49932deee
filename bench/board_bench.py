"""The health board's refresh at 10,000 machines: what one background refresh costs (the count and
the first page with its sparklines, as BoardModel.reload asks), with and without each filter and search.

    python -m bench.board_bench [--machines 10000] [--samples 30]
    python -m tools.pg run python -m bench.board_bench                 # PostgreSQL

Data: bench/fleet.py (set-based), the first 200 machines with 47 hours of hourly history, so the
first page's sparklines are real reads. The machine is shared with other work: medians and p95 of
wall time, and of this process's CPU time (the client's share, steadier under load; PostgreSQL's
server work is in the wall time only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import fleet
from shared.auth.permissions import SYSTEM
from shared.config import Settings
from shared.db.database import Database, open_database
from shared.services import board
from shared.services.board import BoardQuery

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
QUERIES = {"all": BoardQuery(), "offline > 24 h": BoardQuery(offline=True), "disk < 10 %": BoardQuery(low_disk=True),
           "with alerts": BoardQuery(alerts=True), "search": BoardQuery(search="pc-012"),
           "search user": BoardQuery(search="User99"), "search broad": BoardQuery(search="pc-0"),
           "search + disk": BoardQuery(search="pc-01", low_disk=True)}


def refresh(db: Database, query: BoardQuery) -> tuple[int, list[board.BoardRow]]:
    """What BoardModel.reload runs off the GUI thread."""
    return board.refresh(db.uow(), SYSTEM, query, 100)  # BoardModel.page_size


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--machines", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="board_bench")
    url = os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite:///{tmp.name}/b.sqlite3"
    db = open_database(Settings(database_url=url), migrate=True)
    db.clock = lambda: NOW
    t0 = time.perf_counter()
    fleet.build(db.uow(), args.machines, NOW, with_history=200)
    with db.engine.connect() as conn:  # statistics, as autovacuum (PostgreSQL) or `helpdesk db` would keep them
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    print(f"backend={'sqlite' if url.startswith('sqlite') else 'postgresql'} machines={args.machines} "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    for name, query in QUERIES.items():
        times, cpu = [], []
        for _ in range(args.samples):
            t0, c0 = time.perf_counter(), time.process_time()
            total, rows = refresh(db, query)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        print(f"refresh {name:15} count={total:6} first page={len(rows):3} rows: median {statistics.median(times):6.1f}"
              f" ms, p95 {p95(times):6.1f} ms; CPU median {statistics.median(cpu):5.1f} ms, p95 {p95(cpu):5.1f} ms")
    db.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
