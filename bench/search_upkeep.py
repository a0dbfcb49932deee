"""The search index as a desk writes to it: search and the queue's text filter on a freshly merged
index, after a stream of writes, and after the scheduler's upkeep (services/search_upkeep).

    python -m bench.search_upkeep --db /tmp/copy-of-helpdesk-100k.sqlite3 [--writes 1000] [--reps 3]
    python -m tools.pg run python -m bench.search_upkeep --url postgresql+psycopg://…/helpdesk100k

It WRITES to the database: give it a copy, never bench/out's files. Phases:

1. fresh: the index merged into one segment ('optimize', timed: SQLite's write lock is held that long);
2. the stream: `--writes` tickets created (bench.run's creation work), and for each two edits of
   random open tickets, a staff reply or a status change (each rewrites the ticket's search
   document: migration 0026's queue terms); the index's segments as it goes; with `--rewrites N`
   (SQLite) then N random documents rewritten through SQL, one transaction each: weeks of writes;
3. upkeep: `search_upkeep.tidy` as the scheduler runs it, each step's wall time;
4. what a writer waits: ticket creation in a second thread while (a) the upkeep's steps and (b) one
   'optimize' merge an index the same stream left behind: the slowest creation, and those refused.

Search (queue.search, bench.run's 16 queries, staff and a heavy requester) and the text filter
(bench.filter_sweep: the six views × six words, a page of 200 and the count) are measured after
1, 2 and 3: p50 and p95 of wall and of this process's CPU (SQLite's work is all in this process;
on PostgreSQL the CPU is the client's only). PostgreSQL: instead of merging, the GIN pending list
(fastupdate) is measured after the stream and flushed with gin_clean_pending_list."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import data
from bench import run as bench
from bench.cpu import tree_cpu_seconds
from bench.filter_sweep import sweep
from bench.where import add_database_options, database_url
from shared.config import Settings
from shared.db.database import Database, open_database
from shared.errors import HelpdeskError
from shared.models import Ticket
from shared.models.enums import Status
from shared.services import queue, search_upkeep, tickets, workflow

FILTER_WORDS = ("printer", "password", "toner", "akun terkunci", "flicker", "zzzq")
GIN = "ix_ticket_search_doc_span"  # migration 0026's GIN index of the documents, spans and queue terms


def _pct(values: list[float]) -> str:
    s = sorted(values)
    return f"{statistics.median(s):7.2f} {s[round(0.95 * (len(s) - 1))]:7.2f}"


def measure(db: Database, url: str, who: dict[str, Any], reps: int, label: str, server: int | None = None) -> None:
    """`server`: PostgreSQL's postmaster, whose processes' CPU over the phase is printed too (steadier
    than wall time on a shared machine)."""
    server_cpu = tree_cpu_seconds(server)
    rows: list[tuple[str, list[float], list[float]]] = []
    for name, actor in (("search (staff)", who["l1"]), ("search (requester)", who["requester"])):
        wall: list[float] = []
        cpu: list[float] = []
        for words in bench.QUERIES:
            queue.search(db.uow(), actor, words)
            walls, cpus = [], []
            for _ in range(reps):
                t, c = time.perf_counter(), time.process_time()
                queue.search(db.uow(), actor, words)
                walls.append((time.perf_counter() - t) * 1000)
                cpus.append((time.process_time() - c) * 1000)
            wall.append(min(walls))  # the best of reps, as bench.filter_sweep: steadier on a shared machine
            cpu.append(min(cpus))
        rows.append((name, wall, cpu))
    swept = sweep(url, 200, reps, words=FILTER_WORDS)  # best of reps for each view × words
    rows.append(("filter page", [r[0] for r in swept], [r[2] for r in swept]))
    rows.append(("filter count", [r[1] for r in swept], [r[3] for r in swept]))
    for name, wall, cpu in rows:
        print(f"  {label:<14} {name:<20} wall p50/p95 {_pct(wall)}  CPU p50/p95 {_pct(cpu)}  ms", flush=True)
    if server is not None:
        print(f"  {label:<14} the server's CPU over these {len(rows)} measures: "
              f"{tree_cpu_seconds(server) - server_cpu:.2f} s", flush=True)


def _segments(db: Database) -> str:
    if db.engine.dialect.name != "sqlite":
        return "-"
    return "+".join(str(search_upkeep.segments(db, t)) for t in search_upkeep.FTS5_TABLES)


def _gin_pending(db: Database) -> str:
    """The GIN index's pending list (pgstattuple's pgstatginindex), when the extension can be made."""
    with db.engine.begin() as conn:
        try:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
            pages, tuples = conn.execute(text(
                f"SELECT pending_pages, pending_tuples FROM pgstatginindex('{GIN}')")).one()
        except Exception as exc:  # no contrib package, no right to create it: say so
            return f"unknown ({type(exc).__name__})"
    return f"{pages} pages, {tuples} entries"


def stream(db: Database, who: dict[str, Any], n: int, seed: int) -> None:
    """n creations and 2n edits of open tickets, through the services."""
    rng = random.Random(seed)
    work = bench.creation_work(rng, bench.creators(db), n)
    with db.uow() as uow:
        open_ids = list(uow.session.scalars(select(Ticket.id).where(text(queue.ACTIVE_SQL))
                                            .order_by(Ticket.id.desc()).limit(20_000)))
    boss = who["supervisor"]
    refused = 0
    started = time.perf_counter()
    for k, (actor, subject, description) in enumerate(work, 1):
        tickets.create(db.uow(), actor, subject=subject, description=description)
        for _ in range(2):
            ticket_id = rng.choice(open_ids)
            try:
                if rng.random() < 0.5:
                    tickets.reply(db.uow(), boss, ticket_id, "Please restart the laptop and try the "
                                  + rng.choice(["printer", "vpn", "toner", "outlook sync", "kertas macet"]) + " again.")
                else:
                    workflow.change_status(db.uow(), boss, ticket_id,
                                           rng.choice([Status.PENDING_USER, Status.IN_PROGRESS, Status.OPEN]))
            except (HelpdeskError, ValueError):  # a move the lifecycle refuses; see the README for ValueError
                refused += 1
        if k % max(1, n // 4) == 0:
            print(f"  {k} created, {2 * k} edits: segments {_segments(db)}", flush=True)
    print(f"stream: {n} tickets created and {2 * n} edits ({refused} refused) in "
          f"{time.perf_counter() - started:.1f} s; segments {_segments(db)}", flush=True)


def rewrites(db: Database, n: int, seed: int) -> None:
    """n documents rewritten, each in its own transaction, straight through SQL as the triggers
    rewrite them (a reply appends to `replies`): weeks of a desk's writes in a minute (SQLite)."""
    rng = random.Random(seed)
    raw = db.engine.raw_connection()
    started = time.perf_counter()
    try:
        cur = raw.cursor()
        top = cur.execute("SELECT max(rowid) FROM ticket_search").fetchone()[0]
        for k in range(1, n + 1):
            cur.execute("UPDATE ticket_search SET replies = replies || ' checked' WHERE rowid = ?",
                        (rng.randint(1, top),))
            raw.commit()
            if k % max(1, n // 4) == 0:
                print(f"  {k} documents rewritten: segments {_segments(db)}", flush=True)
    finally:
        raw.close()
    print(f"rewrites: {n} documents in {time.perf_counter() - started:.1f} s; segments {_segments(db)}, "
          f"index {_pages(db)} rows", flush=True)


def _pages(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(text("SELECT count(*) FROM ticket_search_data")) or 0)


def upkeep(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        print(f"GIN pending list after the stream: {_gin_pending(db)}", flush=True)
        started = time.perf_counter()
        with db.engine.begin() as conn:
            pages = conn.scalar(text(f"SELECT gin_clean_pending_list('{GIN}'::regclass)"))
        print(f"gin_clean_pending_list: {pages} pages in {(time.perf_counter() - started) * 1000:.0f} ms; "
              f"now {_gin_pending(db)}", flush=True)
        return
    walls: list[float] = []

    def timed_sleep(_seconds: float) -> None:  # the pause is the writers', not the step's
        walls.append((time.perf_counter() - mark[0]) * 1000)
        mark[0] = time.perf_counter()

    mark = [time.perf_counter()]
    result = search_upkeep.tidy(db, sleep=timed_sleep)
    walls.append((time.perf_counter() - mark[0]) * 1000)
    print(f"upkeep: segments {result.segments_before} -> {result.segments_after} in {result.steps} steps "
          f"of ≤ {search_upkeep.STEP_PAGES} pages; a step's wall p50 {statistics.median(walls):.0f} ms, "
          f"max {max(walls):.0f} ms, all {sum(walls):.0f} ms; index {_pages(db)} rows", flush=True)


def writer_waits(db: Database, who: dict[str, Any], merge: Callable[[], Any], label: str) -> None:
    """Create tickets in this thread while `merge` runs in another: the slowest creation."""
    rng = random.Random(11)
    work = bench.creation_work(rng, bench.creators(db), 100_000)
    done = threading.Event()
    took: list[float] = [0.0]

    def run() -> None:
        t = time.perf_counter()
        try:
            merge()
        finally:
            took[0] = (time.perf_counter() - t) * 1000
            done.set()

    waits: list[float] = []
    refused = 0
    thread = threading.Thread(target=run)
    thread.start()
    for actor, subject, description in work:
        if done.is_set():
            break
        t = time.perf_counter()
        try:
            tickets.create(db.uow(), actor, subject=subject, description=description)
        except HelpdeskError:
            refused += 1
        waits.append((time.perf_counter() - t) * 1000)
    thread.join()
    print(f"writer during {label} ({took[0]:.0f} ms): {len(waits)} creations, p50 "
          f"{statistics.median(waits) if waits else 0:.1f} ms, slowest {max(waits, default=0):.0f} ms, "
          f"{refused} refused (database busy)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser, sqlite_help="a COPY of a SQLite database made by bench/run.py")
    parser.add_argument("--writes", type=int, default=1000, help="tickets created; twice as many edits")
    parser.add_argument("--rewrites", type=int, default=0,
                        help="SQLite: also rewrite this many documents through SQL after the stream (weeks of writes)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--no-writers", action="store_true", help="skip phase 4")
    args = parser.parse_args(argv)
    url = database_url(args)
    db = open_database(Settings(database_url=url, language="en"))
    db.clock = lambda: data.NOW  # the data's present: its SLA clocks and calendars end there
    who = bench.actors(db)
    sqlite = db.engine.dialect.name == "sqlite"
    server = None
    if not sqlite:  # the postmaster: this connection's backend's parent (a server on this machine)
        with db.engine.connect() as conn:
            server = psutil.Process(int(conn.scalar(text("SELECT pg_backend_pid()")) or 0)).ppid()
    print(f"segments (ticket_search+machine_search) {_segments(db)}", flush=True)
    if sqlite:
        started = time.perf_counter()
        search_upkeep.compact(db)
        print(f"optimize: {(time.perf_counter() - started) * 1000:.0f} ms; segments {_segments(db)}, "
              f"index {_pages(db)} rows", flush=True)
    measure(db, url, who, 1, "(warm-up)")  # the first pass fills the caches: not a figure
    measure(db, url, who, args.reps, "fresh", server)
    stream(db, who, args.writes, seed=5)
    if sqlite and args.rewrites:
        rewrites(db, args.rewrites, seed=5)
    measure(db, url, who, args.reps, "after writes", server)
    upkeep(db)
    measure(db, url, who, args.reps, "after upkeep", server)
    if sqlite and not args.no_writers:
        stream(db, who, args.writes, seed=6)
        writer_waits(db, who, lambda: search_upkeep.tidy(db), "the upkeep's steps")
        stream(db, who, args.writes, seed=7)
        writer_waits(db, who, lambda: search_upkeep.compact(db), "one 'optimize'")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
