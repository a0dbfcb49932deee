"""Logging a phone call or a walk-in: find the requester as you type, add one on the spot, see their
open tickets and machines, attach the machine's latest snapshot, and record the ticket type."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models import AuditLog, Machine
from shared.models.enums import Channel, Status, TicketType
from shared.services import requesters, tickets, workflow
from shared.services.creation import NewTicket
from tests import factories as f
from tests.conftest import FakeClock


def machine(db: Database, owner_id: int, hostname: str, *, snapshot: dict[str, object] | None = None) -> int:
    with db.uow() as uow:
        m = Machine(hostname=hostname, os_name="Windows", owner_id=owner_id, created_at=uow.now(),
                    last_seen_at=uow.now() if snapshot else None, snapshot=snapshot,
                    snapshot_at=uow.now() if snapshot else None)
        uow.session.add(m)
        uow.session.flush()
        uow.commit()
        return m.id


def test_search_finds_people_by_name_email_phone_and_department(db: Database) -> None:
    agent = f.agent(db)
    rina = requesters.create(db.uow(), agent, full_name="Rina Kusuma", email="rina.kusuma@example.co.id",
                             phone="+62 812-3456-7890", department="Finance", location="Jakarta HQ, 3rd floor")
    requesters.create(db.uow(), agent, full_name="Arina Putri", email="arina@example.co.id", department="Sales")
    assert [r.full_name for r in requesters.search(db.uow(), agent, "rina")] == ["Rina Kusuma", "Arina Putri"]
    assert [r.id for r in requesters.search(db.uow(), agent, "RINA.KUSUMA@")] == [rina.id]
    assert [r.id for r in requesters.search(db.uow(), agent, "0812 3456")] == [rina.id]
    assert [r.id for r in requesters.search(db.uow(), agent, "finan")] == [rina.id]
    assert requesters.search(db.uow(), agent, "r") == []  # one letter matches everyone: wait for more
    assert requesters.search(db.uow(), agent, "100%_") == []  # LIKE wildcards are plain text here


def test_a_requester_added_on_the_phone_is_audited_and_gets_a_free_user_name(db: Database) -> None:
    agent = f.agent(db)
    first = requesters.create(db.uow(), agent, full_name="Budi Santoso", email="budi@example.co.id")
    second = requesters.create(db.uow(), agent, full_name="Budi Santoso")
    assert (first.username, second.username) == ("budi", "budi.santoso")
    third = requesters.create(db.uow(), agent, full_name="Budi", phone="021 555 0101")
    assert third.username == "budi2" and third.phone == "021 555 0101"
    with db.uow() as uow:
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.entity == "user",
                                                           AuditLog.entity_id == first.id)).one()
    assert audit.actor_id == agent.id and audit.action == "user.create"
    with pytest.raises(ValidationFailed, match="belongs to another"):
        requesters.create(db.uow(), agent, full_name="Someone", email="BUDI@example.co.id")
    with pytest.raises(ValidationFailed, match="not a phone number"):
        requesters.create(db.uow(), agent, full_name="Someone", phone="call me maybe")
    with pytest.raises(ValidationFailed, match="must not be empty"):
        requesters.create(db.uow(), agent, full_name="  ")
    with pytest.raises(PermissionDenied):
        requesters.create(db.uow(), f.user(db), full_name="Not by a requester")


def test_the_card_shows_open_tickets_and_machines(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    rina = f.user(db)
    old = f.ticket(db, rina, subject="VPN drops every hour")
    workflow.resolve(db.uow(), agent, old.id, "New VPN profile", expected_version=old.version)
    clock.advance(hours=1)
    open_one = f.ticket(db, rina, subject="Printer on floor 3 jams")
    laptop = machine(db, rina.id, "LAPTOP-RINA", snapshot={"os": {"name": "Windows 11"}})
    desktop = machine(db, rina.id, "PC-RINA-OLD")
    card = requesters.card(db.uow(), agent, rina.id)
    assert [(t.number, t.status) for t in card.open_tickets] == [(open_one.number, Status.NEW)]
    assert [(m.id, m.has_snapshot) for m in card.machines] == [(laptop, True), (desktop, False)]
    with pytest.raises(PermissionDenied):
        requesters.card(db.uow(), rina, rina.id)


def test_a_call_logged_with_a_machine_keeps_its_snapshot_and_type(db: Database) -> None:
    agent = f.agent(db)
    rina = f.user(db)
    laptop = machine(db, rina.id, "LAPTOP RINA/1", snapshot={"disks": [{"mount": "C:", "free_gb": 1.5}]})
    snapshot = requesters.snapshot_attachment(db.uow(), agent, laptop)
    assert snapshot is not None and snapshot.filename == "snapshot-LAPTOP_RINA_1-20260302-0200.json"
    assert json.loads(snapshot.data) == {"disks": [{"mount": "C:", "free_gb": 1.5}]}
    t = tickets.create(db.uow(), agent, subject="Disk full, cannot save", requester_id=rina.id,
                       channel=Channel.PHONE, machine_id=laptop, attachments=[snapshot],
                       ticket_type="service request")
    assert t.machine_id == laptop and t.ticket_type is TicketType.SERVICE_REQUEST
    assert [a.filename for a in t.attachments] == [snapshot.filename]
    assert tickets.get(db.uow(), agent, t.id).ticket_type is TicketType.SERVICE_REQUEST
    assert requesters.snapshot_attachment(db.uow(), agent, machine(db, rina.id, "NEW-PC")) is None
    [batch] = tickets.create_many(db.uow(), agent, [NewTicket("Where is the wiki?", requester_id=rina.id,
                                                              ticket_type=TicketType.QUESTION)])
    assert tickets.get(db.uow(), agent, batch.id).ticket_type is TicketType.QUESTION
    with pytest.raises(ValidationFailed, match="not a ticket type"):
        tickets.create(db.uow(), agent, subject="x", requester_id=rina.id, ticket_type="rant")


def test_the_rules_suggestion_is_shown_while_typing(db: Database) -> None:
    from shared.services import classify

    agent = f.agent(db)
    hint = classify.suggest(db.uow(), agent, "Cannot connect to the VPN from home")
    assert hint is not None and hint.category == "Network / VPN" and hint.matched == "vpn"
    assert classify.suggest(db.uow(), agent, "Something odd", "no keyword here at all") is None


def test_an_indonesian_agent_sees_the_card_and_the_rules_suggestion_in_indonesian(db: Database) -> None:
    """Subjects the system wrote (probe alerts) and the built-in category and team names are stored
    in English; the intake dialog shows them in the agent's language."""
    from shared.i18n import say, set_language
    from shared.services import classify

    agent, rina = f.agent(db), f.user(db)
    disk = say("Disk {mount} is {percent}% full ({free} free)", mount="C:", percent=97, free="1.2 GB")
    f.ticket(db, rina, subject="Disk C: is 97% full (1.2 GB free)", said={"subject": disk})
    try:
        set_language("id")
        card = requesters.card(db.uow(), agent, rina.id)
        hint = classify.suggest(db.uow(), agent, "Printer di lantai 3 kertas macet")
    finally:
        set_language("en")
    assert [t.subject for t in card.open_tickets] == ["Disk C: terisi 97% (sisa 1.2 GB)"]
    assert hint is not None and hint.category == "Perangkat keras / Printer"
    english = classify.suggest(db.uow(), agent, "Printer di lantai 3 kertas macet")
    assert english is not None and english.category == "Hardware / Printer"
