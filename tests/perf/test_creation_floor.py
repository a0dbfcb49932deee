"""bench/creation_floor.py measures the database's limit by replaying one creation's statements
through the driver. That figure only means something if the replay does the same work: these
tests check that a replayed ticket is stored exactly as the service layer stored the recorded one
(its row, its timeline, its notifications, its search document, the agent's open-ticket count)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from bench import creation_floor
from shared.db.database import Database
from shared.models import OutboxMessage, Ticket, TimelineEntry, User
from shared.services import queue
from tests import factories as f

pytestmark = pytest.mark.usefixtures("committed_db")


def _ticket(db: Database, ticket_id: int) -> dict[str, Any]:
    with db.uow() as uow:
        row = uow.session.execute(select(Ticket.__table__).where(Ticket.id == ticket_id)).one()._asdict()
    return {k: v for k, v in row.items() if k != "id"}


def _children(db: Database, ticket_id: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with db.uow() as uow:
        entries = [tuple(r) for r in uow.session.execute(
            select(TimelineEntry.kind, TimelineEntry.author_id, TimelineEntry.field, TimelineEntry.new_value,
                   TimelineEntry.ticket_version).where(TimelineEntry.ticket_id == ticket_id)
            .order_by(TimelineEntry.id))]
        outbox = [tuple(r) for r in uow.session.execute(
            select(OutboxMessage.kind, OutboxMessage.channel, OutboxMessage.recipient_id)
            .where(OutboxMessage.ticket_id == ticket_id).order_by(OutboxMessage.id))]
    return entries, outbox


def _replay_once(db: Database, recorded: creation_floor.Recorded) -> int:
    raw = db.engine.raw_connection()
    try:
        recorded.replay(raw.cursor())
        raw.commit()
    finally:
        raw.close()
    with db.uow() as uow:
        return int(uow.session.scalar(select(Ticket.id).order_by(Ticket.id.desc()).limit(1)))


def test_a_replayed_creation_stores_what_the_service_layer_stored(db: Database) -> None:
    f.defaults(db)
    agent = f.agent(db, teams=("Service Desk",))
    alice = f.user(db)
    recorded = creation_floor.record(db, alice)
    assert any(sql.lstrip().upper().startswith("INSERT INTO TICKETS") for sql, _, _ in recorded.statements)

    new_id = _replay_once(db, recorded)

    assert new_id != recorded.ticket_id
    assert _ticket(db, new_id) == _ticket(db, recorded.ticket_id)
    entries, outbox = _children(db, new_id)
    assert entries and (entries, outbox) == _children(db, recorded.ticket_id)
    # The triggers ran too: the search document, and the assignee's count of open tickets.
    with db.uow() as uow:
        every_ticket = set(uow.session.scalars(select(Ticket.id)))
    assert len(every_ticket) == 4  # record() made three, the replay a fourth
    assert {t.id for t in queue.search(db.uow(), alice, "jams")} == every_ticket
    assert _ticket(db, new_id)["assignee_id"] == agent.id  # auto-assigned to the one agent on duty
    with db.uow() as uow:
        assert uow.session.scalar(select(User.open_tickets).where(User.id == agent.id)) == 4
        assert uow.session.scalar(text("SELECT count(*) FROM tickets WHERE assignee_id = :a"), {"a": agent.id}) == 4


def test_only_the_parameters_that_held_each_recorded_ticket_s_id_are_renamed() -> None:
    # ticket 1 at version 1, then ticket 2 at version 1: the version is not an id
    assert creation_floor.id_slots((1, 1, "1"), (2, 1, "2"), False, 1, 2) == [(0, 0)]
    assert creation_floor.id_slots([(5, 1), (5, 7)], [(6, 1), (6, 7)], True, 5, 6) == [(0, 0), (1, 0)]
    by_name = creation_floor.id_slots({"ticket_id": 5, "n": 5}, {"ticket_id": 6, "n": 5}, False, 5, 6)
    assert by_name == [(0, "ticket_id")]
    assert creation_floor.id_slots(None, None, False, 5, 6) == []
    assert creation_floor._with_id((6, 1, "6"), False, [(0, 0)], 9) == (9, 1, "6")
    assert creation_floor._with_id([(6, 1), (6, 2)], True, [(0, 0), (1, 0)], 9) == [(9, 1), (9, 2)]
