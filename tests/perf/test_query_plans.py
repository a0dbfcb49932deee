"""Query plans of the queue, count and search queries: an index in page order, never a full scan.

These tests assert plans, never durations. A few thousand generated tickets (bench.data, through
the real triggers) and ANALYZE give the planner real statistics; on PostgreSQL sequential scans
and sorts are also switched off, so any remaining Seq Scan or Sort means no usable index exists.
The queries are the ones the services really send, captured from the engine while they run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from bench import data
from shared.auth.permissions import Actor
from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_session_factory
from shared.models.enums import Status
from shared.services import queue, users
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import reset

N = 3000
# Every sort reads an index in page order. By requester the plan walks users by name; it must on
# the unfiltered view (anything else sorts the whole table). The assignee's name is on the ticket.
INDEXED_SORTS = list(queue.SORTABLE)


@pytest.fixture(scope="module")
def loaded(engine: Engine, database_url: str) -> Iterator[dict[str, Actor]]:
    """The generated tickets, loaded once for the module in bulk and committed (the plans are
    explained on another connection), then wiped. The tests only read them."""
    owner = Database(Settings(database_url=database_url, language="en"), engine, make_session_factory(engine))
    f.defaults(owner)
    rows, _none, people = data.make_people(N)
    data._insert(engine, "users", data.USER_COLS, rows)
    with engine.begin() as conn:
        teams = dict(conn.execute(text("SELECT tier, id FROM teams")).all())
        conn.execute(text("INSERT INTO team_members (team_id, user_id) VALUES (:t, :u)"),
                     [{"t": teams[tier], "u": uid} for tier, ids in people["agents"].items() for uid in ids])
    for tickets, entries in data.ticket_rows(engine, N, people):
        data._insert(engine, "tickets", data.TICKET_COLS, tickets)
        data._insert(engine, "timeline_entries", data.ENTRY_COLS, entries)
    data.analyze(engine)
    agent = people["agents"][1][0]
    with engine.connect() as conn:
        names = dict(conn.execute(text("SELECT id, username FROM users WHERE id IN (:a, :r)"),
                                  {"a": agent, "r": people["requesters"][0]}).all())
    yield {"agent": users.actor_for(owner.uow(), names[agent]),
           "requester": users.actor_for(owner.uow(), names[people["requesters"][0]])}
    reset(engine)


def captured(engine: Engine, call: Callable[[], Any]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):  # WITH: a listed text filter (PostgreSQL)
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


def plan(engine: Engine, statement: str, parameters: Any, *, sort_ok: bool = False,
         settings: tuple[str, ...] = ()) -> str:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "postgresql":
            # Off, a seq scan or a sort is only chosen when no index can give the rows (in order).
            cur.execute("SET enable_seqscan = off")
            cur.execute(f"SET enable_sort = {'on' if sort_ok else 'off'}")
            for setting in settings:
                cur.execute(f"SET {setting}")
            cur.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            return json.dumps(cur.fetchone()[0])
        # A pooled connection keeps the statistics it read when it opened (ANALYZE elsewhere does
        # not reload them): read the loaded data's statistics again before asking for the plan.
        cur.execute("ANALYZE sqlite_schema")
        cur.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(str(r[-1]) for r in cur.fetchall())
    finally:
        raw.close()


def assert_index_ordered(engine: Engine, text_plan: str, what: str, *, rowid_order: bool = False) -> None:
    if engine.dialect.name == "postgresql":
        nodes = json.loads(text_plan)
        found = _pg_nodes(nodes[0]["Plan"])
        assert not [n for n in found if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "tickets"], \
            f"{what}: full scan of tickets\n{text_plan}"
        assert "Sort" not in {n["Node Type"] for n in found}, f"{what}: sorts instead of reading in order\n{text_plan}"
    else:
        assert "TEMP B-TREE FOR ORDER BY" not in text_plan, f"{what}: sorts instead of reading in order\n{text_plan}"
        for line in text_plan.splitlines():
            # A bare SCAN with no sorter reads the table in rowid (= number) order and stops at LIMIT.
            full = line.startswith("SCAN tickets") and "USING" not in line and not rowid_order
            assert not full, f"{what}: full scan\n{text_plan}"


def _pg_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = [node]
    for child in node.get("Plans", []):
        out += _pg_nodes(child)
    return out


VIEWS = [View.MINE, View.UNASSIGNED, View.TEAM, View.SLA, View.ALL]


@pytest.mark.parametrize("view", VIEWS)
def test_queue_pages_read_an_index_in_page_order(db: Database, engine: Engine, loaded: dict[str, Actor],
                                                 view: View) -> None:
    actor = loaded["agent"]
    for sort in INDEXED_SORTS:
        if sort == "requester" and view != View.ALL:
            continue  # on a filtered view the planner may rightly sort the few matching rows
        for descending in (True, False):
            q = QueueQuery(view=view, sort=sort, descending=descending)
            first = queue.page(db.uow(), actor, q)
            after = queue.sort_key(first[-1], sort) if first else (0, 0)
            for kw in ({}, {"after": after}):
                [(statement, params)] = [s for s in captured(engine, lambda kw=kw, q=q: queue.page(
                    db.uow(), actor, q, **kw)) if "FROM tickets" in s[0]]
                assert_index_ordered(engine, plan(engine, statement, params), f"{view} by {sort} {kw}",
                                     rowid_order=sort == "number")


def test_counts_use_an_index(db: Database, engine: Engine, loaded: dict[str, Actor]) -> None:
    for view in VIEWS:
        statements = captured(engine, lambda v=view: queue.count(db.uow(), loaded["agent"], QueueQuery(view=v)))
        for statement, params in statements:
            found = plan(engine, statement, params, sort_ok=True)
            if view == View.ALL:
                continue  # counting every ticket reads the smallest index whole: that is the count
            if engine.dialect.name == "postgresql":
                assert '"Seq Scan"' not in found, f"{view}: {found}"
            else:
                assert not any(line.startswith("SCAN tickets") and "INDEX" not in line
                               for line in found.splitlines()), f"{view}: {found}"


@pytest.mark.parametrize("who", ["agent", "requester"])
@pytest.mark.parametrize("words", ["printer offline", "0x80070005 SSL-17"])
def test_search_uses_the_full_text_index(db: Database, engine: Engine, loaded: dict[str, Actor], who: str,
                                         words: str) -> None:
    statements = captured(engine, lambda: queue.search(db.uow(), loaded[who], words))
    # The statements that match words (PostgreSQL may first ask for the plan of one, and for the
    # newest id when it reads span by span: queue._search_by_spans).
    ranked = [s for s in statements if "ticket_search" in s[0] and "tsvector_to_array" not in s[0]
              and not s[0].startswith("EXPLAIN") and "max(" not in s[0]]
    assert ranked
    for statement, params in ranked:
        found = plan(engine, statement, params, sort_ok=True)  # ranking sorts the matches
        if engine.dialect.name == "postgresql":
            assert '"Seq Scan"' not in found, found
            # Walking the documents newest first until the search window is full is a fine plan
            # on a few thousand rows (and for common words at any size); the GIN index must be
            # what answers the match once that walk is ruled out.
            if who == "agent":
                gin = plan(engine, statement, params, sort_ok=True, settings=("enable_indexscan = off",))
                assert "ix_ticket_search_doc" in gin, gin
        else:
            assert "VIRTUAL TABLE INDEX" in found, found
            assert not any(line.startswith("SCAN tickets") and "USING" not in line
                           for line in found.splitlines()), found


def test_queue_text_filter_uses_the_full_text_index(db: Database, engine: Engine, loaded: dict[str, Actor]) -> None:
    statements = captured(engine, lambda: queue.page(db.uow(), loaded["agent"], QueueQuery(text="toner")))
    [(statement, params)] = [s for s in statements if "FROM tickets" in s[0]]
    found = plan(engine, statement, params, sort_ok=True)
    if engine.dialect.name == "postgresql":
        # For a common word PostgreSQL rightly walks the queue in page order and checks each
        # ticket's document by key; for a rare one it asks the GIN index. Never a full scan.
        assert '"Seq Scan"' not in found, found
        rare = [s for s in captured(engine, lambda: queue.page(db.uow(), loaded["agent"], QueueQuery(
            text="0x80070005 SSL-17"))) if "FROM tickets" in s[0]]
        assert "ix_ticket_search_doc" in plan(engine, *rare[0], sort_ok=True)
    else:
        assert "VIRTUAL TABLE INDEX" in found, found


@pytest.mark.parametrize("words", ["printer offline", "0x80070005 SSL-17", "toner"])
def test_a_requesters_search_is_answered_by_the_index_alone(db: Database, engine: Engine, loaded: dict[str, Actor],
                                                            words: str) -> None:
    """SQLite: the requester is a token of each search document (migration 0020): the ranked
    statement intersects the words with it inside the full-text index and never visits tickets to
    find out whose a match is (the old plan looked up every match of a common word). PostgreSQL
    checks the requester's own documents by key (test_search_uses_the_full_text_index)."""
    if engine.dialect.name == "postgresql":
        pytest.skip("the requester token is SQLite's path")
    statements = captured(engine, lambda: queue.search(db.uow(), loaded["requester"], words))
    # The statements that match words (PostgreSQL may first ask for the plan of one, and for the
    # newest id when it reads span by span: queue._search_by_spans).
    ranked = [s for s in statements if "ticket_search" in s[0] and "tsvector_to_array" not in s[0]
              and not s[0].startswith("EXPLAIN") and "max(" not in s[0]]
    assert ranked
    for statement, params in ranked:
        assert "tickets" not in statement, statement
        found = plan(engine, statement, params, sort_ok=True)
        assert "VIRTUAL TABLE INDEX" in found, found
        assert "tickets" not in found, found


