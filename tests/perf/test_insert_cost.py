"""bench/insert_cost.py prices the parts of the schema by inserting copies of tickets through
sqlite3. The figure only means something if a copy does a new ticket's work: these tests check that
it lands in the search index, the agents' open-ticket counts and the queue-sort indexes, and that
each part the bench removes is what it says."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bench import insert_cost
from shared.db.database import Database
from shared.db.url import sqlite_path
from shared.services import queue, workflow
from shared.services.queue import QueueQuery, View
from tests import factories as f

pytestmark = pytest.mark.usefixtures("committed_db")


@pytest.fixture
def raw(engine: Engine) -> Iterator[sqlite3.Connection]:
    path = sqlite_path(engine.url)
    if engine.dialect.name != "sqlite" or path is None:
        pytest.skip("the bench measures SQLite")
    conn = sqlite3.connect(path, isolation_level=None)
    yield conn
    conn.close()


def test_a_copy_does_a_new_tickets_work(committed_db: Database, raw: sqlite3.Connection) -> None:
    agent = f.agent(committed_db, name="budi")
    model = f.ticket(committed_db, f.user(committed_db), subject="Printer toner smudges every page")
    workflow.claim(committed_db.uow(), agent, model.id)
    counted = raw.execute("SELECT open_tickets FROM users WHERE id = ?", (agent.id,)).fetchone()[0]
    new_id = model.id + 1000
    raw.execute(insert_cost.copy_statement(raw), (new_id, model.id))

    assert raw.execute("SELECT rowid FROM ticket_search WHERE ticket_search MATCH 'smudges'").fetchall() == [
        (model.id,), (new_id,)]
    assert raw.execute("SELECT open_tickets FROM users WHERE id = ?", (agent.id,)).fetchone()[0] == counted + 1
    mine = queue.page(committed_db.uow(), agent, QueueQuery(view=View.MINE), limit=10)
    assert {t.id for t in mine} == {model.id, new_id}
    # read through one queue-sort index alone: the copy is in it
    assert (new_id,) in raw.execute("SELECT id FROM tickets INDEXED BY ix_tq_all_updated").fetchall()


def test_each_part_is_what_it_says(raw: sqlite3.Connection) -> None:
    parts = insert_cost.groups(raw)
    sort = next(v for k, v in parts.items() if "queue-sort" in k)
    report = next(v for k, v in parts.items() if "report" in k)
    assert len(sort) >= 30 and all(s.startswith("DROP INDEX ix_tq_") for s in sort)
    assert len(report) >= 6 and not set(sort) & set(report)
    assert parts["without the search document's trigger"] == ["DROP TRIGGER ticket_search_ai"]
    assert parts["as is"] == [] and sorted(parts["without all three"]) == sorted(sort + report + [
        "DROP TRIGGER ticket_search_ai"])
