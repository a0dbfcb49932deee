"""What a ticket's writes cost: creation, assignment and status changes, CPU and statements a call.

    python -m bench.write_cost --db /tmp/copy-of-helpdesk-1m.sqlite3 [--n 200]
    python -m bench.write_cost --url postgresql+psycopg://…/helpdesk1m
    valgrind --tool=callgrind .venv/bin/python -m bench.write_cost --db … --n 50 --callgrind

Each ticket is created (bench.run's creation work), assigned to a first-line agent, moved to
pending user (its SLA clock stops), back to in progress, and resolved: each step changes the
queue views it is in, which migration 0026's terms follow in its search document. The created
tickets are deleted afterwards. It WRITES to the database: give it a copy, never bench/out's
files. On PostgreSQL the CPU is the client's only; the wall time is the figure there. With
--callgrind (under valgrind) it also prints each step's instructions a call."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import run as bench
from bench.cpu import tree_cpu_seconds
from bench.create_profile import _callgrind, measured_instructions
from bench.where import add_database_options, database_url
from shared.config import Settings
from shared.db.database import open_database
from shared.models.enums import Status
from shared.services import tickets, workflow

WARM_UP = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser, sqlite_help="a COPY of a SQLite database made by bench/run.py")
    parser.add_argument("--n", type=int, default=200, help="tickets, each taken through every step")
    parser.add_argument("--callgrind", action="store_true", help="under valgrind: instructions a call")
    parser.add_argument("--server-pid", type=int,
                        help="the PostgreSQL postmaster's PID (same machine): also print its processes' CPU a call")
    args = parser.parse_args(argv)
    url = database_url(args)
    db = open_database(Settings(database_url=url, language="en"))
    who = bench.actors(db)
    boss, agent = who["supervisor"], who["l1"]
    rng = random.Random(5)
    work = bench.creation_work(rng, bench.creators(db), WARM_UP + args.n)
    marks = bench.id_marks(db)
    statements = [0]

    def counted(*_args: Any) -> None:
        statements[0] += 1

    made: list[int] = []
    steps: list[tuple[str, Callable[[int], Any]]] = [
        ("assign", lambda i: workflow.assign(db.uow(), boss, i, agent.id)),
        ("pending user", lambda i: workflow.change_status(db.uow(), agent, i, Status.PENDING_USER)),
        ("in progress", lambda i: workflow.change_status(db.uow(), agent, i, Status.IN_PROGRESS)),
        ("resolve", lambda i: workflow.resolve(db.uow(), agent, i, "Done.")),
    ]
    try:
        for actor, subject, description in work[:WARM_UP]:
            made.append(tickets.create(db.uow(), actor, subject=subject, description=description).id)
        for _name, step in steps:
            for i in made:
                step(i)
        event.listen(db.engine, "before_cursor_execute", counted)
        fresh: list[int] = []

        def create_all() -> None:
            for actor, subject, description in work[WARM_UP:]:
                fresh.append(tickets.create(db.uow(), actor, subject=subject, description=description).id)

        phases: list[tuple[str, Callable[[], Any]]] = [("create", create_all)]
        phases += [(name, lambda step=step: [step(i) for i in fresh]) for name, step in steps]
        print(f"{'step':<13} {'CPU ms':>7} {'server CPU':>10} {'wall ms':>8} {'statements':>10} {'instructions':>13}  "
              f"(a call, n={args.n})")
        for name, phase in phases:
            statements[0] = 0
            if args.callgrind:
                _callgrind("--zero")
            server = tree_cpu_seconds(args.server_pid)
            cpu, wall = time.process_time(), time.perf_counter()
            phase()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            server = tree_cpu_seconds(args.server_pid) - server
            found = None
            if args.callgrind:
                _callgrind(f"--dump=write_cost {name}")
                found = measured_instructions(Path.cwd(), os.getpid(), f"write_cost {name}")
            n = args.n
            shown = f"{found / n:13,.0f}" if found is not None else f"{'-':>13}"
            print(f"{name:<13} {cpu * 1000 / n:7.3f} {server * 1000 / n:10.3f} {wall * 1000 / n:8.3f} "
                  f"{statements[0] / n:10.2f} {shown}")
        event.remove(db.engine, "before_cursor_execute", counted)
    finally:
        bench._remove_created(db.engine, *marks)
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
