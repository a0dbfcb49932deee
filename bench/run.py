"""Issue #7 benchmarks: queue pages, counts, search, dashboard, ticket detail, an edit and creation.

    python -m bench.run --size smoke|100k|1m --db sqlite
    python -m tools.pg run python -m bench.run --size 100k --db postgres
    python -m bench.run --table            # one table from every saved result (bench/out/*.json)

SQLite files are cached under bench/out/ and reused; PostgreSQL is loaded (COPY) into whatever
HELPDESK_DATABASE_URL points at unless it already holds the size. Every figure is a median and
p95 of wall time through the service layer, after one warm-up call, printed as one table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, delete, event, func, select, text, update

from bench import data
from shared.auth.permissions import Actor
from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.models import KbArticle, OutboxMessage, Ticket, TimelineEntry, User
from shared.models.enums import Role
from shared.services import kb, metrics, queue, tickets, users
from shared.services.assignment import RECOUNT_SQL
from shared.services.queue import QueueQuery, View

OUT = Path(__file__).resolve().parent / "out"

# (operation, target at 100k, target at 1m); a size's target is the nearer one (smoke uses 100k's).
TARGETS_MS = {
    "queue page": (15, 30), "count (exact)": (50, 50), "count_or_estimate": (50, 50), "search": (20, 50),
    "dashboard 90 d": (100, 500), "ticket detail": (10, 10), "create": (1.0, 1.0),
}
QUERIES = ["printer offline", "vpn", "password reset", "outlook sync", "laptop tidak menyala", "kertas macet",
           "0x80070005", "budi santoso", "toner", "koneksi lambat", "excel freezes", "wifi rapat",
           "akun terkunci", "Surabaya", "driver restart", "monitor flicker"]


@dataclass
class Result:
    operation: str
    size: str
    db: str
    samples: list[float]  # ms
    target: str
    met: bool
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        s = sorted(self.samples)
        return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def timed(fn: Callable[[], Any], reps: int = 1) -> list[float]:
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def target_for(op: str, size: str) -> float:
    small, big = TARGETS_MS[op]
    return big if size == "1m" else small


def _actor(db: Database, user_id: int) -> Actor:
    with db.uow() as uow:
        username = uow.session.scalar(select(User.username).where(User.id == user_id))
    assert username is not None
    return users.actor_for(db.uow(), username)


def actors(db: Database) -> dict[str, Actor]:
    with db.uow() as uow:
        s = uow.session
        busiest = s.execute(select(Ticket.assignee_id, func.count()).where(Ticket.assignee_id.is_not(None),
                                                                          text(queue.ACTIVE_SQL))
                            .group_by(Ticket.assignee_id).order_by(func.count().desc()).limit(1)).first()
        sup = s.scalar(select(User.id).where(User.role == Role.SUPERVISOR).order_by(User.id).limit(1))
        l1 = s.scalar(select(User.id).where(User.role == Role.L1_AGENT).order_by(User.id).limit(1))
        # A heavy but real requester: the one at the 99th percentile of tickets raised.
        per_requester = s.execute(select(Ticket.requester_id, func.count()).group_by(Ticket.requester_id)
                                  .order_by(func.count().desc())).all()
        heavy = per_requester[len(per_requester) // 100]
    assert busiest and sup and l1 and heavy
    return {"agent": _actor(db, busiest[0]), "supervisor": _actor(db, sup), "l1": _actor(db, l1),
            "requester": _actor(db, heavy[0])}


def bench_queue(db: Database, who: dict[str, Actor], size: str, reps: int) -> list[Result]:
    results = []
    views = {View.MINE: who["agent"], View.UNASSIGNED: who["l1"], View.TEAM: who["l1"], View.SLA: who["l1"],
             View.ALL: who["l1"]}
    rng = random.Random(7)
    for view, actor in views.items():
        samples: list[float] = []
        worst = (0.0, "")
        for sort in queue.SORTABLE:
            for descending in (True, False):
                q = QueueQuery(view=view, sort=sort, descending=descending)
                first = queue.page(db.uow(), actor, q)  # warm-up
                t = timed(lambda q=q, a=actor: queue.page(db.uow(), a, q), reps)
                # a deep page: the row found some way down (OFFSET, untimed), then keyset from it
                total = min(queue.count(db.uow(), actor, q), 50_000)
                depth = rng.randint(total // 2, max(total // 2, total - 30)) if total > 50 else 0
                deep = queue.page(db.uow(), actor, q, offset=depth, limit=1) if depth else first[-1:]
                if deep:
                    after = queue.sort_key(deep[0], sort)
                    t += timed(lambda q=q, a=actor, k=after: queue.page(db.uow(), a, q, after=k), reps)
                samples += t
                if max(t) > worst[0]:
                    worst = (max(t), f"{sort} {'desc' if descending else 'asc'}")
        goal = target_for("queue page", size)
        r = Result(f"queue page: {view.value}", size, "", samples, f"≤ {goal:g} ms",
                   statistics.median(samples) <= goal, f"slowest: {worst[1]} {worst[0]:.1f} ms")
        results.append(r)
    return results


def bench_counts(db: Database, who: dict[str, Actor], size: str, reps: int) -> list[Result]:
    out = []
    views = {View.MINE: who["agent"], View.UNASSIGNED: who["l1"], View.TEAM: who["l1"], View.SLA: who["l1"],
             View.ALL: who["l1"]}
    exact: list[float] = []
    est: list[float] = []
    estimated = 0
    for view, actor in views.items():
        q = QueueQuery(view=view)
        queue.count(db.uow(), actor, q)
        exact += timed(lambda q=q, a=actor: queue.count(db.uow(), a, q), reps)
        queue.count_or_estimate(db.uow(), actor, q)
        est += timed(lambda q=q, a=actor: queue.count_or_estimate(db.uow(), a, q), reps)
        estimated += queue.count_or_estimate(db.uow(), actor, q)[1]
    goal = target_for("count (exact)", size)
    out.append(Result("count (exact), 5 views", size, "", exact, f"≤ {goal:g} ms",
                      statistics.median(exact) <= goal))
    out.append(Result("count_or_estimate, 5 views", size, "", est, f"≤ {goal:g} ms",
                      statistics.median(est) <= goal, f"{estimated} of 5 views estimated"))
    return out


def bench_search(db: Database, who: dict[str, Actor], size: str, reps: int) -> list[Result]:
    goal = target_for("search", size)
    out = []
    for label, actor in (("search (staff)", who["l1"]), ("search (requester p99, own)", who["requester"])):
        samples: list[float] = []
        worst = (0.0, "")
        with _Sent(db) as sent:
            for words in QUERIES:
                queue.search(db.uow(), actor, words)
                sent.start()
                t = timed(lambda w=words, a=actor: queue.search(db.uow(), a, w), reps)
                sent.stop(reps)
                samples += t
                if max(t) > worst[0]:
                    worst = (max(t), words)
        out.append(Result(label, size, "", samples, f"≤ {goal:g} ms", statistics.median(samples) <= goal,
                          f"slowest: '{worst[1]}' {worst[0]:.1f} ms; {sent}"))
    return out


class _Sent:
    """Statements sent and this process's CPU per measured call (both steadier than wall time on
    a loaded machine), counted only between start() and stop()."""

    def __init__(self, db: Database) -> None:
        self.engine, self.statements, self.calls, self.cpu, self._on, self._cpu0 = db.engine, 0, 0, 0.0, False, 0.0

    def _count(self, *_args: Any) -> None:
        self.statements += self._on

    def __enter__(self) -> _Sent:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

    def start(self) -> None:
        self._on, self._cpu0 = True, time.process_time()

    def stop(self, calls: int) -> None:
        self.cpu += time.process_time() - self._cpu0
        self._on = False
        self.calls += calls

    def __str__(self) -> str:
        n = max(1, self.calls)
        return f"{self.statements / n:.1f} statements, CPU {self.cpu * 1000 / n:.2f} ms a call"


def bench_dashboard(db: Database, who: dict[str, Actor], size: str, reps: int) -> list[Result]:
    end = data.NOW
    start = end - timedelta(days=90)
    sup = who["supervisor"]
    metrics.report(db.uow(), sup, start, end)
    samples = timed(lambda: metrics.report(db.uow(), sup, start, end), max(3, reps))
    goal = target_for("dashboard 90 d", size)
    return [Result("dashboard KPIs, 90 days", size, "", samples, f"≤ {goal:g} ms",
                   statistics.median(samples) <= goal)]


def bench_detail(db: Database, who: dict[str, Actor], size: str, reps: int) -> list[Result]:
    n = data.SIZES[size]
    rng = random.Random(3)
    ids = [rng.randint(1, n) for _ in range(50 * reps)]
    tickets.get(db.uow(), who["l1"], ids[0])
    with _Sent(db) as sent:
        sent.start()
        samples = [timed(lambda i=i: tickets.get(db.uow(), who["l1"], i))[0] for i in ids]
        sent.stop(len(ids))
    goal = target_for("ticket detail", size)
    return [Result("ticket detail (tickets.get)", size, "", samples, f"≤ {goal:g} ms",
                   statistics.median(samples) <= goal, str(sent))]


def bench_edit(db: Database, who: dict[str, Actor], size: str, reps: int) -> list[Result]:
    """An agent's edit and the detail it answers with (what the console shows after the click):
    `tickets.note` on random active tickets; every edit service ends the same way. The notes are
    deleted afterwards (the search index's triggers take their words out) and the tickets' version
    and updated_at put back, so the data stays as generated."""
    agent = who["l1"]
    with db.uow() as uow:
        active = list(uow.session.scalars(select(Ticket.id).where(text(queue.ACTIVE_SQL)).order_by(Ticket.id)))
        entry_mark = uow.session.scalar(select(func.max(TimelineEntry.id))) or 0
    rng = random.Random(7)
    ids = [rng.choice(active) for _ in range(50 * reps)]
    with db.engine.begin() as c:
        before = c.execute(select(Ticket.id, Ticket.version, Ticket.updated_at).where(Ticket.id.in_(set(ids)))).all()
    try:
        tickets.note(db.uow(), agent, ids[0], "warm-up")
        with _Sent(db) as sent:
            sent.start()
            samples = [timed(lambda i=i: tickets.note(db.uow(), agent, i, "Checked the spooler; restarting it."))[0]
                       for i in ids]
            sent.stop(len(ids))
    finally:
        with db.engine.begin() as c:
            c.execute(delete(TimelineEntry).where(TimelineEntry.id > entry_mark))
            c.execute(update(Ticket).where(Ticket.id == bindparam("tid")).values(
                version=bindparam("v"), updated_at=bindparam("u")),
                [{"tid": i, "v": v, "u": u} for i, v, u in before])
    return [Result("ticket edit (tickets.note, with its detail)", size, "", samples, "—", True, str(sent))]


def bench_create(db: Database, who: dict[str, Actor], size: str, n: int, batch: int = 100) -> list[Result]:
    """tickets.create one per transaction, then tickets.create_many in batches (a mail poll, an
    import, queued tray requests); the tickets made are deleted after each run."""
    rng = random.Random(5)
    _ensure_articles(db, who["supervisor"], rng)
    people = creators(db)
    work = creation_work(rng, people, n)

    def run(create_all: Callable[[], list[float]]) -> tuple[list[float], float, float, float]:
        """Samples, tickets/s, CPU ms per ticket (this process: on a loaded machine the steadier
        figure) and SQL statements per ticket."""
        watermark, outbox_mark = id_marks(db)
        try:
            with _Sent(db) as sent:
                t0 = time.perf_counter()
                sent.start()
                samples = create_all()
                sent.stop(n)
                wall = time.perf_counter() - t0
            return samples, n / wall, sent.cpu * 1000 / n, sent.statements / n
        finally:
            _remove_created(db.engine, watermark, outbox_mark)

    def one_by_one() -> list[float]:
        samples: list[float] = []
        for actor, subject, description in work:
            samples += timed(lambda a=actor, s=subject, d=description: tickets.create(
                db.uow(), a, subject=s, description=d))
        return samples

    def batched() -> list[float]:
        drafts = [tickets.NewTicket(subject, text, requester_id=actor.id) for actor, subject, text in work]
        samples: list[float] = []
        for i in range(0, n, batch):
            chunk = drafts[i:i + batch]
            # per ticket, so the column compares with the one-by-one row
            samples += [ms / len(chunk) for ms in timed(lambda c=chunk: tickets.create_many(db.uow(), who["agent"], c))]
        return samples

    postgres = db.engine.dialect.name == "postgresql"
    single_goal, batch_goal = (500 if postgres else 1000), 5000
    marks = id_marks(db)
    tickets.create(db.uow(), people[0], subject=work[0][1], description=work[0][2])  # warm-up: caches, imports
    _remove_created(db.engine, *marks)
    single, single_rate, single_cpu, single_sql = run(one_by_one)
    many, many_rate, many_cpu, many_sql = run(batched)
    kb_size = f"{KB_ARTICLES}-article KB"
    return [Result("ticket creation (tickets.create)", size, "", single, f"≥ {single_goal:,}/s",
                   single_rate >= single_goal,
                   f"{single_rate:,.0f} tickets/s over {n}, one per transaction; CPU {single_cpu:.2f} ms and "
                   f"{single_sql:.1f} statements per ticket; {kb_size}"),
            Result(f"ticket creation (create_many, {batch}/call)", size, "", many, f"≥ {batch_goal:,}/s",
                   many_rate >= batch_goal,
                   f"{many_rate:,.0f} tickets/s over {n}; ms per ticket; CPU {many_cpu:.2f} ms and "
                   f"{many_sql:.1f} statements per ticket; {kb_size}")]


CREATORS = 20  # requesters the creation figures create as


def creators(db: Database) -> list[Actor]:
    """The requesters every creation figure (bench.run, create_profile, creation_floor) creates as:
    the data's first ones by id."""
    with db.uow() as uow:
        ids = list(uow.session.scalars(select(User.id).where(User.role == Role.REQUESTER)
                                       .order_by(User.id).limit(CREATORS)))
    return [_actor(db, uid) for uid in ids]


def creation_work(rng: random.Random, people: list[Actor], n: int) -> list[tuple[Actor, str, str]]:
    """n (requester, subject, description) drawn from the generated data's own phrases."""
    subjects = [s for group in [*data.EN_SUBJECTS.values(), *data.ID_SUBJECTS.values()] for s in group]
    return [(rng.choice(people), data._fill(rng, rng.choice(subjects)),
             " ".join(data._fill(rng, rng.choice(data.EN_SENTENCES)) for _ in range(2))) for _ in range(n)]


def id_marks(db: Database) -> tuple[int, int]:
    """The newest ticket's and outbox message's ids: a creation run's rows are the ones above them
    (what `_remove_created` deletes)."""
    with db.uow() as uow:
        return (uow.session.scalar(select(func.max(Ticket.id))) or 0,
                uow.session.scalar(select(func.max(OutboxMessage.id))) or 0)


KB_ARTICLES = 150  # a small team's knowledge base: every new ticket's acknowledgement suggests from it


def _ensure_articles(db: Database, editor: Actor, rng: random.Random) -> None:
    """Published articles for the creation figures (the generated data has none), written once."""
    with db.uow() as uow:
        have = uow.session.scalar(select(func.count()).select_from(KbArticle)) or 0
    subjects = [s for group in [*data.EN_SUBJECTS.values(), *data.ID_SUBJECTS.values()] for s in group]
    for i in range(have, KB_ARTICLES):
        title = data._fill(rng, rng.choice(subjects))
        body = " ".join(data._fill(rng, rng.choice(data.EN_SENTENCES + data.ID_SENTENCES)) for _ in range(6))
        art = kb.create_article(db.uow(), editor, title=f"{title} ({i})", body=body,
                                tags=[w for w in title.lower().split() if len(w) > 3][:3])
        kb.set_status(db.uow(), editor, art.id, "published")


def _remove_created(engine: Engine, watermark: int, outbox_mark: int) -> None:
    """Delete what the creation run made. Children go first by hand, with foreign-key checks off:
    tickets.merged_into_id has no index, so each check would scan every ticket."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        postgres = engine.dialect.name == "postgresql"
        if postgres:
            cur.execute("SET session_replication_role = replica")  # no FK or search triggers
            cur.execute("DELETE FROM ticket_search WHERE ticket_id > %s", (watermark,))
        else:
            cur.execute("PRAGMA foreign_keys=OFF")
        mark = "%s" if postgres else "?"
        cur.execute(f"DELETE FROM outbox WHERE id > {mark}", (outbox_mark,))
        cur.execute(f"DELETE FROM timeline_entries WHERE ticket_id > {mark}", (watermark,))
        cur.execute(f"DELETE FROM tickets WHERE id > {mark}", (watermark,))
        if postgres:  # the agents' open-ticket counts: their triggers were off too (SQLite's ran)
            cur.execute(RECOUNT_SQL)
        raw.commit()
        cur.execute("SET session_replication_role = DEFAULT" if postgres else "PRAGMA foreign_keys=ON")
    finally:
        raw.close()


def data_arguments(p: argparse.ArgumentParser, size: str) -> None:
    """Which data a bench opens (`open_db`): every bench over bench.run's data takes these."""
    p.add_argument("--size", choices=list(data.SIZES), default=size)
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--url", help="PostgreSQL URL (default: HELPDESK_DATABASE_URL)")


def open_db(args: argparse.Namespace) -> Database:
    settings_url: str
    if args.db == "sqlite":
        OUT.mkdir(exist_ok=True)
        path = OUT / f"helpdesk-{args.size}.sqlite3"
        settings_url = f"sqlite:///{path.as_posix()}"
        engine = make_engine(settings_url)
        if not path.exists() or _tickets(engine) != data.SIZES[args.size]:
            engine.dispose()
            for p in OUT.glob(f"helpdesk-{args.size}.sqlite3*"):
                p.unlink()
            engine = make_engine(settings_url)
            print(f"generating {args.size} into {path} …", flush=True)
            data.populate(engine, args.size)
        else:
            from shared.db.migrate import upgrade
            upgrade(engine)  # a cache made before a newer revision: migrate it in place
            _fill_aggregates(engine)
    else:
        settings_url = args.url or os.environ.get("HELPDESK_DATABASE_URL", "")
        if not settings_url.startswith("postgresql"):
            sys.exit("--db postgres needs HELPDESK_DATABASE_URL (python -m tools.pg run python -m bench.run …)")
        engine = make_engine(settings_url)
        if _tickets(engine) != data.SIZES[args.size]:
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            source = OUT / f"helpdesk-{args.size}.sqlite3"
            if source.exists() and args.size != "smoke":
                # The same tickets as the SQLite figures, copied rather than generated again.
                print(f"copying {source} into PostgreSQL …", flush=True)
                data.populate(engine, args.size, source=source)
            else:
                print(f"loading {args.size} into PostgreSQL …", flush=True)
                data.populate(engine, args.size)
    settings = Settings(database_url=settings_url, language="en", auto_assign=True)
    return Database(settings, engine, make_session_factory(engine), lambda: data.NOW)


def _fill_aggregates(engine: Engine) -> None:
    """The report aggregates must count exactly the cache's tickets. A cache generated before
    bench/data.py filled them has them empty (its rows went in past the flush hook), and the
    creation figures delete their tickets with plain SQL, past the hook too: then the dashboard
    would read the wrong thing. Recompute them whenever the desk-wide count disagrees."""
    from shared.services.report_sql import rebuild

    with engine.begin() as conn:
        counted = conn.scalar(text("SELECT coalesce(sum(created), 0) FROM report_days WHERE dim = 'all'"))
        tickets = conn.scalar(text("SELECT count(*) FROM tickets"))
        if counted != tickets:
            print(f"report aggregates count {counted:,} tickets of {tickets:,}: recomputing them …", flush=True)
            rebuild(conn)


def _tickets(engine: Engine) -> int | None:
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT max(id) FROM tickets WHERE id <= 1000000")) or 0)
    except Exception:
        return None


def print_table(results: list[Result], file: Any = sys.stdout) -> None:
    head = ("operation", "size", "db", "median ms", "p95 ms", "target", "met?", "note")
    rows = [(r.operation, r.size, r.db, f"{r.median:.2f}", f"{r.p95:.2f}", r.target,
             "—" if r.target == "—" else "yes" if r.met else "NO",
             r.note) for r in results]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    print(line, file=file)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=file)
    for row in rows:
        print("| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) + " |", file=file)


def saved_results() -> list[Result]:
    order = {"smoke": 0, "100k": 1, "1m": 2}
    out = []
    for path in sorted(OUT.glob("results-*.json")):
        out += [Result(**r) for r in json.loads(path.read_text())]
    return sorted(out, key=lambda r: (order.get(r.size, 9), r.db))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_arguments(p, size="smoke")
    p.add_argument("--reps", type=int, default=3, help="timed repetitions of each measured call")
    p.add_argument("--creates", type=int, default=2000, help="tickets to create for the creation figure")
    p.add_argument("--only", nargs="*", help="queue counts search dashboard detail edit create")
    p.add_argument("--table", action="store_true", help="print one table of every saved result and exit")
    args = p.parse_args(argv)
    if args.table:
        print_table(saved_results())
        return 0
    db = open_db(args)
    who = actors(db)
    steps = {"queue": bench_queue, "counts": bench_counts, "search": bench_search, "dashboard": bench_dashboard,
             "detail": bench_detail, "edit": bench_edit}
    results: list[Result] = []
    for name, fn in steps.items():
        if args.only and name not in args.only:
            continue
        t0 = time.perf_counter()
        results += fn(db, who, args.size, args.reps)
        print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    if not args.only or "create" in args.only:
        results += bench_create(db, who, args.size, args.creates)
    for r in results:
        r.db = "PostgreSQL" if args.db == "postgres" else "SQLite"
    if args.size != "smoke":
        OUT.mkdir(exist_ok=True)
        path = OUT / f"results-{args.db}-{args.size}.json"
        # A partial run (--only) replaces its own rows and keeps the others of earlier runs.
        fresh = {r.operation for r in results}
        kept = [r for r in json.loads(path.read_text()) if r["operation"] not in fresh] if path.exists() else []
        path.write_text(json.dumps(kept + [r.__dict__ for r in results], default=str, indent=1))
    print_table(results)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
