"""The dashboard and the breakdown over 7 days, 90 days, a year and all time, read from the report
aggregates (migration 0012). Targets: any range ≤ 200 ms at 1M tickets; 90 days ≤ 100 ms at 100k.

    python -m bench.dashboard_bench --size 100k|1m [--samples 15]
    python -m tools.pg run python -m bench.dashboard_bench --size 100k --db postgres

Data: bench/data.py's generator, built once into /tmp/aggregates/ (SQLite; AGGREGATES_BENCH_DIR=bench/out
reuses bench/run.py's sets) and reused; on PostgreSQL, loaded into HELPDESK_DATABASE_URL unless it
already holds the size, copied from that folder's SQLite set of the same size when there is one. Prints the median
and p95 of wall time per call through the service layer, after one warm-up call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, func, select, text

from bench import data
from shared.auth.permissions import SYSTEM
from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.models import Ticket
from shared.services import metrics
from shared.services.breakdown import breakdown
from shared.services.report_sql import rebuild

DATA_DIR = Path(os.environ.get("AGGREGATES_BENCH_DIR", "/tmp/aggregates"))
ZONE = ZoneInfo("Asia/Jakarta")


def scaled_1m() -> Database:
    """1M tickets on SQLite, built in minutes instead of an hour on a shared machine: the 100k data
    set copied ten times over its own three years (ids shifted, CSAT answers with their tickets),
    then the aggregates rebuilt set-based. Ten times the density on the same days and groups: what
    the aggregates and the backlog query see at 1M. The search triggers are dropped on this copy
    (the dashboard does not search)."""
    import shutil

    path = DATA_DIR / "helpdesk-1m-scaled.sqlite3"
    url = f"sqlite:///{path.as_posix()}"
    if not path.exists():
        open_db("100k", "sqlite").engine.dispose()
        shutil.copy(DATA_DIR / "helpdesk-100k.sqlite3", path)
        engine = make_engine(url)
        with engine.begin() as conn:
            for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                             "AND tbl_name = 'tickets'")).all():
                conn.execute(text(f'DROP TRIGGER "{name}"'))
            cols = [c.name for c in Ticket.__table__.columns if c.name != "id"]
            csat = ["rating", "comment", "submitted_at"]
            n = data.SIZES["100k"]
            for k in range(1, 10):
                print(f"  copy {k} of 9", flush=True)
                conn.execute(text(f"INSERT INTO tickets (id, {', '.join(cols)}) SELECT id + {k * n}, "
                                  f"{', '.join(cols)} FROM tickets WHERE id <= {n}"))
                conn.execute(text(f"INSERT INTO csat_responses (ticket_id, {', '.join(csat)}) SELECT "
                                  f"ticket_id + {k * n}, {', '.join(csat)} FROM csat_responses WHERE ticket_id <= {n}"))
            rebuild(conn)
            conn.execute(text("ANALYZE"))
        engine.dispose()
    engine = make_engine(url)
    return Database(Settings(database_url=url, language="en"), engine, make_session_factory(engine),
                    lambda: data.NOW)


def open_db(size: str, db: str) -> Database:
    if size == "1m-scaled":
        return scaled_1m()
    if db == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{(DATA_DIR / f'helpdesk-{size}.sqlite3').as_posix()}"
    else:
        url = os.environ["HELPDESK_DATABASE_URL"]
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            have = conn.execute(select(func.count()).select_from(Ticket)).scalar_one()
    except Exception:  # no schema yet
        have = -1
    if have == data.SIZES[size]:
        _check_aggregates(engine)
    else:
        if db == "postgres":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        source = DATA_DIR / f"helpdesk-{size}.sqlite3"
        if db == "postgres" and source.exists():
            # the SQLite set's tickets, copied: both databases time the same data, in minutes
            print(f"copying {source} into PostgreSQL …", flush=True)
            data.populate(engine, size, source=source)
        else:
            print(f"generating {size} into {url} …", flush=True)
            data.populate(engine, size)
    return Database(Settings(database_url=url, language="en"), engine, make_session_factory(engine),
                    lambda: data.NOW)


def _check_aggregates(engine: Engine) -> None:
    """A reused database must have its report aggregates: one whose tickets went in past the flush
    hook (a bulk load, a copy made before bench/data.py rebuilt them) has them empty, and the
    dashboard would time reads of nothing. Recomputed when the desk-wide count disagrees."""
    with engine.begin() as conn:
        counted = conn.scalar(text("SELECT coalesce(sum(created), 0) FROM report_days WHERE dim = 'all'"))
        tickets = conn.scalar(select(func.count()).select_from(Ticket))
        if counted != tickets:
            print(f"report aggregates count {counted:,} tickets of {tickets:,}: recomputing them …", flush=True)
            rebuild(conn)


def timed(fn: Callable[[], object], n: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call. On a shared machine the process waits for a core;
    its CPU time (SQLite runs in-process) is the work itself."""
    fn()
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _median_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=("smoke", "100k", "1m", "1m-scaled"), default="100k")
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--samples", type=int, default=15)
    p.add_argument("--breakdown-up-to", type=int, default=10_000, metavar="DAYS",
                   help="time the breakdown only for ranges of at most DAYS days (it still reads tickets)")
    args = p.parse_args()
    db = open_db(args.size, args.db)
    # Local midnights, as the dashboard asks: the range ends are not UTC days.
    end = datetime.combine(data.NOW.astimezone(ZONE).date() + timedelta(days=1), datetime.min.time(), ZONE)
    ranges = {"7 days": end - timedelta(days=7), "90 days": end - timedelta(days=90),
              "1 year": end - timedelta(days=365), "all time": end - data.SPAN - timedelta(days=60)}
    print(f"{'operation':<34} {'size':>5} {'db':>8} {'median ms':>10} {'p95 ms':>8} {'cpu med':>8} {'cpu p95':>8}"
          f" {'target':>7} met?")
    for label, start in ranges.items():
        goal = 100.0 if label == "90 days" and args.size == "100k" else 200.0
        rows = [("dashboard " + label, timed(partial(metrics.report, db.uow(), SYSTEM, start, end,
                                                     timezone="Asia/Jakarta"), args.samples))]
        if (end - start).days > args.breakdown_up_to:
            groups: tuple[str, ...] = ()
        else:
            groups = ("agent", "category")
        rows += [(f"breakdown by {g} {label}", timed(partial(breakdown, db.uow(), SYSTEM, start, end, g),
                                                     max(3, args.samples // 3))) for g in groups]
        for name, (wall, cpu) in rows:
            med, p95 = _median_p95(wall)
            cpu_med, cpu_p95 = _median_p95(cpu)
            print(f"{name:<34} {args.size:>5} {args.db:>8} {med:>10.1f} {p95:>8.1f} {cpu_med:>8.1f} {cpu_p95:>8.1f}"
                  f" {goal:>7.0f} {'yes' if p95 <= goal else 'NO'}", flush=True)
    db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
