"""Side by side with django-helpdesk, on the same tickets and the same machine (issue #18).

    python -m bench.reference.django_helpdesk --size 100k            # SQLite, both sides
    python -m tools.pg run python -m bench.reference.django_helpdesk --size 100k --db postgres

What it does, so anyone can rerun it:
1. Installs the reference into a throwaway venv, bench/out/django-helpdesk-venv (git-ignored):
   `python3 -m venv bench/out/django-helpdesk-venv`, then
   `bench/out/django-helpdesk-venv/bin/pip install "django-helpdesk[teams]==2.6.1" "Django==5.2.19"`
   (the versions are REFERENCE below; the "teams" extra because django-helpdesk's migrations
   depend on pinax-teams). Nothing of it is installed into the project's own venv. Delete the
   folder to start over; `--venv` puts it elsewhere.
2. Makes our bench database (bench/run.py's, bench/out/helpdesk-<size>.sqlite3) if it is missing,
   and has bench/reference/dh_worker.py copy its people, categories (as queues), tickets and
   timeline (as follow-ups) into django-helpdesk's schema (bench/out/django-helpdesk-<size>.sqlite3,
   kept for the next run; on PostgreSQL a database of its own in the same cluster).
3. Times the same questions on both, each side in its own process, one after the other:
   - django-helpdesk through Django's test client: its own views, whole requests (middleware,
     view, ORM, rendering), no network, persistent database connections, mail to memory;
   - ours through the service layer, which is what the console calls (it has no HTTP hop).
   Both: median and p95 wall time, and the median CPU time of the process (steadier than wall
   time on a busy machine), after one warm-up call.

The questions: the all-tickets list's first page with its count (django-helpdesk's datatables
endpoint returns the count with every page), a deep page (half-way), the open tickets' first
page with its count, a search, a ticket's detail, and creating a ticket (its form POST; our
`tickets.create`, which also classifies, starts SLA clocks, auto-assigns, suggests articles and
queues the acknowledgement). Results: bench/out/reference-django-helpdesk-<db>-<size>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench import data
from bench.run import OUT, _actor, _remove_created, actors, open_db
from shared.models import OutboxMessage, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, Role
from shared.services import queue, tickets
from shared.services.queue import QueueQuery, View

REFERENCE = ("django-helpdesk[teams]==2.6.1", "Django==5.2.19")
WORKER = Path(__file__).resolve().parent / "dh_worker.py"
QUERIES = ["printer offline", "vpn", "password reset", "laptop tidak menyala", "toner", "akun terkunci"]


def reference_python(venv_dir: Path) -> Path:
    """The throwaway venv's interpreter, made and filled on first use."""
    python = venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    marker = venv_dir / ".installed"
    if marker.exists() and marker.read_text() == " ".join(REFERENCE):
        return python
    print(f"installing {' '.join(REFERENCE)} into {venv_dir} …", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *REFERENCE], check=True)
    marker.write_text(" ".join(REFERENCE))
    return python


def _stats(wall: list[float], cpu: list[float]) -> dict[str, Any]:
    s = sorted(wall)
    return {"median": statistics.median(wall), "p95": s[min(len(s) - 1, round(0.95 * (len(s) - 1)))],
            "cpu_median": statistics.median(cpu), "samples": len(wall)}


def _timed(fn: Callable[[], Any], reps: int) -> dict[str, Any]:
    wall, cpu = [], []
    for i in range(reps + 1):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        t1, c1 = time.perf_counter(), time.process_time()
        if i:
            wall.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
    return _stats(wall, cpu)