def _text_page_statement(db: Database, engine: Engine, actor: Actor, q: QueueQuery) -> tuple[str, Any]:
    [found] = [s for s in captured(engine, lambda: queue.page(db.uow(), actor, q)) if "FROM tickets" in s[0]]
    return found


def test_a_common_words_page_walks_the_view_in_page_order_and_a_rare_words_looks_its_matches_up(
        db: Database, engine: Engine, loaded: dict[str, Actor], monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite cannot estimate how many documents match: a text-filtered page used to look every
    match up by key and sort them all (210 ms for "printer" at 1M). From WALK_FROM matches it walks
    the view's index in page order and stops at the page; below, it looks the few matches up."""
    if engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL's planner makes this choice itself (test_queue_text_filter_uses_the_full_text_index)")
    actor = loaded["agent"]
    with engine.connect() as conn:
        common = conn.scalar(text("SELECT count(*) FROM ticket_search WHERE ticket_search MATCH '\"toner\"*'"))
        rare = conn.scalar(text("SELECT count(*) FROM ticket_search WHERE ticket_search MATCH '\"0x80070005\"*'"))
    assert 0 < rare < common
    # The matches counted are the view's (migration 0026: its terms and the words), which in a
    # small view may be few for a common word: every view walks from one match on here.
    monkeypatch.setattr(queue, "WALK_FROM", 1)
    for view in VIEWS:
        for sort in ("updated", "created", "priority", "subject"):
            walked = plan(engine, *_text_page_statement(db, engine, actor, QueueQuery(view=view, sort=sort,
                                                                                     text="toner")))
            assert_index_ordered(engine, walked, f"{view} by {sort}, a common word")
            assert "VIRTUAL TABLE INDEX" in walked, walked
    monkeypatch.setattr(queue, "WALK_FROM", (rare + common) // 2)
    looked_up = plan(engine, *_text_page_statement(db, engine, actor, QueueQuery(text="0x80070005")), sort_ok=True)
    assert "SEARCH tickets USING INTEGER PRIMARY KEY" in looked_up, looked_up
    # A count reads every match whatever the word: by key.
    [(statement, params)] = [s for s in captured(engine, lambda: queue.count_or_estimate(
        db.uow(), actor, QueueQuery(text="toner"))) if "FROM tickets" in s[0]]
    assert "SEARCH tickets USING INTEGER PRIMARY KEY" in plan(engine, statement, params, sort_ok=True)


@pytest.mark.parametrize("words", ["toner", "printer offline"])
def test_a_text_filtered_page_is_the_same_whichever_way_it_is_read(
        db: Database, engine: Engine, loaded: dict[str, Actor], monkeypatch: pytest.MonkeyPatch, words: str) -> None:
    """Every sort, both directions, a keyset page after the first and a deep OFFSET page: the rows
    read by walking the view equal the rows read by looking the matches up."""
    actor = loaded["agent"]

    def pages(walk_from: int) -> list[list[int]]:
        monkeypatch.setattr(queue, "WALK_FROM", walk_from)
        out = []
        for view in (View.ALL, View.TEAM, View.UNASSIGNED):
            for sort in queue.SORTABLE:
                for descending in (True, False):
                    q = QueueQuery(view=view, sort=sort, descending=descending, text=words)
                    first = queue.page(db.uow(), actor, q, limit=10)
                    out.append([r.id for r in first])
                    if first:
                        after = queue.sort_key(first[-1], sort)
                        out.append([r.id for r in queue.page(db.uow(), actor, q, limit=10, after=after)])
                    out.append([r.id for r in queue.page(db.uow(), actor, q, offset=queue.DEEP_OFFSET, limit=10)])
        return out

    walked, looked_up = pages(1), pages(10**9)
    assert walked == looked_up
    assert sum(map(len, walked)) > 100  # the words match enough tickets for the pages to mean something


@pytest.mark.parametrize("view", [View.UNASSIGNED, View.MINE])
def test_a_big_view_by_requester_walks_the_users_by_name(db: Database, engine: Engine, loaded: dict[str, Actor],
                                                         view: View, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite: a view of many tickets sorted by requester walks users by name and each one's active
    tickets (the assignee's index hidden) instead of sorting every ticket of the view (88 ms for
    24,740 unassigned tickets at 1M); a small view is still sorted. The same rows either way,
    page after page."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner estimates the view and makes this choice itself")
    actor = loaded["agent"]

    def pages(q: QueueQuery) -> list[list[int]]:
        out, after = [], None
        for _ in range(4):
            rows = queue.page(db.uow(), actor, q, limit=7, after=after)
            out.append([r.id for r in rows])
            if not rows:
                break
            after = queue.sort_key(rows[-1], q.sort)
        return out

    for descending in (False, True):
        q = QueueQuery(view=view, sort="requester", descending=descending)
        in_view = queue.count(db.uow(), actor, q)
        assert in_view > 20, in_view  # a page walks; the test's data has enough for a few pages
        monkeypatch.setattr(queue, "REQUESTERS_WALKED_FROM", in_view + 1)
        [(statement, params)] = [s for s in captured(engine, lambda q=q: queue.page(db.uow(), actor, q))
                                 if "FROM tickets" in s[0] and "LIMIT" in s[0] and "count" not in s[0]]
        assert "TEMP B-TREE FOR ORDER BY" in plan(engine, statement, params), "a small view is sorted"
        sorted_pages = pages(q)
        monkeypatch.setattr(queue, "REQUESTERS_WALKED_FROM", in_view)
        [(statement, params)] = [s for s in captured(engine, lambda q=q: queue.page(db.uow(), actor, q))
                                 if "FROM tickets" in s[0] and "LIMIT" in s[0] and "count" not in s[0]]
        assert_index_ordered(engine, plan(engine, statement, params), f"{view} by requester")
        assert pages(q) == sorted_pages


def test_the_sla_view_by_status_starts_past_the_waiting_tickets(db: Database, engine: Engine,
                                                                loaded: dict[str, Actor]) -> None:
    """The SLA view holds no waiting ticket (their clocks are paused), and says so on the status
    order as well: a page by status reads a range of the status index that ends before the
    waiting tickets' entries, instead of reading each one's row to drop it (154 ms at 1M,
    descending, where they come first). The same rows, in the same order, as sorting the view."""
    actor = loaded["agent"]
    every = queue.page(db.uow(), actor, QueueQuery(view=View.SLA, sort="number"), limit=500)
    assert 0 < len(every) < 500 and not [r for r in every if r.status.pauses_sla]
    for descending in (True, False):
        q = QueueQuery(view=View.SLA, sort="status", descending=descending)
        [(statement, params)] = [s for s in captured(engine, lambda q=q: queue.page(db.uow(), actor, q))
                                 if "FROM tickets" in s[0]]
        explained = plan(engine, statement, params)
        if engine.dialect.name == "postgresql":
            scans = [n for n in _pg_nodes(json.loads(explained)[0]["Plan"])
                     if n.get("Index Name") == "ix_tq_active_status"]
            assert scans and "CASE" in scans[0].get("Index Cond", ""), explained
        else:
            assert "USING INDEX ix_tq_active_status (<expr><?)" in explained, explained
        order = list(Status)
        expected = sorted(every, key=lambda r: (order.index(r.status), r.id), reverse=descending)
        got, after = [], None
        while rows := queue.page(db.uow(), actor, q, limit=50, after=after):
            got += rows
            after = queue.sort_key(rows[-1], "status")
        assert [r.id for r in got] == [r.id for r in expected]


def test_an_unassigned_page_is_read_in_order_from_the_unassigned_index(db: Database, engine: Engine,
                                                                     loaded: dict[str, Actor]) -> None:
    """PostgreSQL does not take `assignee_id IS NULL` as fixing the column for the order, so it did
    not see that (assignee_id, key, id) gives an unassigned page in order, and with few unassigned
    tickets expected it read every active one and sorted them (141 ms for a page of 200 at 1M). The
    page orders by the assignee first (NULL for all), and the index gives it in order. (On the
    test's few tickets a sort is cheaper; asked to avoid one, the planner shows which index can
    give the order.) The same rows as the view sorted."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes IS NULL as an equality for the index's order")
    actor = loaded["agent"]
    every = queue.page(db.uow(), actor, QueueQuery(view=View.UNASSIGNED, sort="number"), limit=500)
    assert 0 < len(every) < 500
    for sort in ("priority", "updated", "tier"):
        for descending in (False, True):
            q = QueueQuery(view=View.UNASSIGNED, sort=sort, descending=descending)
            [(statement, params)] = [s for s in captured(engine, lambda q=q: queue.page(db.uow(), actor, q))
                                     if "FROM tickets" in s[0]]
            nodes = _pg_nodes(json.loads(plan(engine, statement, params))[0]["Plan"])
            assert "Sort" not in {n["Node Type"] for n in nodes}, (sort, descending, nodes)
            assert f"ix_tq_mine_{sort}" in {n.get("Index Name") for n in nodes}
            got = [r.id for r in queue.page(db.uow(), actor, q, limit=500)]
            key = {"priority": lambda r: r.priority.value, "updated": lambda r: r.updated_at,
                   "tier": lambda r: r.tier}[sort]
            assert got == [r.id for r in sorted(every, key=lambda r: (key(r), r.id), reverse=descending)]


def test_the_sort_sweep_reads_every_view_by_every_sort(database_url: str, loaded: dict[str, Actor]) -> None:
    """bench/sort_sweep.py: one page of each view × sort × direction, slowest first."""
    from bench import sort_sweep

    pages = sort_sweep.sweep(database_url, limit=20, reps=1)
    assert {(p[1], p[2], p[3]) for p in pages} == {
        (v.value, s, d) for v in sort_sweep.VIEWS for s in queue.SORTABLE for d in ("ascending", "descending")}
    assert len(pages) == len(VIEWS) * len(queue.SORTABLE) * 2
    assert [p[0] for p in pages] == sorted((p[0] for p in pages), reverse=True)


def test_the_filter_sweep_reads_every_view_by_every_word(database_url: str, loaded: dict[str, Actor]) -> None:
    """bench/filter_sweep.py: a page and the count of each view × words, slowest first."""
    from bench import filter_sweep

    rows = filter_sweep.sweep(database_url, limit=20, reps=1, words=("printer", "zzzq"))
    assert {(r[5], r[6]) for r in rows} == {(v.value, w) for v in filter_sweep.VIEWS for w in ("printer", "zzzq")}
    assert [max(r[0], r[1]) for r in rows] == sorted((max(r[0], r[1]) for r in rows), reverse=True)
    assert all(r[4] == 0 for r in rows if r[6] == "zzzq") and any(r[4] > 0 for r in rows if r[6] == "printer")
