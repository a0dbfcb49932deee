"""Every queue view, sorted by every column both ways: one page each, through `queue.page`.

    python -m bench.sort_sweep --db bench/out/helpdesk-1m.sqlite3 [--limit 200] [--reps 2]
    python -m bench.sort_sweep --url postgresql+psycopg://…/helpdesk1m

The views' medians (bench/run.py) can hide one slow sort; this prints the slowest pages (best of
`--reps`, as the agent meets them once the data is in memory) and the median of all, against the
1M target for a queue page. Data: bench/run.py's generated databases (bench/out/)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import actors
from bench.where import add_database_options, database_url
from shared.config import Settings
from shared.db.database import open_database
from shared.services import queue
from shared.services.queue import QueueQuery, View

VIEWS = (View.MINE, View.UNASSIGNED, View.TEAM, View.SLA, View.ALL)
TARGET_MS = 30.0  # a queue page at 1M tickets (the target)


def sweep(url: str, limit: int, reps: int) -> list[tuple[float, str, str, str]]:
    """(best ms, view, sort, direction) of every page, slowest first, as the busiest agent sees it."""
    db = open_database(Settings(database_url=url))
    agent = actors(db)["agent"]
    out = []
    for view in VIEWS:
        for sort in queue.SORTABLE:
            for descending in (False, True):
                q = QueueQuery(view=view, sort=sort, descending=descending)
                times = []
                for _ in range(reps):
                    t0 = time.perf_counter()
                    queue.page(db.uow(), agent, q, limit=limit)
                    times.append((time.perf_counter() - t0) * 1000)
                out.append((min(times), view.value, sort, "descending" if descending else "ascending"))
    db.close()
    return sorted(out, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser, sqlite_help="a SQLite database made by bench/run.py")
    parser.add_argument("--limit", type=int, default=200, help="rows a page (the console reads 200)")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--show", type=int, default=10, help="how many of the slowest to print")
    args = parser.parse_args(argv)
    url = database_url(args)
    pages = sweep(url, args.limit, args.reps)
    for ms, view, sort, direction in pages[:args.show]:
        print(f"{ms:8.1f} ms  {view} by {sort}, {direction}")
    slowest = pages[0][0]
    print(f"{len(pages)} pages of {args.limit}: median {statistics.median(p[0] for p in pages):.1f} ms, "
          f"slowest {slowest:.1f} ms (target ≤ {TARGET_MS:g} ms: {'met' if slowest <= TARGET_MS else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
