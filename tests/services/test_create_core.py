"""Creation writes its tickets with one Core INSERT, not through a flush (services/creation.py
`_insert_tickets`): the row is complete, the report aggregates count it, the object handed on holds
what was stored, and a change made later in the same transaction is an ordinary versioned UPDATE."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.models import AuditLog, Ticket, TimelineEntry
from shared.models.enums import Role
from shared.services import tickets
from shared.services._common import event
from shared.services.creation import NewTicket
from shared.services.report_aggregates import Delta, _upsert
from tests import factories as f
from tests.services.test_report_aggregates import _contents, assert_aggregates_match
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
    assert not [s for s in statements if s.startswith(("SELECT tickets.", "SELECT timeline_entries."))]
    # The entries' ids come back from their INSERT, one per call, and name the stored entries.
    assert len([s for s in statements if s.startswith("INSERT INTO timeline_entries ")]) == 2
    for made in many:  # as staff see them (a requester is shown no events)
        assert [(e.id, e.field) for e in made.entries] == [
            (e.id, e.field) for e in tickets.get(db.uow(), staff, made.id).entries]
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


def test_on_postgresql_a_tickets_aggregates_are_one_statement(db: Database) -> None:
    """PostgreSQL: the four upserts of a new ticket (per-day groups, quarter hour, open, per-block
    groups) are one round trip; SQLite, where a statement costs no round trip, keeps one per table."""
    f.agent(db)
    alice = f.user(db)
    with recorded(db) as statements:
        tickets.create(db.uow(), alice, subject="Printer on floor 3 jams")
    upserts = [s for s in statements if "ON CONFLICT" in s and "report_" in s]
    if db.engine.dialect.name == "postgresql":
        assert len(upserts) == 1 and upserts[0].startswith("WITH ")
        assert all(f"INSERT INTO {t} " in upserts[0] for t in ("report_days", "report_quarters", "report_open",
                                                                "report_blocks"))
    else:
        assert len(upserts) == 4
    assert_aggregates_match(db)


def _sample_delta() -> Delta:
    """Changes to every aggregate table, several rows each."""
    delta = Delta()
    for tier, day in ((1, 20000), (2, 20000), (1, 20001)):
        delta.open[(tier, day)] += 2
        delta.quarters[day * 96 + tier] += 1
        delta.durations[("response", day, tier)] += 1
        delta.key_durations[("response", "all", day, str(tier), 3)] += 1
        delta.days[("all", day, str(tier))][0] += 1
        delta.blocks[("all", day // 28, str(tier))][0] += 1
        delta.key_rollups[("response", "agent", 7, day // 7, str(tier), 3)] += 1
    return delta


def test_the_combined_upsert_adds_as_the_table_by_table_one(db: Database) -> None:
    """One statement (PostgreSQL) adds what the upserts one table at a time add, new rows and
    rows already there alike (each change is applied twice)."""
    def applied(combined: bool) -> dict[str, set[tuple[Any, ...]]]:
        delta = _sample_delta()
        with db.uow() as uow:
            conn = uow.session.connection()
            for _twice in range(2):
                if combined:
                    delta.apply(conn)
                else:
                    for table, rows in delta.batches():
                        conn.execute(_upsert(conn.dialect, table), rows)
            found = _contents(conn)
            uow.session.rollback()
        return found

    with db.uow() as uow:
        empty = _contents(uow.session.connection())
    together = applied(True)
    assert together == applied(False)
    assert together != empty and (1, 20000, 4) in together["report_open"]


def test_postgresql_runs_the_combined_upserts_in_the_table_by_table_order(db: Database) -> None:
    """The combined statement relies on PostgreSQL running WITH queries last to first (so the rows
    are locked in the order the other path locks them): checked on this server with triggers that
    log each insert, in a transaction that is rolled back."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (python -m tools.pg run …)")
    delta = Delta()
    delta.days[("all", 20000, "")][0] += 1
    delta.quarters[20000 * 96] += 1
    delta.durations[("response", 20000, 3)] += 1
    delta.open[(1, 20000)] += 1
    delta.key_durations[("response", "all", 20000, "", 3)] += 1
    tables = ["report_days", "report_quarters", "report_durations", "report_open", "report_key_durations"]
    with db.uow() as uow:
        conn = uow.session.connection()
        conn.execute(text("CREATE TABLE order_log (seq serial, name text)"))
        conn.execute(text("CREATE FUNCTION log_order() RETURNS trigger AS $$ BEGIN "
                          "INSERT INTO order_log (name) VALUES (TG_TABLE_NAME); RETURN NEW; END $$ LANGUAGE plpgsql"))
        for table in tables:
            conn.execute(text(f"CREATE TRIGGER log_order BEFORE INSERT ON {table} "
                              "FOR EACH ROW EXECUTE FUNCTION log_order()"))
        with recorded(db) as statements:
            delta.apply(conn)
        logged = list(conn.scalars(text("SELECT name FROM order_log ORDER BY seq")))
        uow.session.rollback()
    assert len(statements) == 1
    assert logged == tables


