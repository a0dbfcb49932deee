"""Queue views, filters, sorting, OFFSET and keyset paging, counts, saved filters."""

import pytest

from shared.db.database import Database
from shared.errors import NotFound, ValidationFailed
from shared.models.enums import Priority, Status
from shared.services import queue, tickets, workflow
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import FakeClock
from tests.replay import built_once


@pytest.fixture
@built_once
def world(db: Database, clock: FakeClock) -> dict:  # type: ignore[type-arg]
    me = f.agent(db, name="me")
    other = f.agent(db, name="other", teams=("Desktop Support",))
    from shared.services import users

    users.set_on_duty(db.uow(), me, me.id or 0, False)  # no auto-assignment: the test decides
    alice, bob = f.user(db, full_name="Alice"), f.user(db, full_name="Bob")
    made = []
    for i in range(30):
        clock.advance(minutes=7)
        t = f.ticket(db, alice if i % 3 else bob, subject=f"Issue {i:02d} printer" if i % 2 else f"Issue {i:02d} vpn",
                     impact=["high", "medium", "low"][i % 3], urgency="medium")
        made.append(t)
    for t in made[:8]:
        workflow.assign(db.uow(), me, t.id, me.id)
    for t in made[8:10]:
        workflow.escalate(db.uow(), me, t.id, 2, "hardware")
    workflow.resolve(db.uow(), me, made[0].id, "done")
    return {"me": me, "other": other, "alice": alice, "bob": bob, "tickets": made}


def ids(rows: list) -> list[int]:  # type: ignore[type-arg]
    return [r.id for r in rows]


