"""Where the CPU of creating one ticket per transaction goes (issue #18): `tickets.create` over
the work `bench.run` creates with, on a database `bench.run` built.

    python -m bench.create_profile --size 100k [--n 300] [--top 40] [--sort tottime]
    python -m bench.create_profile --size 100k --plain        # no profiler: CPU ms per ticket only
    python -m tools.pg run python -m bench.create_profile --db postgres --size 100k
    valgrind --tool=callgrind .venv/bin/python -m bench.create_profile --size 100k --callgrind --n 200

Prints process CPU ms and SQL statements per ticket, then (unless --plain) cProfile's function
calls per ticket, a figure that does not move with the machine's load, and its top functions.
With `--callgrind` (under valgrind's callgrind, no profiler) it prints the instructions per
ticket of the measured loop alone, repeatable whatever the load: the counters are zeroed before
it and dumped after it (`callgrind_control`), so start-up, the warm-up and the clean-up are left out.
The tickets made are deleted afterwards, as bench.run does.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import subprocess
import time
from pathlib import Path
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
    p.add_argument("--callgrind", action="store_true",
                   help="under valgrind --tool=callgrind: instructions per ticket of the measured loop")
    args = p.parse_args(argv)
    if args.callgrind:
        args.plain = True
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
        if args.callgrind:
            _callgrind("--zero")
        cpu = time.process_time()
        if not args.plain:
            profile.enable()
        for actor, subject, description in work:
            tickets.create(db.uow(), actor, subject=subject, description=description)
        profile.disable()
        cpu = time.process_time() - cpu
        if args.callgrind:
            _callgrind(f"--dump={DUMP}")
        event.remove(db.engine, "before_cursor_execute", count)
    finally:
        bench._remove_created(db.engine, *marks)
    n = len(work)
    print(f"CPU {cpu * 1000 / n:.3f} ms per ticket ({'plain' if args.plain else 'under cProfile'}), "
          f"{statements[0] / n:.2f} statements per ticket, over {n} tickets.create")
    if args.callgrind:
        found = measured_instructions(Path.cwd(), os.getpid())
        print(f"instructions per ticket: {found / n:,.0f}" if found is not None
              else "no callgrind dump found here: run under valgrind --tool=callgrind from this directory")
    if not args.plain:
        stats = pstats.Stats(profile)
        print(f"function calls per ticket: {stats.total_calls / n:.0f}")  # type: ignore[attr-defined]
        stats.sort_stats(args.sort).print_stats(args.top)
    db.close()
    return 0


DUMP = "create_profile measured"  # the dump's trigger: what the file of the measured loop says


def _callgrind(command: str) -> None:
    """Ask callgrind (running this process) to zero or dump its counters; it answers at once."""
    subprocess.run(["callgrind_control", command, str(os.getpid())], check=False, capture_output=True)


def measured_instructions(folder: Path, pid: int, trigger: str = DUMP) -> int | None:
    """The instructions of the measured loop: the `summary` of this process's dump whose trigger
    is `trigger` (callgrind writes callgrind.out.<pid>.<n> beside the final callgrind.out.<pid>)."""
    for path in sorted(folder.glob(f"callgrind.out.{pid}*")):
        text = path.read_text(errors="replace")
        if f"Trigger: dump {trigger}" in text:
            return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("summary:")), None)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
