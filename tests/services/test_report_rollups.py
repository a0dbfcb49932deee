"""The report roll-ups of migration 0022 (report_blocks, report_key_rollups): kept equal to a
recomputation by every writer, and the breakdown read through them, over random ranges of two
years of tickets, equal to the direct computation from the tickets (tests/report_oracle.py).
SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_session_factory
from shared.errors import HelpdeskError
from shared.i18n import set_language
from shared.models import Category, ReportBlock, ReportDay, ReportKeyRollup
from shared.models.enums import Role
from shared.models.reports import AGENT, BLOCK_DAYS, RESPONSE, ROLLUP_SPANS
from shared.services import csat, tickets, workflow
from shared.services.breakdown import GroupBy, breakdown
from shared.services.report_ranges import _SPANS, _WEEK_S, _cover, _split, totals
from shared.services.report_sql import COUNTERS, DAY_S
from tests import audit_guard
from tests import factories as f
from tests.conftest import FakeClock, reset
from tests.report_oracle import breakdown_direct
from tests.services.test_report_aggregates import _assert_same, assert_aggregates_match


def test_a_cover_is_the_range_exactly_in_few_units() -> None:
    """Any range of whole weeks is covered by consecutive units, largest grain in the middle, with
    fewer than one larger unit's worth of each smaller grain at either end."""
    assert _SPANS == (16 * BLOCK_DAYS, 4 * BLOCK_DAYS, BLOCK_DAYS, 7) and set(ROLLUP_SPANS) < set(_SPANS)
    rng = random.Random(3)
    for _ in range(3000):
        d0 = 7 * rng.randint(0, 600)
        d1 = d0 + 7 * rng.choice((0, 1, rng.randint(0, 20), rng.randint(0, 400)))
        cover = _cover(d0, d1)
        at = d0
        for span, u0, u1 in cover:
            assert u0 < u1 and u0 * span == at
            at = u1 * span
        assert at == d1
        units = Counter[int]()
        for span, u0, u1 in cover:
            units[span] += u1 - u0
        for smaller, larger in zip(_SPANS[1:], _SPANS, strict=False):
            assert units[smaller] <= 2 * (larger // smaller - 1)


def _history(db: Database, clock: FakeClock) -> None:
    """Two years and a half of tickets in four agents' hands (and none), three categories and types:
    replies, resolutions, reassignments, reopenings, closures, merges and CSAT answers, each
    through the service layer."""
    rng = random.Random(29)
    agents = [f.agent(db, 1), f.agent(db, 1), f.agent(db, 2), f.agent(db, 1)]
    people = [f.user(db) for _ in range(3)]
    with db.uow() as uow:
        categories = list(uow.session.scalars(select(Category.id)))[:3]
    made: list[tuple[int, object]] = []
    for i in range(170):
        clock.advance(hours=rng.choice((60, 100, 130, 150)))
        who = rng.choice(people)
        t = tickets.create(db.uow(), who, subject=f"VPN {i} drops", ticket_type=rng.choice(
            ("incident", "question", "service_request")), category_id=rng.choice([None, *categories]))
        made.append((t.id, who))
        agent = rng.choice(agents)
        try:
            if rng.random() < 0.6:
                workflow.assign(db.uow(), agents[0], t.id, agent.id)
            if rng.random() < 0.85:
                clock.advance(minutes=rng.choice((2, 3, rng.randint(1, 2000))))
                tickets.reply(db.uow(), agent, t.id, "On it")
                if rng.random() < 0.8:
                    clock.advance(minutes=rng.randint(5, 9000))
                    workflow.resolve(db.uow(), agent, t.id, "Fixed")
                    if rng.random() < 0.4:
                        csat.submit(db.uow(), who, t.id, rng.randint(1, 5))
            old, _who = rng.choice(made)
            op = rng.choice(("assign", "reopen", "close", "merge", "none", "none"))
            if op == "assign":  # an old ticket changes hands: its counts and times move between agents
                workflow.assign(db.uow(), agents[0], old, rng.choice(agents).id)
            elif op == "reopen":
                workflow.reopen(db.uow(), agent, old, "Came back")
            elif op == "close":
                workflow.close(db.uow(), agent, old, "Done")
            elif op == "merge" and old != t.id:
                workflow.merge(db.uow(), agents[0], t.id, old)
        except HelpdeskError:
            pass  # not valid in the ticket's state: the history moves on


@dataclass(frozen=True)
class Built:
    start: datetime  # the clock before the history
    end: datetime  # and after it


@pytest.fixture(scope="class")
def history(engine: Engine, database_url: str) -> Iterator[Built]:
    """`_history`, built once and committed for the tests of `TestOverTheHistory`, which only read
    it (inside `db`'s rolled-back transaction, so whatever they add goes away), then wiped. The same
    build, seed and start of the clock as each of them made before, on a fresh installation."""
    set_language("en")
    sessions = make_session_factory(engine)
    audit_guard.install(sessions)  # as in `db`: every ticket field change of the build is audited
    clock = FakeClock()
    owner = Database(Settings(database_url=database_url, language="en"), engine, sessions, clock)
    try:
        f.defaults(owner)
        start = clock.now
        _history(owner, clock)
        yield Built(start, clock.now)
    finally:
        reset(engine)


class TestOverTheHistory:
    """Two tests reading the one history (`history`), built for both by the first."""

    def test_breakdown_over_the_roll_ups_equals_the_direct_computation(self, db: Database, clock: FakeClock,
                                                                       history: Built) -> None:
        start = history.start
        clock.set(history.end)
        end = clock.now + timedelta(hours=1)
        kept = assert_aggregates_match(db)  # every writer kept the roll-ups as a recomputation makes them
        assert kept["report_blocks"] and kept["report_key_rollups"]
        boss = f.user(db, Role.SUPERVISOR)
        rng = random.Random(7)
        spans = [(start - timedelta(days=3), end), (start + timedelta(days=200, hours=5), end - timedelta(days=40))]
        for _ in range(10):
            a = start + timedelta(minutes=rng.randint(-3 * 1440, (end - start).days * 1440))
            spans.append((a, a + timedelta(minutes=rng.randint(40 * 1440, 700 * 1440))))
        used: set[int] = set()
        for a, b in spans:
            w0, w1, _edges = _split(a, b, _WEEK_S)
            used |= {span for span, _u0, _u1 in _cover(w0 * 7, w1 * 7)}
            for group in GroupBy:
                got, expected = breakdown(db.uow(), boss, a, b, group), breakdown_direct(db.uow(), boss, a, b, group)
                assert len(got) == len(expected) and got, (a, b, group)
                for row, oracle in zip(got, expected, strict=True):
                    _assert_same(row, oracle)
        assert used == set(_SPANS), "the ranges must read every grain"

    def test_totals_over_blocks_equal_the_sum_of_days(self, db: Database, clock: FakeClock, history: Built) -> None:
        """The counters of a range of whole days read through report_blocks equal report_days summed
        day by day (the computation before migration 0022), for every dimension."""
        start = history.start
        clock.set(history.end)
        rng = random.Random(8)
        with db.uow() as uow:
            s = uow.session
            for _ in range(12):
                d0 = int(start.timestamp()) // DAY_S + rng.randint(-5, 300)
                d1 = d0 + rng.randint(1, 600)
                a, b = (start.fromtimestamp(d * DAY_S, start.tzinfo) for d in (d0, d1))
                assert _split(a, b, DAY_S)[2] == []
                for dim in ("all", "agent", "team", "category", "type"):
                    expected: dict[str, list[int]] = {}
                    for row in s.scalars(select(ReportDay).where(ReportDay.dim == dim, ReportDay.day >= d0,
                                                                 ReportDay.day < d1)):
                        sums = expected.setdefault(row.key, [0] * len(COUNTERS))
                        for i, c in enumerate(COUNTERS):
                            sums[i] += getattr(row, c)
                    got = {k: [v[c] for c in COUNTERS] for k, v in totals(s, dim, a, b).items()}
                    assert got == expected, (d0, d1, dim)
            # and the long ranges did read blocks
            assert s.scalars(select(ReportBlock).where(ReportBlock.dim == AGENT)).first() is not None


def test_a_reassignment_moves_the_roll_ups_of_an_old_ticket(db: Database, clock: FakeClock) -> None:
    """A ticket answered long ago, still open, handed to another agent: its first-response time
    leaves the first agent's roll-up units at every grain and joins the second's, in the same
    transaction."""
    a1, a2 = f.agent(db, 1), f.agent(db, 1)
    t = tickets.create(db.uow(), f.user(db), subject="Printer jam")
    workflow.assign(db.uow(), a1, t.id, a1.id)
    clock.advance(minutes=30)
    tickets.reply(db.uow(), a1, t.id, "On it")
    clock.advance(days=400)

    def units(agent_id: int) -> set[int]:
        with db.uow() as uow:
            return {int(span) for span, n in uow.session.execute(
                select(ReportKeyRollup.span, ReportKeyRollup.n).where(
                    ReportKeyRollup.metric == RESPONSE, ReportKeyRollup.dim == AGENT,
                    ReportKeyRollup.key == str(agent_id))) if n}

    assert units(a1.id) == set(ROLLUP_SPANS) and units(a2.id) == set()
    workflow.assign(db.uow(), a1, t.id, a2.id)
    assert units(a1.id) == set() and units(a2.id) == set(ROLLUP_SPANS)
    assert_aggregates_match(db)
