"""What each part of the schema costs a new ticket's INSERT on SQLite, one ticket per transaction.

    python -m bench.insert_cost [--size 100k] [--n 1000] [--rounds 2]

The database's own limit for creation (`bench.creation_floor`) is mostly the ticket's INSERT and
its commit. This bench says which part of the schema pays for it: on a throwaway copy of bench.run's
data (`VACUUM INTO` a temporary folder; bench/out's file is only read), it inserts copies of open
tickets straight through sqlite3 (`INSERT … SELECT` of an existing row with a new id: every column,
every index entry and trigger of a real new ticket), each in its own transaction, with the
connection set up as the app's (WAL, synchronous=NORMAL, the app's checkpoint interval), and then
does the same on fresh copies without one group of the schema at a time:

- the queue-sort indexes (`ix_tq_*`: a partial index per view and sort key, what makes every
  queue page by every sort instant at 1M);
- the search document's trigger (`ticket_search_ai`: FTS5 and migration 0026's view terms);
- the reports' indexes (`ix_tickets_*_response|resolution|value`);
- all three.

Each configuration runs `--rounds` times, alternated; it prints inserts a second and the CPU of this
process per insert (user + system: the WAL's writes are system time), which a loaded machine does
not inflate. Nothing here is a proposal to drop them: it is what they cost.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import data
from bench.run import OUT
from shared.db.engine import WAL_AUTOCHECKPOINT_PAGES

OPEN = "('new', 'open', 'in_progress')"


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL",
                   f"wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _names(conn: sqlite3.Connection, like: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND name GLOB ?", (like,))]


def groups(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The schema's parts, each as the statements that remove it from a copy."""
    sort = _names(conn, "ix_tq_*")
    report = [n for pattern in ("ix_tickets_*_response", "ix_tickets_*_resolution", "ix_tickets_*_value")
              for n in _names(conn, pattern)]
    search = ["DROP TRIGGER ticket_search_ai"]
    return {
        "as is": [],
        f"without the {len(sort)} queue-sort indexes": [f"DROP INDEX {n}" for n in sort],
        "without the search document's trigger": search,
        f"without the {len(report)} report indexes": [f"DROP INDEX {n}" for n in report],
        "without all three": [f"DROP INDEX {n}" for n in sort + report] + search,
    }


def copy_statement(conn: sqlite3.Connection) -> str:
    """An INSERT of a copy of ticket `?2` as ticket `?1`: every column, so every index and trigger."""
    columns = ", ".join(r[1] for r in conn.execute("PRAGMA table_info(tickets)") if r[1] != "id")
    return f"INSERT INTO tickets (id, {columns}) SELECT ?, {columns} FROM tickets WHERE id = ?"


def run(source: Path, folder: Path, removed: list[str], n: int) -> tuple[float, float]:
    """Inserts a second and CPU ms an insert on a fresh copy of `source` without `removed`."""
    copy = folder / "copy.sqlite3"
    for leftover in folder.glob("copy.sqlite3*"):
        leftover.unlink()
    with sqlite3.connect(source) as src:
        src.execute("VACUUM INTO ?", (str(copy),))
    conn = _connect(copy)
    try:
        for statement in removed:
            conn.execute(statement)
        models = [r[0] for r in conn.execute(
            f"SELECT id FROM tickets WHERE status IN {OPEN} ORDER BY id DESC LIMIT 200")]
        top = conn.execute("SELECT max(id) FROM tickets").fetchone()[0]
        insert = copy_statement(conn)

        def one(i: int) -> None:
            conn.execute("BEGIN")
            conn.execute(insert, (top + 1 + i, models[i % len(models)]))
            conn.execute("COMMIT")

        for i in range(50):  # warm: the hot index pages read in
            one(i)
        top += 50
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(n):
            one(i)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        conn.close()
    return n / wall, cpu * 1000 / n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=list(data.SIZES), default="100k")
    p.add_argument("--n", type=int, default=1000, help="tickets inserted per run")
    p.add_argument("--rounds", type=int, default=2, help="runs of each configuration, alternated")
    p.add_argument("--tmp", type=Path, default=None, help="where the copies go (the 1M copy is ~3.4 GB)")
    args = p.parse_args(argv)
    source = OUT / f"helpdesk-{args.size}.sqlite3"
    if not source.exists():
        sys.exit(f"{source} is missing: python -m bench.run --size {args.size} builds it")
    with sqlite3.connect(source) as conn:
        parts = groups(conn)
    results: dict[str, list[tuple[float, float]]] = {label: [] for label in parts}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for _ in range(args.rounds):
            for label, removed in parts.items():
                results[label].append(run(source, Path(tmp), removed, args.n))
    print(f"SQLite {args.size}: a new ticket's INSERT alone, one per transaction, {args.n} a run, "
          f"{args.rounds} rounds alternated")
    print(f"{'':45s} {'inserts/s (median; runs)':>30s}  CPU ms an insert (median)")
    for label, runs in results.items():
        rates = ", ".join(f"{r:.0f}" for r, _ in runs)
        print(f"{label:45s} {statistics.median(r for r, _ in runs):>7.0f}  ({rates}){'':>8s}"
              f"{statistics.median(c for _, c in runs):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
