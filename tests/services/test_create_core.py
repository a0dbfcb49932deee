"""Creation writes its tickets with one Core INSERT, not through a flush (services/creation.py
`_insert_tickets`): the row is complete, the report aggregates count it, the object handed on holds
what was stored, and a change made later in the same transaction is an ordinary versioned UPDATE."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.models import Ticket
from shared.models.enums import Role
from shared.services import tickets
from shared.services._common import event
from shared.services.creation import NewTicket
from tests import factories as f
from tests.services.test_report_aggregates import assert_aggregates_match
from tests.statements import recorded


@contextmanager
def flushed_tickets(db: Database) -> Iterator[list[Ticket]]:
    """The new Ticket objects any flush inside the block wrote."""
    seen: list[Ticket] = []

    def before_flush(session: Session, *_args: Any) -> None:
        seen.extend(obj for obj in session.new if isinstance(obj, Ticket))

    sa_event.listen(db.sessions.class_, "before_flush", before_flush)
    try:
        yield seen
    finally:
        sa_event.remove(db.sessions.class_, "before_flush", before_flush)


def test_new_tickets_are_inserted_once_without_a_flush_and_counted(db: Database) -> None:
    f.agent(db)
    alice, staff = f.user(db), f.user(db, Role.SUPERVISOR)
    with flushed_tickets(db) as flushed, recorded(db) as statements:
        one = tickets.create(db.uow(), alice, subject="Printer on floor 3 jams", description="Kertas macet")
        many = tickets.create_many(db.uow(), staff, [
            NewTicket("VPN drops every hour", requester_id=alice.id),
            NewTicket("Outlook will not sync", requester_id=alice.id, impact="high", urgency="high"),
            NewTicket("Need a new mouse", requester_id=alice.id, ticket_type="service_request")])
    assert flushed == []
    inserts = [s for s in statements if s.startswith("INSERT INTO tickets ")]
    assert len(inserts) == 2  # one for the single ticket, one for the batch of three
    # Nothing reads the new rows back: the details are built from the values written.
    assert not [s for s in statements if s.startswith("SELECT tickets.")]
    assert one.version == 1 and all(d.version == 1 for d in many)
    assert one.assignee is not None
    assert_aggregates_match(db)


def test_the_stored_row_is_what_the_object_holds(db: Database) -> None:
    f.agent(db)
    alice = f.user(db)
    uow = db.uow()
    with uow:
        made = tickets.create(uow, alice, subject="Printer on floor 3 jams", description="Kertas macet")
        ticket = uow.session.get(Ticket, made.id)  # the object creation attached, from the identity map
        assert ticket is not None and inspect(ticket).persistent
        assert not inspect(ticket).expired_attributes and not uow.session.is_modified(ticket)
        held = {c.key: getattr(ticket, attr) for attr, c in inspect(Ticket).columns.items()}
        uow.commit()
    with db.uow() as uow:
        stored = dict(uow.session.execute(select(Ticket.__table__).where(Ticket.__table__.c.id == made.id))
                      .one()._mapping)
    assert stored == held
    assert stored["version"] == 1 and stored["response_warned"] is False and stored["assignee_name"] != ""
    assert stored["response_due_at"] is not None and stored["requester_id"] == alice.id


def test_a_ticket_created_inside_a_callers_transaction_can_be_changed_there(db: Database) -> None:
    f.agent(db, 1)
    f.agent(db, 2)
    alice = f.user(db)
    uow = db.uow()
    with uow:
        made = tickets.create(uow, alice, subject="Laptop will not boot")
        ticket = uow.session.get(Ticket, made.id)
        assert ticket is not None
        ticket.tier = ticket.max_tier = 2  # counted in another tier's open tickets from now on
        event(uow, ticket, alice, "tier", 1, 2)
        uow.commit()
    with db.uow() as uow:
        tier, max_tier, version = uow.session.execute(select(Ticket.tier, Ticket.max_tier, Ticket.version)
                                               .where(Ticket.id == made.id)).one()
    assert (tier, max_tier, version) == (2, 2, 2)
    assert_aggregates_match(db)
