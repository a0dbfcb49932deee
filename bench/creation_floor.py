"""The database's own limit for ticket creation: what the service layer costs above it.

    python -m bench.creation_floor [--size 100k] [--db sqlite|postgres] [--creates 1000] [--rounds 3]

Creates one ticket through `tickets.create` and records every statement it sends, with its
parameters, as the driver received them. Then it replays that sequence straight through the
driver (sqlite3 or psycopg), one ticket per transaction, `--creates` times: the same INSERTs,
upserts, reads and triggers (search document, open-ticket counts), the ticket id each INSERT
returns carried into the rows that name it, and nothing of ours in between. That rate is the
schema's floor on this machine: no code above the database can create tickets faster one per
transaction. Then it runs `tickets.create` itself over as many tickets, alternating with the
replay `--rounds` times, and prints both with the CPU each spent, so the gap is the service
layer's own cost (Python: SQLAlchemy, building the rows, the suggestions).

Everything created is deleted after each run (bench/run.py's `_remove_created`); the aggregates
the runs counted are rebuilt the next time bench/run.py opens the data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from typing import Any

from sqlalchemy import event

from bench import run as bench_run
from shared.services import tickets

SUBJECT = "Printer on the third floor jams on every print job"
DESCRIPTION = "Since this morning the printer shows a paper jam for every job. VPN works, e-mail works."
Slot = tuple[int, Any]  # (row, position or key): where a ticket's id sits in a statement's parameters


class Recorded:
    """One creation's statements, replayable with another ticket's id."""

    def __init__(self, statements: list[tuple[str, Any, bool]], ticket_id: int, slots: list[list[Slot]]) -> None:
        self.statements = statements
        self.ticket_id = ticket_id
        self.slots = slots  # per statement: the parameters that hold the ticket's id
        # The ticket's own INSERT: its RETURNING gives the id the later rows must name.
        self.insert_at = next(i for i, (sql, _, _) in enumerate(statements) if sql.lstrip().upper().startswith(
            "INSERT INTO TICKETS"))

    def replay(self, cursor: Any) -> None:
        new_id = self.ticket_id
        for i, (sql, recorded, many) in enumerate(self.statements):
            params = _with_id(recorded, many, self.slots[i], new_id) if self.slots[i] else recorded
            if many:  # the aggregates' upserts and the notifications: one row each
                cursor.executemany(sql, params)
                continue
            cursor.execute(sql, params)
            if cursor.description is not None:
                rows = cursor.fetchall()
                if i == self.insert_at:
                    new_id = rows[0][0]


def _rows(params: Any, many: bool) -> list[Any]:
    return list(params) if many else [params]


def _items(row: Any) -> list[tuple[Any, Any]]:
    if isinstance(row, dict):
        return list(row.items())
    if isinstance(row, (tuple, list)):
        return list(enumerate(row))
    return []


def id_slots(first: Any, second: Any, many: bool, first_id: int, second_id: int) -> list[Slot]:
    """Where two creations' parameters hold their own ticket's id. The same statement recorded for
    two tickets tells a ticket id apart from a number that only happens to equal it (a version, a
    count)."""
    slots: list[Slot] = []
    for r, (a, b) in enumerate(zip(_rows(first, many), _rows(second, many), strict=True)):
        b_items = dict(_items(b))
        slots += [(r, key) for key, value in _items(a)
                  if type(value) is int and value == first_id and b_items.get(key) == second_id]
    return slots


def _with_id(params: Any, many: bool, slots: list[Slot], ticket_id: int) -> Any:
    rows = [dict(row) if isinstance(row, dict) else list(row) for row in _rows(params, many)]
    for r, key in slots:
        rows[r][key] = ticket_id
    fixed = [row if isinstance(row, dict) else tuple(row) for row in rows]
    return fixed if many else fixed[0]


def _record_one(db: Any, actor: Any) -> tuple[list[tuple[str, Any, bool]], int]:
    statements: list[tuple[str, Any, bool]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool) -> None:
        # SQLAlchemy's "insertmanyvalues" (a multi-row INSERT … RETURNING) says executemany but sends
        # one statement with flat parameters: only a list of rows is the driver's executemany.
        rows = executemany and isinstance(parameters, (list, tuple)) and len(parameters) > 0 \
            and isinstance(parameters[0], (tuple, list, dict))
        statements.append((statement, list(parameters) if rows else parameters, rows))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        ticket = tickets.create(db.uow(), actor, subject=SUBJECT, description=DESCRIPTION)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return statements, ticket.id


def record(db: Any, actor: Any) -> Recorded:
    """Two creations by the same requester, recorded after a third that fills the caches: the
    second's statements, and the places where both named their own ticket. The tickets stay (the
    caller removes what it created)."""
    tickets.create(db.uow(), actor, subject=SUBJECT, description=DESCRIPTION)
    first, first_id = _record_one(db, actor)
    second, second_id = _record_one(db, actor)
    if [(sql, many) for sql, _, many in first] != [(sql, many) for sql, _, many in second]:
        raise SystemExit("two creations sent different statements (a cache was filled between them): run again")
    slots = [id_slots(a, b, many, first_id, second_id) for (_, a, many), (_, b, _) in zip(first, second, strict=True)]
    return Recorded(second, second_id, slots)


def replay_run(db: Any, recorded: Recorded, n: int) -> tuple[float, float]:
    """Tickets/s and CPU ms per ticket, replaying straight through the driver."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        t0, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            recorded.replay(cursor)
            raw.commit()
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        raw.close()
    return n / wall, cpu * 1000 / n


