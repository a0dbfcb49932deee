"""Creation writes its outbox rows and timeline entries in one INSERT per table: the rows are the
ones the ORM wrote before, column for column."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select

from shared.db.database import Database
from shared.models import OutboxMessage, Ticket, TimelineEntry, User
from shared.models.enums import Role
from shared.services import notify, tickets
from tests import factories as f


def _rows(db: Database, model: Any, ticket_id: int) -> list[dict[str, Any]]:
    table = model.__table__
    with db.uow() as uow:
        found = uow.session.execute(select(table).where(table.c.ticket_id == ticket_id).order_by(table.c.id))
        return [{k: v for k, v in row.items() if k != "id"} for row in found.mappings()]


def test_an_outbox_row_in_bulk_is_the_row_the_session_writes(db: Database) -> None:
    alice = f.user(db)
    t = f.ticket(db, alice, subject="Printer jams")
    with db.uow() as uow:
        s = uow.session
        ticket, recipient = s.get(Ticket, t.id), s.get(User, alice.id)
        assert ticket is not None and recipient is not None
        s.execute(delete(OutboxMessage).where(OutboxMessage.ticket_id == t.id))
        notify.enqueue(s, uow.now(), "agent_reply", ticket, recipient, {"body": "hi"},
                       channels=(notify.APP, notify.EMAIL))
        uow.commit()
    by_session = _rows(db, OutboxMessage, t.id)
    with db.uow() as uow:
        s = uow.session
        ticket, recipient = s.get(Ticket, t.id), s.get(User, alice.id)
        assert ticket is not None and recipient is not None
        s.execute(delete(OutboxMessage).where(OutboxMessage.ticket_id == t.id))
        rows: list[dict[str, Any]] = []
        notify.enqueue(s, uow.now(), "agent_reply", ticket, recipient, {"body": "hi"},
                       channels=(notify.APP, notify.EMAIL), into=rows)
        s.execute(insert(notify.OUTBOX), rows)
        uow.commit()
    assert len(by_session) == 2 and _rows(db, OutboxMessage, t.id) == by_session


def test_a_created_tickets_rows_are_complete(db: Database) -> None:
    f.agent(db)
    alice = f.user(db)
    t = f.ticket(db, alice, subject="Printer on floor 3 jams", description="Kertas macet")
    assert t.assignee is not None
    entries = _rows(db, TimelineEntry, t.id)
    assert [(e["field"], e["old_value"], e["new_value"], e["ticket_version"], e["author_id"]) for e in entries] == [
        ("created", None, t.number, 1, alice.id), ("assignee_id", None, str(t.assignee.id), 1, alice.id)]
    assert entries[0]["data"] == {"channel": "portal", "classified_as": "Hardware / Printer"}
    assert entries[1]["data"] == {"auto": True}
    assert all(e["kind"] == "event" and e["body"] == "" and e["via_email"] is False and e["message_id"] is None
               for e in entries)
    messages = _rows(db, OutboxMessage, t.id)
    assert [(m["kind"], m["channel"], m["recipient_id"]) for m in messages] == [
        ("ticket_assigned", "app", t.assignee.id), ("ticket_assigned", "email", t.assignee.id),
        ("ticket_created", "email", alice.id)]
    assert all(m["status"] == "pending" and m["attempts"] == 0 and m["last_error"] is None and m["sent_at"] is None
               and m["dedup_key"] is None and m["message_id"] is None for m in messages)
    assert messages[2]["payload"]["number"] == t.number and messages[2]["payload"]["subject"] == t.subject
    # The detail a staff member gets back names the entries by the ids they were given.
    staff = f.user(db, Role.SUPERVISOR)
    made = tickets.create(db.uow(), staff, subject="Printer jams", description="", requester_id=alice.id)
    assert [(e.id, e.field) for e in made.entries] == [
        (e.id, e.field) for e in tickets.get(db.uow(), staff, made.id).entries]


def test_attachments_of_a_ticket_made_inside_a_callers_transaction_have_their_ids(db: Database) -> None:
    """Mail intake creates its ticket inside its own transaction, where the creation's commit
    leaves the writing to the caller: the detail still lists every attachment (a mail with two
    attachments once failed to sort them, ids unset), and they are stored."""
    from shared.services.creation import NewAttachment

    alice = f.user(db)
    files = [NewAttachment("screen.png", "image/png", b"\x89PNG one"),
             NewAttachment("log.txt", "text/plain", b"error 0x80070005")]
    uow = db.uow()
    with uow:
        detail = tickets.create(uow, alice, subject="Outlook crashes", description="See both files.",
                                attachments=files)
        uow.commit()
    assert sorted(a.filename for a in detail.attachments) == ["log.txt", "screen.png"]
    assert all(a.id is not None for a in detail.attachments)
    assert sorted(a.filename for a in tickets.get(db.uow(), alice, detail.id).attachments) == ["log.txt", "screen.png"]