def test_what_a_caller_added_before_is_written_before_the_ticket(db: Database) -> None:
    """Inside a caller's transaction, rows it added earlier still go out before the new ticket's,
    as when the ticket was flushed with them."""
    f.agent(db)
    alice = f.user(db)
    uow = db.uow()
    with uow, recorded(db) as statements:
        uow.session.add(AuditLog(actor_id=alice.id, action="mail.received", entity="mail", entity_id=None,
                                 detail={}, created_at=uow.now()))
        tickets.create(uow, alice, subject="Printer on floor 3 jams")
        uow.commit()
    inserts = [s.split(" ")[2] for s in statements if s.startswith("INSERT INTO ")]
    assert inserts.index("audit_log") < inserts.index("tickets")


def test_a_new_ticket_and_its_entries_are_made_without_attribute_events(db: Database) -> None:
    """The ticket and its entries are built with their values in place (`_common.transient`): a
    constructor fires an attribute event per value, ~20 µs a ticket, for a history nothing reads."""
    f.agent(db)
    alice, staff = f.user(db), f.user(db, Role.SUPERVISOR)
    watched = (Ticket.subject, Ticket.requester_id, Ticket.status, TimelineEntry.field, TimelineEntry.kind)
    fired: list[str] = []

    def on_set(target: object, value: object, *_args: Any) -> None:
        fired.append(f"{type(target).__name__}={value}")

    for attribute in watched:
        sa_event.listen(attribute, "set", on_set)
    try:
        one = tickets.create(db.uow(), alice, subject="Printer on floor 3 jams", description="Kertas macet")
        many = tickets.create_many(db.uow(), staff, [NewTicket("VPN drops every hour", requester_id=alice.id)])
    finally:
        for attribute in watched:
            sa_event.remove(attribute, "set", on_set)
    assert fired == []
    with db.uow() as uow:  # what they hold was stored, as the constructor's objects were
        for made in (one, *many):
            row = uow.session.execute(select(Ticket.subject, Ticket.requester_id, Ticket.status)
                                      .where(Ticket.id == made.id)).one()
            assert tuple(row) == (made.subject, alice.id, made.status)
            stored = uow.session.execute(select(TimelineEntry.id, TimelineEntry.field).where(
                TimelineEntry.ticket_id == made.id).order_by(TimelineEntry.id)).all()
            shown = tickets.get(db.uow(), staff, made.id).entries
            assert [(e.id, e.field) for e in shown] == [tuple(r) for r in stored]
    # An entry made the same way for an edit is flushed by the session as before.
    tickets.note(db.uow(), staff, one.id, "Checked the tray")
    with db.uow() as uow:
        ticket = uow.session.get(Ticket, one.id)
        assert ticket is not None
        event(uow, ticket, staff, "impact", "low", "high")
        uow.commit()
    fields = [e.field for e in tickets.get(db.uow(), staff, one.id).entries]
    assert fields[-1] == "impact"