def service_run(db: Any, people: list[Any], n: int) -> tuple[float, float]:
    t0, cpu0 = time.perf_counter(), time.process_time()
    for i in range(n):
        tickets.create(db.uow(), people[i % len(people)], subject=SUBJECT, description=DESCRIPTION)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return n / wall, cpu * 1000 / n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench_run.data_arguments(p, size="100k")
    p.add_argument("--creates", type=int, default=1000, help="tickets per run")
    p.add_argument("--rounds", type=int, default=3, help="alternated replay / service-layer runs")
    args = p.parse_args(argv)
    db = bench_run.open_db(args)
    who = bench_run.actors(db)
    bench_run._ensure_articles(db, who["supervisor"], random.Random(5))
    people = bench_run.creators(db)
    marks = bench_run.id_marks(db)
    try:
        recorded = record(db, people[0])
        bench_run._remove_created(db.engine, *marks)
        floor: list[tuple[float, float]] = []
        ours: list[tuple[float, float]] = []
        for _ in range(args.rounds):
            floor.append(replay_run(db, recorded, args.creates))
            bench_run._remove_created(db.engine, *marks)
            ours.append(service_run(db, people, args.creates))
            bench_run._remove_created(db.engine, *marks)
    finally:
        bench_run._remove_created(db.engine, *marks)
        db.close()
    name = "PostgreSQL" if args.db == "postgres" else "SQLite"
    print(f"{name} {args.size}, one ticket per transaction, {args.creates} tickets a run, {args.rounds} rounds "
          f"alternated; {len(recorded.statements)} statements a ticket")
    print(f"{'':34} {'tickets/s (median, runs)':>34} {'CPU ms/ticket':>14}")
    for label, runs in (("the database alone (replay)", floor), ("tickets.create (service layer)", ours)):
        rates = ", ".join(f"{r:,.0f}" for r, _ in runs)
        print(f"{label:34} {statistics.median(r for r, _ in runs):>10,.0f}  ({rates}) "
              f"{statistics.median(c for _, c in runs):>10.2f}")
    floor_rate = statistics.median(r for r, _ in floor)
    our_rate = statistics.median(r for r, _ in ours)
    print(f"the service layer reaches {our_rate / floor_rate:.0%} of the database's limit; "
          f"per ticket it adds {1000 / our_rate - 1000 / floor_rate:.2f} ms of wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
