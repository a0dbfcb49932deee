"""The queue's text filter (the filter box over a view): every view × a set of words, a page and the count.

    python -m bench.filter_sweep --db bench/out/helpdesk-1m.sqlite3 [--limit 200] [--reps 2]
    python -m bench.filter_sweep --url postgresql+psycopg://…/helpdesk1m

Each view is read as the console reads it when a word is typed in its filter box: the first page
(sorted by the view's default, updated, newest first) and the exact count the window shows. The
staff views are the busiest agent's (bench/run.py's actors), the requester's own view a heavy
requester's. Prints the best of `--reps` for each, slowest first, against the 1M target for a
queue page. Data: bench/run.py's generated databases (bench/out/)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cpu import tree_cpu_seconds
from bench.run import actors
from bench.where import add_database_options, database_url
from shared.config import Settings
from shared.db.database import open_database
from shared.services import queue
from shared.services.queue import QueueQuery, View

VIEWS = (View.MINE, View.UNASSIGNED, View.TEAM, View.SLA, View.ALL, View.OWN)
# Common words (tens of thousands of tickets at 1M), rarer ones, Indonesian ones and two-word filters.
WORDS = ("printer", "email", "laptop", "password", "vpn", "toner", "flicker", "0x80070005", "surabaya",
         "tidak", "akun terkunci", "kertas macet", "printer offline", "excel freezes", "zzzq")
TARGET_MS = 30.0  # a queue page at 1M tickets (the target), and here its count too


def _best(call: Callable[[], Any], reps: int) -> tuple[float, float, Any]:
    """The best wall ms of `reps` calls, the best CPU ms of this process (all of SQLite's work, on
    PostgreSQL the client's only), and the answer."""
    times, cpu, out = [], [], None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        out = call()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return min(times), min(cpu), out


Row = tuple[float, float, float, float, int, str, str]


def sweep(url: str, limit: int, reps: int, words: tuple[str, ...] = WORDS,
          views: tuple[View, ...] = VIEWS) -> list[Row]:
    """(page ms, count ms, page CPU ms, count CPU ms, count, view, words) of every view × words,
    slowest first."""
    db = open_database(Settings(database_url=url))
    who = actors(db)
    out = []
    for view in views:
        actor = who["requester"] if view == View.OWN else who["agent"]
        for text in words:
            q = QueueQuery(view=view, text=text)
            page_ms, page_cpu, _rows = _best(lambda q=q, a=actor: queue.page(db.uow(), a, q, limit=limit), reps)
            count_ms, count_cpu, n = _best(lambda q=q, a=actor: queue.count(db.uow(), a, q), reps)
            out.append((page_ms, count_ms, page_cpu, count_cpu, int(n), view.value, text))
    db.close()
    return sorted(out, key=lambda r: max(r[0], r[1]), reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser, sqlite_help="a SQLite database made by bench/run.py")
    parser.add_argument("--limit", type=int, default=200, help="rows a page (the console reads 200)")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="how many of the slowest to print (0: all)")
    parser.add_argument("--views", nargs="+", choices=[v.value for v in VIEWS], help="only these views")
    parser.add_argument("--server-pid", type=int, help="the PostgreSQL postmaster's PID (same machine): "
                        "also print its processes' CPU over the whole sweep")
    args = parser.parse_args(argv)
    url = database_url(args)
    server = tree_cpu_seconds(args.server_pid)
    rows = sweep(url, args.limit, args.reps, views=tuple(View(v) for v in args.views) if args.views else VIEWS)
    server = tree_cpu_seconds(args.server_pid) - server
    print(f"{'page ms':>8} {'count ms':>9} {'page CPU':>9} {'count CPU':>10} {'count':>7}  view / words")
    for page_ms, count_ms, page_cpu, count_cpu, n, view, text in rows[:args.show or None]:
        print(f"{page_ms:8.1f} {count_ms:9.1f} {page_cpu:9.1f} {count_cpu:10.1f} {n:7d}  {view} / {text}")
    pages, counts = [r[0] for r in rows], [r[1] for r in rows]
    slowest = max(*pages, *counts)
    print(f"{len(rows)} filters, pages of {args.limit}: page median {statistics.median(pages):.1f} ms, slowest "
          f"{max(pages):.1f}; count median {statistics.median(counts):.1f} ms, slowest {max(counts):.1f} "
          f"(target ≤ {TARGET_MS:g} ms: {'met' if slowest <= TARGET_MS else 'NOT met'}); CPU of this process: "
          f"page median {statistics.median(r[2] for r in rows):.1f}, slowest {max(r[2] for r in rows):.1f}; "
          f"count median {statistics.median(r[3] for r in rows):.1f}, slowest {max(r[3] for r in rows):.1f}"
          + (f"; the server's CPU over the sweep {server:.2f} s" if args.server_pid else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
