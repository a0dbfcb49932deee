"""Where the CPU of creating one ticket per transaction goes (issue #18): `tickets.create` over
the work `bench.run` creates with, on a database `bench.run` built.

    python -m bench.create_profile --size 100k [--n 300] [--top 40] [--sort tottime]
    python -m bench.create_profile --size 100k --plain        # no profiler: CPU ms per ticket only
    python -m tools.pg run python -m bench.create_profile --db postgres --size 100k

Prints process CPU ms and SQL statements per ticket, then (unless --plain) cProfile's function
calls per ticket, a figure that does not move with the machine's load, and its top functions.
The tickets made are deleted afterwards, as bench.run does.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from typing import Any

from sqlalchemy import event

from bench import run as bench
from shared.services import tickets

WARM_UP = 30  # caches filled, statements compiled: the steady state is what is measured


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench.data_arguments(p, size="100k")
    p.add_argument("--n", type=int, default=300, help="tickets created while measured")
    p.add_argument("--top", type=int, default=40, help="functions listed")
    p.add_argument("--sort", default="tottime", help="a pstats sort key (tottime, cumtime, calls)")
    p.add_argument("--plain", action="store_true", help="no profiler: CPU per ticket only")
    args = p.parse_args(argv)
    db = bench.open_db(args)
    who = bench.actors(db)
    rng = random.Random(5)
    bench._ensure_articles(db, who["supervisor"], rng)
    work = bench.creation_work(rng, bench.creators(db), args.n)  # what bench.run's creation figure makes
    marks = bench.id_marks(db)
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    profile = cProfile.Profile()
    try:
        for actor, subject, description in work[:WARM_UP]:
            tickets.create(db.uow(), actor, subject=subject, description=description)
        event.listen(db.engine, "before_cursor_execute", count)
        cpu = time.process_time()
        if not args.plain:
            profile.enable()
        for actor, subject, description in work:
            tickets.create(db.uow(), actor, subject=subject, description=description)
        profile.disable()
        cpu = time.process_time() - cpu
        event.remove(db.engine, "before_cursor_execute", count)
    finally:
        bench._remove_created(db.engine, *marks)
    n = len(work)
    print(f"CPU {cpu * 1000 / n:.3f} ms per ticket ({'plain' if args.plain else 'under cProfile'}), "
          f"{statements[0] / n:.2f} statements per ticket, over {n} tickets.create")
    if not args.plain:
        stats = pstats.Stats(profile)
        print(f"function calls per ticket: {stats.total_calls / n:.0f}")  # type: ignore[attr-defined]
        stats.sort_stats(args.sort).print_stats(args.top)
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
