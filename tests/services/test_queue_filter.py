"""The text filter over a queue view, answered with the views' terms in the search documents
(migration 0026): the same pages and counts as the view's conditions and the words checked on
the tickets, through every change that moves a ticket between views."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.models import Ticket
from shared.models.enums import Priority, Status
from shared.services import queue, tickets, workflow
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import FakeClock
from tests.statements import recorded

WORDS = ("printer", "vpn", "print", "printer offline", "kertas", "nothing-like-this", "zzqu", "zzq")


def _world(db: Database, clock: FakeClock) -> dict[str, Any]:
    me = f.agent(db, name="me", teams=("Service Desk", "Desktop Support"))
    other = f.agent(db, name="other", tier=2)
    from shared.services import users

    for a in (me, other):
        users.set_on_duty(db.uow(), a, a.id or 0, False)  # no auto-assignment: the test decides
    alice, bob = f.user(db, full_name="Alice"), f.user(db, full_name="Bob")
    subjects = ("Printer offline again", "VPN drops", "Kertas macet di printer", "printer toner low",
                "Cannot print from Excel", "Laptop will not boot", "zzqu in a subject")
    made = []
    for i in range(21):
        clock.advance(minutes=11)
        made.append(f.ticket(db, alice if i % 3 else bob, subject=subjects[i % len(subjects)],
                             description="the printer says offline" if i % 4 == 0 else "see the subject",
                             impact=["high", "medium", "low"][i % 3], urgency="medium"))
    return {"me": me, "other": other, "alice": alice, "bob": bob, "tickets": made}


def _old(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today's answer without the terms: the view checked on the tickets, the words in the index."""
    monkeypatch.setattr(queue, "_view_terms", lambda *_a: None)
    monkeypatch.setattr(queue, "_indexed_count", lambda *_a: None)


PAGE, PAGES = 7, (0, 7, 14, 21)  # the world's 21 tickets and one page past them


def _answers(db: Database, actor: Actor, queries: list[QueueQuery], *,
             paged: bool = True) -> list[tuple[list[int], list[int], int]]:
    """Per query: the whole view, its pages one after the other (`paged=False`, and for other sorts
    than the default: the whole view's first rows, what the pages must add up to) and its count.
    (Each page is a few statements: on PostgreSQL the whole comparison took two minutes.)"""
    out = []
    for q in queries:
        whole = [r.id for r in queue.page(db.uow(), actor, q, limit=500)]
        pages = [r.id for off in PAGES for r in queue.page(db.uow(), actor, q, offset=off, limit=PAGE)] \
            if paged and q.sort == QueueQuery().sort else whole[:PAGES[-1] + PAGE]
        out.append((whole, pages, queue.count(db.uow(), actor, q)))
    return out


ALL_VIEWS = (View.MINE, View.UNASSIGNED, View.TEAM, View.SLA, View.ALL)


def _queries(views: tuple[View, ...] = ALL_VIEWS) -> list[QueueQuery]:
    qs = [QueueQuery(view=v, text=w, sort=s) for v in views for w in WORDS for s in ("updated", "priority")]
    if views != ALL_VIEWS:
        return qs
    qs += [QueueQuery(view=View.MINE, text="printer", statuses=(Status.PENDING_USER,)),
           QueueQuery(view=View.UNASSIGNED, text="printer", statuses=(Status.RESOLVED, Status.OPEN)),
           QueueQuery(view=View.TEAM, text="printer", priorities=(Priority.P2,)),
           QueueQuery(view=View.ALL, text="printer", statuses=(Status.CLOSED,)),
           QueueQuery(view=View.SLA, text="printer", statuses=(Status.NEW, Status.OPEN))]
    return qs