def test_views(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    me, made = world["me"], world["tickets"]
    mine = queue.page(db.uow(), me, QueueQuery(view=View.MINE), limit=100)
    assert set(ids(mine)) == {t.id for t in made[1:8]}  # the resolved one drops out of active views
    unassigned = queue.page(db.uow(), me, QueueQuery(view=View.UNASSIGNED), limit=100)
    assert set(ids(unassigned)) == {t.id for t in made[8:]}
    team = queue.page(db.uow(), me, QueueQuery(view=View.TEAM), limit=100)
    assert set(ids(team)) == {t.id for t in made[1:8] + made[10:]}  # the escalated ones left the team
    everything = queue.count(db.uow(), me, QueueQuery(view=View.ALL))
    assert everything == 30
    assert queue.count(db.uow(), me, QueueQuery(view=View.ALL, statuses=(Status.RESOLVED,))) == 1


def test_requesters_only_ever_see_their_own(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    bob = world["bob"]
    rows = queue.page(db.uow(), bob, QueueQuery(view=View.ALL), limit=100)
    assert len(rows) == 10 and all(r.requester == "Bob" for r in rows)
    # Whatever view a requester asks for, the queue is theirs alone.
    assert queue.count(db.uow(), bob, QueueQuery(view=View.UNASSIGNED, statuses=tuple(Status))) == 10


def test_sla_view(db: Database, world: dict, clock: FakeClock) -> None:  # type: ignore[type-arg]
    me = world["me"]
    before = queue.page(db.uow(), me, QueueQuery(view=View.SLA), limit=100)
    unanswered_near = [r for r in before if r.first_responded_at is None]
    assert all(r.response_due_at is not None for r in unanswered_near)
    clock.advance(hours=30)
    after = queue.page(db.uow(), me, QueueQuery(view=View.SLA), limit=100)
    assert len(after) > len(before)
    assert all(r.status.is_active and not r.sla_paused for r in after)
    assert len(after) == queue.count(db.uow(), me, QueueQuery(view=View.SLA)) == 29  # every active ticket by then


@pytest.mark.parametrize("sort", queue.SORTABLE)
def test_every_column_sorts_both_ways(db: Database, world: dict, sort: str) -> None:  # type: ignore[type-arg]
    me = world["me"]
    asc = queue.page(db.uow(), me, QueueQuery(sort=sort, descending=False), limit=100)
    desc = queue.page(db.uow(), me, QueueQuery(sort=sort, descending=True), limit=100)
    assert len(asc) == len(desc) == 30
    assert ids(asc) == list(reversed(ids(desc)))


def test_priority_sort_is_by_urgency_not_alphabet(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    rows = queue.page(db.uow(), world["me"], QueueQuery(sort="priority", descending=False), limit=100)
    order = [r.priority for r in rows]
    assert order == sorted(order, key=lambda p: int(p.value[1]))


def test_offset_and_keyset_pages_agree(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    me = world["me"]
    query = QueueQuery(sort="created", descending=True)
    everything = ids(queue.page(db.uow(), me, query, limit=100))
    by_offset, by_keyset, after = [], [], None
    for page_no in range(4):
        by_offset += ids(queue.page(db.uow(), me, query, offset=page_no * 8, limit=8))
        rows = queue.page(db.uow(), me, query, limit=8, after=after)
        by_keyset += ids(rows)
        if rows:
            after = queue.sort_key(rows[-1], "created")
    assert by_offset == by_keyset == everything


def test_filters_and_text_search(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    me, made = world["me"], world["tickets"]
    p1 = queue.page(db.uow(), me, QueueQuery(priorities=(Priority.P2,)), limit=100)
    assert p1 and all(r.priority == Priority.P2 for r in p1)
    vpn = queue.page(db.uow(), me, QueueQuery(text="VPN"), limit=100)
    assert len(vpn) == 15 and all("vpn" in r.subject for r in vpn)
    by_number = queue.page(db.uow(), me, QueueQuery(text=made[4].number), limit=100)
    assert made[4].id in ids(by_number)
    assert queue.count(db.uow(), me, QueueQuery(text="issue 07 printer")) == 1


def test_bad_sort_and_page_are_refused(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationFailed, match="sort"):
        queue.page(db.uow(), world["me"], QueueQuery(sort="password"))
    with pytest.raises(ValidationFailed):
        queue.page(db.uow(), world["me"], QueueQuery(), limit=10_000)


def test_saved_filters_are_per_user(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    me, other = world["me"], world["other"]
    q = QueueQuery(view=View.ALL, priorities=(Priority.P1, Priority.P2), text="printer", sort="priority")
    fid = queue.save_filter(db.uow(), me, "Urgent printers", q)
    [(got_id, name, restored)] = queue.saved_filters(db.uow(), me)
    assert (got_id, name, restored) == (fid, "Urgent printers", q)
    assert queue.saved_filters(db.uow(), other) == []
    with pytest.raises(NotFound):
        queue.delete_filter(db.uow(), other, fid)
    queue.delete_filter(db.uow(), me, fid)
    assert queue.saved_filters(db.uow(), me) == []


def test_rows_carry_what_the_list_shows(db: Database, world: dict) -> None:  # type: ignore[type-arg]
    row = queue.page(db.uow(), world["me"], QueueQuery(view=View.MINE, sort="number", descending=False))[0]
    detail = tickets.get(db.uow(), world["me"], row.id)
    assert (row.number, row.subject, row.requester, row.assignee, row.resolution_due_at) == (
        detail.number, detail.subject, detail.requester.full_name, detail.assignee.full_name if detail.assignee
        else None, detail.resolution_due_at)


@pytest.mark.parametrize("sort", queue.SORTABLE)
def test_deep_offset_pages_found_through_the_index_are_the_offset_pages(
        db: Database, world: dict, sort: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    """From DEEP_OFFSET on, a page is read by keyset from the row before it: the same rows, for
    every sort and direction, ties included (many tickets share a priority, status or tier)."""
    me = world["me"]
    for descending in (False, True):
        query = QueueQuery(sort=sort, descending=descending)
        everything = ids(queue.page(db.uow(), me, query, limit=100))
        monkeypatch.setattr(queue, "DEEP_OFFSET", 1)
        pages = [ids(queue.page(db.uow(), me, query, offset=o, limit=7)) for o in (1, 7, 13, 27, 29, 30, 45)]
        monkeypatch.setattr(queue, "DEEP_OFFSET", 10**9)
        assert pages == [everything[o:o + 7] for o in (1, 7, 13, 27, 29, 30, 45)]