def measure_ours(args: argparse.Namespace) -> dict[str, Any]:
    db = open_db(args)
    who = actors(db)
    sup = who["supervisor"]
    total = queue.count(db.uow(), sup, QueueQuery(view=View.ALL))
    everything = QueueQuery(view=View.ALL, sort="created", descending=True)
    active = QueueQuery(view=View.ALL, statuses=tuple(ACTIVE_STATUSES), sort="created", descending=True)

    def page_and_count(q: QueueQuery, offset: int = 0) -> None:
        queue.page(db.uow(), sup, q, offset=offset)
        queue.count(db.uow(), sup, q)

    out: dict[str, Any] = {"tickets": total}
    out["all tickets: first page + count"] = _timed(lambda: page_and_count(everything), args.reps)
    out["all tickets: deep page + count"] = _timed(lambda: page_and_count(everything, total // 2), args.reps)
    out["open tickets: first page + count"] = _timed(lambda: page_and_count(active), args.reps)
    searches = [_timed(lambda t=t: queue.search(db.uow(), sup, t), max(1, args.reps // 3)) for t in QUERIES]
    out["search (staff)"] = {"median": statistics.median(s["median"] for s in searches),
                             "p95": max(s["p95"] for s in searches),
                             "cpu_median": statistics.median(s["cpu_median"] for s in searches),
                             "samples": sum(s["samples"] for s in searches)}
    rng = random.Random(7)
    out["ticket detail"] = _timed(lambda: tickets.get(db.uow(), sup, rng.randint(1, total)), args.reps)
    with db.uow() as uow:
        requester = uow.session.scalar(select(User.id).where(User.role == Role.REQUESTER).order_by(User.id))
        watermark = uow.session.scalar(select(func.max(Ticket.id))) or 0
        outbox_mark = uow.session.scalar(select(func.max(OutboxMessage.id))) or 0
    assert requester is not None
    person = _actor(db, requester)
    try:
        out["ticket creation (form POST)"] = _timed(lambda: tickets.create(
            db.uow(), person, subject="Printer on floor 3 offline",
            description="Since this morning the printer shows offline for everyone on the floor."), args.creates)
    finally:
        _remove_created(db.engine, watermark, outbox_mark)
    return out


def measure_reference(args: argparse.Namespace, python: Path) -> dict[str, Any]:
    source = OUT / f"helpdesk-{args.size}.sqlite3"
    if args.db == "sqlite":
        where = ["--db", str(OUT / f"django-helpdesk-{args.size}.sqlite3")]
    else:
        where = ["--db", "-", "--pg", _reference_database(args.url or os.environ["HELPDESK_DATABASE_URL"])]
    result = subprocess.run([str(python), str(WORKER), "--source", str(source), *where, "--reps", str(args.reps),
                             "--creates", str(args.creates)], check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _reference_database(url: str) -> str:
    """A database of django-helpdesk's own next to ours in the same cluster, made empty."""
    import psycopg

    base = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS django_helpdesk_bench")
        conn.execute("CREATE DATABASE django_helpdesk_bench")
    return base.rsplit("/", 1)[0] + "/django_helpdesk_bench"


def table(size: str, db: str, ours: dict[str, Any], ref: dict[str, Any]) -> str:
    lines = [f"Side by side at {size} ({ours['tickets']:,} tickets), {db}: milliseconds per call",
             "| operation | ours median | ours p95 | ours CPU | django-helpdesk median | p95 | CPU | "
             "ratio (median) | ratio (CPU) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for op, theirs in ref.items():
        if op == "tickets" or op not in ours:
            continue
        mine = ours[op]
        ratio = theirs["median"] / mine["median"] if mine["median"] else float("inf")
        cpu_ratio = theirs["cpu_median"] / mine["cpu_median"] if mine["cpu_median"] else float("inf")
        lines.append(f"| {op} | {mine['median']:.1f} | {mine['p95']:.1f} | {mine['cpu_median']:.1f} | "
                     f"{theirs['median']:.1f} | {theirs['p95']:.1f} | {theirs['cpu_median']:.1f} | {ratio:,.1f}x | "
                     f"{cpu_ratio:,.1f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--size", choices=list(data.SIZES), default="smoke")
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--url", help="PostgreSQL URL (default: HELPDESK_DATABASE_URL)")
    p.add_argument("--reps", type=int, default=20, help="timed calls per read operation")
    p.add_argument("--creates", type=int, default=200, help="tickets created on each side (deleted after)")
    p.add_argument("--venv", type=Path, default=OUT / "django-helpdesk-venv", help="the reference's throwaway venv")
    args = p.parse_args(argv)
    if args.db == "postgres" and not (args.url or os.environ.get("HELPDESK_DATABASE_URL")):
        p.error("--db postgres needs --url or HELPDESK_DATABASE_URL (python -m tools.pg run … sets it)")
    OUT.mkdir(exist_ok=True)
    python = reference_python(args.venv)
    ours = measure_ours(args)  # also makes bench/out/helpdesk-<size>.sqlite3, the reference's source
    if args.db == "postgres":
        # The reference reads the same tickets; our SQLite copy of the size is its source.
        open_db(argparse.Namespace(db="sqlite", size=args.size, url=None))
    ref = measure_reference(args, python)
    report = table(args.size, "SQLite" if args.db == "sqlite" else "PostgreSQL", ours, ref)
    print(report)
    (OUT / f"reference-django-helpdesk-{args.db}-{args.size}.json").write_text(
        json.dumps({"ours": ours, "django-helpdesk": ref, "reference": REFERENCE}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