def _compare(db: Database, actor: Actor, monkeypatch: pytest.MonkeyPatch,
             views: tuple[View, ...] = ALL_VIEWS) -> None:
    queries = _queries(views)
    new = _answers(db, actor, queries)
    with monkeypatch.context() as m:  # the old answer's pages are its whole view's (as tested before 0026)
        _old(m)
        old = _answers(db, actor, queries, paged=False)
    for q, a, b in zip(queries, new, old, strict=True):
        assert a == b, q


def test_a_views_filter_gives_what_the_view_and_the_words_give(
        db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    w = _world(db, clock)
    me, other, made = w["me"], w["other"], w["tickets"]
    _compare(db, me, monkeypatch)  # all new and unassigned
    for t in made[:9]:
        workflow.assign(db.uow(), me, t.id, me.id)
    workflow.assign(db.uow(), me, made[9].id, other.id)
    _compare(db, me, monkeypatch)
    for hours in (1, 2, 3, 5, 8):  # the tickets come near their SLA one by one, some of them today
        clock.advance(hours=hours)
        _compare(db, me, monkeypatch, (View.SLA,))
    workflow.change_status(db.uow(), me, made[1].id, Status.PENDING_USER)  # the SLA clock stops
    workflow.change_status(db.uow(), me, made[2].id, Status.IN_PROGRESS)
    workflow.escalate(db.uow(), me, made[3].id, 2, "hardware")  # another team, and unassigned
    workflow.assign(db.uow(), me, made[4].id, None)
    workflow.resolve(db.uow(), me, made[5].id, "done")
    workflow.resolve(db.uow(), me, made[6].id, "done")
    workflow.merge(db.uow(), me, made[10].id, made[11].id)  # the source is closed
    clock.advance(hours=30)  # every open ticket near its SLA by then
    _compare(db, me, monkeypatch)
    workflow.reopen(db.uow(), me, made[5].id, "not fixed")
    workflow.change_status(db.uow(), me, made[1].id, Status.IN_PROGRESS)  # the clock runs again
    workflow.change_status(db.uow(), me, made[6].id, Status.OPEN)  # reopened through a move
    _compare(db, me, monkeypatch)
    _compare(db, other, monkeypatch)


def _raw_terms(db: Database, ticket_id: int) -> set[str]:
    with db.uow() as uow:
        postgres = uow.session.get_bind().dialect.name == "postgresql"
        sql = ("SELECT queue::text FROM ticket_search WHERE ticket_id = :i" if postgres
               else "SELECT requester FROM ticket_search WHERE rowid = :i")
        value = uow.session.scalar(text(sql), {"i": ticket_id})
    return {t.strip("'") for t in str(value).split() if not t.startswith("zzreq")}


def _terms(db: Database, ticket_id: int) -> set[str]:
    """The ticket's view terms; its SLA instant's (year, month, day) checked against the ticket's."""
    terms = _raw_terms(db, ticket_id)
    with db.uow() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket is not None
        warned = (ticket.response_warn_at if ticket.first_responded_at is None and ticket.response_warn_at
                  and (ticket.resolution_warn_at is None or ticket.response_warn_at < ticket.resolution_warn_at)
                  else ticket.resolution_warn_at)
    when = {t for t in terms if t.startswith(("zzqy", "zzqm", "zzqd"))}
    running = "zzqr" in terms
    assert warned is not None or not running
    assert when == ({f"zzqy{warned:%Y}", f"zzqm{warned:%Y%m}", f"zzqd{warned:%Y%m%d}"} if running and warned else set())
    return terms - when


def test_each_document_holds_the_views_of_its_ticket(db: Database, clock: FakeClock) -> None:
    w = _world(db, clock)
    me, made = w["me"], w["tickets"]
    t = made[0].id
    team = next(iter(_terms(db, t) - {"zzqu", "zzqr"}))
    assert team.startswith("zzqt") and _terms(db, t) == {"zzqu", "zzqr", team}
    workflow.assign(db.uow(), me, t, me.id)
    assert _terms(db, t) == {f"zzqa{me.id}", "zzqr", team}
    tickets.reply(db.uow(), me, t, "On it.")  # the first response: the resolution's instant now
    assert _terms(db, t) == {f"zzqa{me.id}", "zzqr", team}
    workflow.change_status(db.uow(), me, t, Status.PENDING_VENDOR)
    assert _terms(db, t) == {f"zzqa{me.id}", team}
    workflow.change_status(db.uow(), me, t, Status.IN_PROGRESS)  # the clock runs, its instants later
    assert _terms(db, t) == {f"zzqa{me.id}", "zzqr", team}
    workflow.resolve(db.uow(), me, t, "done")
    assert _terms(db, t) == set()
    workflow.reopen(db.uow(), me, t, "again")
    assert _terms(db, t) == {f"zzqa{me.id}", "zzqr", team}
    source = made[2].id
    workflow.merge(db.uow(), me, source, made[1].id)
    assert _terms(db, source) == set()


def test_a_views_filter_is_counted_in_the_index(db: Database, clock: FakeClock) -> None:
    """Mine, unassigned, team and all say the view exactly with their terms: no ticket is read to
    count them. The SLA view's time, a status or priority filter, or a ticket number is checked
    on the tickets."""
    w = _world(db, clock)
    me = w["me"]
    for view in (View.MINE, View.UNASSIGNED, View.TEAM, View.ALL):
        with recorded(db) as seen:
            queue.count(db.uow(), me, QueueQuery(view=view, text="printer"))
        counts = [s for s in seen if "count(" in s]
        assert counts and all("tickets" not in s for s in counts), view
    for q in (QueueQuery(view=View.SLA, text="printer"),
              QueueQuery(view=View.MINE, text="printer", priorities=(Priority.P1,)),
              QueueQuery(view=View.ALL, text=w["tickets"][0].number)):
        with recorded(db) as seen:
            queue.count(db.uow(), me, q)
        assert any("tickets" in s for s in seen if "count(" in s), q


def test_old_sla_instants_and_an_early_clock(db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """An instant before queue.OLDEST_YEAR is written as that year's (a query names the years since);
    a clock in or before that year reads the running tickets and checks each one's time."""
    w = _world(db, clock)
    me, made = w["me"], w["tickets"]
    from datetime import UTC, datetime

    with db.uow() as uow:
        for t, year in ((made[0].id, 2011), (made[1].id, 2019)):
            ticket = uow.session.get(Ticket, t)
            assert ticket is not None
            ticket.response_warn_at = ticket.resolution_warn_at = datetime(year, 5, 1, tzinfo=UTC)
        uow.commit()
    assert {t for t in _raw_terms(db, made[0].id) if t.startswith("zzqy")} == {"zzqy2019"}
    _compare(db, me, monkeypatch, (View.SLA,))
    clock.now = datetime(2019, 6, 1, tzinfo=UTC)
    assert queue._view_terms(db.uow(), me, QueueQuery(view=View.SLA, text="printer")) == queue._ViewTerms(
        ("zzqr",), False)
    _compare(db, me, monkeypatch, (View.SLA,))
    assert queue.count(db.uow(), me, QueueQuery(view=View.SLA, text="printer")) > 0


@pytest.mark.parametrize("listed_up_to", [0, 10**6])
def test_a_page_walked_or_listed_is_the_same(db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
                                             listed_up_to: int) -> None:
    """PostgreSQL reads a page among the listed shared tickets, or walks the view in page order
    checking each ticket's document (queue.PG_LISTED_UP_TO); SQLite walks from WALK_FROM matches."""
    w = _world(db, clock)
    me, made = w["me"], w["tickets"]
    for t in made[:6]:
        workflow.assign(db.uow(), me, t.id, me.id)
    monkeypatch.setattr(queue, "PG_LISTED_UP_TO", listed_up_to)
    monkeypatch.setattr(queue, "WALK_FROM", 1 if listed_up_to == 0 else 10**9)
    _compare(db, me, monkeypatch)
