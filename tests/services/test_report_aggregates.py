"""The report aggregates (migration 0012): kept equal to a recomputation from the tickets through any
sequence of service operations, under concurrent writers, and the reports read from them equal
the direct computation they replace (tests/report_oracle.py). SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import HelpdeskError, PermissionDenied
from shared.models import (
    AuditLog,
    Category,
    ReportBlock,
    ReportDay,
    ReportDuration,
    ReportKeyDuration,
    ReportKeyRollup,
    ReportOpen,
    ReportQuarter,
)
from shared.models.enums import Role
from shared.services import csat, metrics, sla, tickets, workflow
from shared.services.breakdown import GroupBy, breakdown
from shared.services.report_aggregates import rebuild_aggregates
from shared.services.report_ranges import _split
from shared.services.report_sql import BLOCK_S, rebuild
from tests import factories as f
from tests.conftest import FakeClock
from tests.report_oracle import breakdown_direct, report_direct


def _contents(conn: Connection) -> dict[str, set[tuple[Any, ...]]]:
    """The aggregate rows that count (a row taken back to zero is the same as no row)."""
    out = {}
    for table in (ReportDay, ReportQuarter, ReportDuration, ReportOpen, ReportKeyDuration, ReportBlock,
                  ReportKeyRollup):
        rows = conn.execute(select(table.__table__)).all()  # type: ignore[call-overload]
        keys = len(table.__table__.primary_key.columns)  # type: ignore[attr-defined]
        out[table.__tablename__] = {tuple(r) for r in rows if any(r[keys:])}
    return out


def assert_aggregates_match(db: Database) -> dict[str, set[tuple[Any, ...]]]:
    """The incrementally kept aggregates equal a recomputation from the tickets (then rolled back)."""
    with db.uow() as uow:
        conn = uow.session.connection()
        kept = _contents(conn)
        rebuild(conn)
        recomputed = _contents(conn)
        uow.session.rollback()
    assert kept == recomputed
    assert kept["report_days"], "the scenario made no aggregates at all"
    return kept


def _scenario(db: Database, clock: FakeClock, seed: int, n: int = 60) -> None:
    """A random day-to-day mix of operations, each through the service layer."""
    rng = random.Random(seed)
    l1, l2 = f.agent(db, 1), f.agent(db, 2)
    agents = [l1, l2, f.agent(db, 1)]
    people = [f.user(db) for _ in range(3)]
    with db.uow() as uow:
        categories = list(uow.session.scalars(select(Category.id)))
    made: list[int] = []
    requester_of: dict[int, Any] = {}
    solved: list[int] = []
    for _ in range(n):
        clock.advance(minutes=rng.choice((7, 50, 200, 900)))
        op = rng.choice(("create", "create", "reply", "resolve", "resolve", "reopen", "close", "assign",
                         "escalate", "category", "csat", "csat", "sla"))
        try:
            if op == "create" or not made:
                who = rng.choice(people)
                t = tickets.create(db.uow(), who, subject=rng.choice(("VPN drops", "Printer jam",
                                                                                      "Laptop slow")),
                                   ticket_type=rng.choice(("incident", "question", "service_request")))
                made.append(t.id)
                requester_of[t.id] = who
                continue
            tid, agent = rng.choice(made), rng.choice(agents)
            if op == "reply":
                tickets.reply(db.uow(), agent, tid, "Looking into it")
            elif op == "resolve":
                workflow.resolve(db.uow(), agent, tid, "Fixed")
                solved.append(tid)
            elif op == "reopen":
                workflow.reopen(db.uow(), agent, tid, "Came back")
            elif op == "close":
                workflow.close(db.uow(), agent, rng.choice(solved or made), "Done")
            elif op == "assign":
                workflow.assign(db.uow(), l1, tid, rng.choice(agents).id)
            elif op == "escalate":
                workflow.escalate(db.uow(), l1, tid, 2, "Needs desktop support")
            elif op == "category":
                tickets.update_fields(db.uow(), l1, tid, category_id=rng.choice(categories))
            elif op == "csat":
                tid = rng.choice(solved or made)
                csat.submit(db.uow(), requester_of[tid], tid, rng.randint(1, 5))
            else:
                sla.check(db.uow())
        except HelpdeskError:
            pass  # not valid in the ticket's state (or for this actor): the scenario moves on


@pytest.mark.parametrize("seed", [1, 2])
def test_aggregates_equal_a_recomputation_after_random_operations(db: Database, clock: FakeClock,
                                                                   seed: int) -> None:
    _scenario(db, clock, seed)
    kept = assert_aggregates_match(db)
    desk = [row for row in kept["report_days"] if row[0] == "all"]
    columns = [c.name for c in ReportDay.__table__.columns]
    resolved, rated = columns.index("resolved"), columns.index("csat_n")
    assert sum(r[resolved] for r in desk) and sum(r[rated] for r in desk), "the scenario resolved or rated nothing"


def _assert_same(got: Any, expected: Any) -> None:
    """Field by field; means computed as sum/count here and as AVG() there may differ in the last bit."""
    for field in dataclasses.fields(expected):
        a, b = getattr(got, field.name), getattr(expected, field.name)
        assert (a == pytest.approx(b, rel=1e-12)) if isinstance(b, float) else (a == b), field.name


ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Kolkata", "Europe/Berlin", "UTC")


def test_reports_equal_the_direct_computation(db: Database, clock: FakeClock) -> None:
    start = clock.now
    _scenario(db, clock, 3, n=80)
    end = clock.now + timedelta(hours=1)
    boss = f.user(db, Role.SUPERVISOR)
    ranges = [(start - timedelta(days=1), end), (start + timedelta(hours=5, minutes=7), end - timedelta(hours=3)),
              (start + timedelta(days=1), start + timedelta(days=2)), (datetime(2020, 1, 1, tzinfo=UTC), end)]
    for a, b in ranges:
        _assert_as_oracle(db, boss, a, b, ZONES)


def _assert_as_oracle(db: Database, boss: Any, a: datetime, b: datetime,
                      zones: Iterable[str]) -> dict[GroupBy, list[Any]]:
    """The dashboard in each zone and every breakdown over [a, b) equal the direct computation
    (tests/report_oracle.py); the breakdowns are returned for further checks."""
    for zone in zones:
        _assert_same(metrics.report(db.uow(), boss, a, b, timezone=zone),
                     report_direct(db.uow(), boss, a, b, timezone=zone))
    out = {}
    for group in GroupBy:
        got, expected = breakdown(db.uow(), boss, a, b, group), breakdown_direct(db.uow(), boss, a, b, group)
        assert len(got) == len(expected)
        for row, oracle in zip(got, expected, strict=True):
            _assert_same(row, oracle)
        out[group] = got
    return out


def test_medians_over_whole_blocks_equal_the_direct_computation(db: Database, clock: FakeClock) -> None:
    """Months of tickets, so ranges hold whole four-week blocks (read from report_key_durations) as
    well as partial ones (counted from the tickets): every median, desk-wide and per group, equals
    statistics.median over the tickets. Durations vary (a rank off by one shows) with some ties."""
    rng = random.Random(11)
    agents, people = [f.agent(db, 1), f.agent(db, 1), f.agent(db, 2)], [f.user(db) for _ in range(3)]
    with db.uow() as uow:
        categories = list(uow.session.scalars(select(Category.id)))
    start = clock.now
    for i in range(70):
        clock.advance(hours=rng.choice((30, 40, 60, 90)))
        t = tickets.create(db.uow(), rng.choice(people), subject=f"Printer {i} jam",
                           ticket_type=rng.choice(("incident", "question")),
                           category_id=rng.choice([None, *categories]))
        agent = rng.choice(agents)
        if rng.random() < 0.3:
            workflow.assign(db.uow(), agents[0], t.id, agent.id)
        if rng.random() < 0.8:
            clock.advance(minutes=rng.choice((3, 3, rng.randint(1, 900))))
            tickets.reply(db.uow(), agent, t.id, "On it")
            if rng.random() < 0.7:
                clock.advance(minutes=rng.randint(5, 3000))
                workflow.resolve(db.uow(), agent, t.id, "Fixed")
    end = clock.now + timedelta(hours=1)
    assert_aggregates_match(db)
    boss = f.user(db, Role.SUPERVISOR)
    spans = [(start - timedelta(days=1), end), (start + timedelta(days=9, hours=5), end - timedelta(days=11)),
             (start + timedelta(days=30, minutes=7), start + timedelta(days=100))]
    assert _split(*spans[0], BLOCK_S)[1] - _split(*spans[0], BLOCK_S)[0] >= 4  # desk medians read blocks too
    for a, b in spans:
        k0, k1, _edges = _split(a, b, BLOCK_S)
        assert k1 - k0 >= 2, "the range must hold whole blocks"
        # Offsets ahead of and behind UTC, a half hour, and a DST switch (Berlin, 29 March).
        zones = ("Asia/Jakarta", "UTC", "America/Sao_Paulo", "Asia/Kolkata", "Europe/Berlin")
        for got in _assert_as_oracle(db, boss, a, b, zones).values():
            assert any(r.resolution_median_s is not None for r in got)


WRITERS = 6


@pytest.mark.usefixtures("committed_db")
def test_concurrent_writers_lose_no_increment(db: Database, clock: FakeClock) -> None:
    """Six agents at once open, answer and resolve tickets of the same day and hour: every
    transaction increments the same aggregate rows, and none of the increments is lost."""
    agents = [f.agent(db) for _ in range(WRITERS)]
    requester = f.user(db)
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def work(agent: Any) -> None:
        try:
            barrier.wait()
            for _ in range(4):
                t = tickets.create(db.uow(), requester, subject="Printer jam")
                t = tickets.reply(db.uow(), agent, t.id, "On it")
                workflow.resolve(db.uow(), agent, t.id, "Fixed")
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert_aggregates_match(db)
    with db.uow() as uow:
        row = uow.session.scalars(select(ReportDay).where(ReportDay.dim == "all")).one()
        assert (row.created, row.resolved, row.response_n) == (4 * WRITERS,) * 3


def test_rebuild_is_for_admins_and_audited(db: Database, clock: FakeClock) -> None:
    _scenario(db, clock, 4, n=20)
    with pytest.raises(PermissionDenied):
        rebuild_aggregates(db.uow(), f.agent(db))
    with db.uow() as uow:
        uow.session.execute(delete(ReportDay))  # damage, as a bad restore would
        uow.commit()
    rows = rebuild_aggregates(db.uow(), SYSTEM)
    assert rows > 0
    assert_aggregates_match(db)
    with db.uow() as uow:
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.action == "report.rebuild_aggregates")).one()
        assert audit.detail == {"rows": rows}


def test_the_flush_hooks_load_the_aggregates_code_only_for_a_ticket_or_a_csat_answer() -> None:
    """shared.services.uow's hooks hand a flush to report_aggregates (importing it) only when the
    flush has a ticket or a CSAT answer in it, or an earlier flush's state to clear: a sign-in or a
    saved filter does not load the report code (the console's start, tests/desktop/test_console_first_page.py)."""
    from sqlalchemy.orm import Session

    from shared.models import CsatResponse, SavedFilter, Ticket, User
    from shared.services.uow import AGGREGATES_BEFORE, _may_move_aggregates

    with Session() as session:
        session.add_all([User(username="budi"), SavedFilter(name="mine")])
        assert not _may_move_aggregates(session)
        session.add(Ticket(subject="VPN"))
        assert _may_move_aggregates(session)
    with Session() as session:
        session.add(CsatResponse(rating=5))
        assert _may_move_aggregates(session)
    with Session() as session:
        session.info[AGGREGATES_BEFORE] = (set(), False, {})
        assert _may_move_aggregates(session)


def test_a_flush_without_a_ticket_clears_what_a_failed_flush_left(db: Database) -> None:
    """The state before_flush leaves for after_flush is dropped by the next flush even when that one
    has no ticket in it, as before the hooks were split: it is never applied to a later flush."""
    from shared.models import User
    from shared.services.uow import AGGREGATES_BEFORE

    requester = f.user(db)
    with db.uow() as uow:
        uow.session.info[AGGREGATES_BEFORE] = ({requester.id}, False, {})  # as a failed flush leaves it
        user = uow.session.get(User, requester.id)
        assert user is not None
        user.full_name = "Budi S."
        uow.session.flush()
        assert AGGREGATES_BEFORE not in uow.session.info
        uow.session.rollback()
