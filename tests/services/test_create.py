from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import NotFound, PermissionDenied, ValidationFailed
from shared.models import OutboxMessage
from shared.models.enums import Channel, EntryKind, Priority, Role, Status
from shared.services import tickets
from tests import factories as f
from tests.conftest import FakeClock


def test_create_numbers_classifies_prioritises_and_starts_sla(db: Database, clock: FakeClock) -> None:
    alice = f.user(db)
    t = tickets.create(db.uow(), alice, subject="Printer on floor 3 jams",
                       description="Kertas macet terus", impact="medium", urgency="high")
    assert t.number == f"HD-{t.id:06d}"
    assert t.category == "Hardware / Printer"
    assert t.priority == Priority.P2
    assert t.status == Status.NEW
    assert t.channel == Channel.PORTAL
    assert t.requester.id == alice.id
    # P2: 60 business minutes to respond, created Monday 09:00 Jakarta
    assert t.response_due_at == clock.now + timedelta(hours=1)
    assert t.entries == ()  # the requester sees replies and status changes only
    staff_view = tickets.get(db.uow(), f.agent(db), t.id)
    assert staff_view.entries[0].field == "created"


def test_indonesian_keywords_classify(db: Database) -> None:
    t = f.ticket(db, f.user(db), subject="Lupa password email kantor", description="")
    assert t.category == "Access / Password reset"


def test_defaults_to_low_impact_medium_urgency(db: Database) -> None:
    t = f.ticket(db, f.user(db), subject="Something odd", description="no keywords here")
    assert (t.impact, t.urgency, t.priority) == ("low", "medium", Priority.P4)
    assert t.category is None
    assert t.team == "Service Desk"


def test_auto_assigns_least_loaded_on_duty_agent(db: Database) -> None:
    busy = f.agent(db, name="busy")
    idle = f.agent(db, name="idle")
    off = f.agent(db, name="off")
    from shared.services import users

    users.set_on_duty(db.uow(), off, off.id or 0, False)
    requester = f.user(db)
    first = f.ticket(db, requester)
    assert first.assignee is not None
    second = f.ticket(db, requester)
    assert {first.assignee.username, second.assignee.username} == {"busy", "idle"}  # type: ignore[union-attr]
    for _ in range(4):
        t = f.ticket(db, requester)
        assert t.assignee is not None and t.assignee.username != "off"
    assert busy.id != idle.id


def test_no_agent_on_duty_leaves_it_unassigned(db: Database) -> None:
    t = f.ticket(db, f.user(db))
    assert t.assignee is None


def test_acknowledgement_goes_to_the_requester(db: Database) -> None:
    alice = f.user(db)
    t = f.ticket(db, alice)
    with db.uow() as uow:
        rows = list(uow.session.scalars(select(OutboxMessage).where(OutboxMessage.ticket_id == t.id)))
    ack = [r for r in rows if r.kind == "ticket_created"]
    assert len(ack) == 1
    assert ack[0].recipient_id == alice.id
    assert ack[0].recipient_address == f"{alice.username}@example.test"
    assert ack[0].channel == "email"
    assert ack[0].payload["number"] == t.number
    assert ack[0].payload["response_due_at"]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"subject": "  "}, "subject"),
    ({"subject": "x" * 201}, "subject"),
    ({"subject": "ok", "impact": "enormous"}, "impact"),
    ({"subject": "ok", "urgency": "now!"}, "urgency"),
    ({"subject": "ok", "channel": "pigeon"}, "channel"),
])
def test_bad_input_is_refused_with_the_field(db: Database, kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        tickets.create(db.uow(), f.user(db), **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
    assert err.value.message


def test_unknown_requester(db: Database) -> None:
    agent = f.agent(db)
    with pytest.raises(NotFound, match="No user"):
        tickets.create(db.uow(), agent, subject="For someone", requester_id=9999)


def test_requesters_cannot_raise_tickets_for_others(db: Database) -> None:
    alice, bob = f.user(db), f.user(db)
    with pytest.raises(PermissionDenied):
        tickets.create(db.uow(), alice, subject="For Bob", requester_id=bob.id)


def test_agents_raise_tickets_for_callers(db: Database) -> None:
    agent, caller = f.agent(db), f.user(db)
    t = tickets.create(db.uow(), agent, subject="Phone call: VPN down", requester_id=caller.id, channel="phone")
    assert t.requester.id == caller.id
    assert t.category == "Network / VPN"


def test_attachments_are_limited_and_stored_once(db: Database) -> None:
    alice = f.user(db)
    small = tickets.NewAttachment("log.txt", "text/plain", b"error 42\n")
    t1 = f.ticket(db, alice, attachments=[small, small])
    t2 = f.ticket(db, alice, attachments=[small])
    assert t1.attachments[0].sha256 == t1.attachments[1].sha256 == t2.attachments[0].sha256
    assert t1.attachments[0].size == 9
    name, ctype, data = tickets.attachment_data(db.uow(), alice, t1.attachments[0].id)
    assert (name, ctype, data) == ("log.txt", "text/plain", b"error 42\n")
    big = tickets.NewAttachment("dump.bin", "application/octet-stream", b"x" * (db.settings.attachment_max_bytes + 1))
    with pytest.raises(ValidationFailed, match="at most"):
        f.ticket(db, alice, subject="with a huge file", attachments=[big])
    # Nothing of the refused ticket was saved.
    from shared.services import queue

    assert queue.count(db.uow(), alice, queue.QueueQuery(view=queue.View.OWN)) == 2


def test_requester_sees_only_public_entries(db: Database) -> None:
    alice = f.user(db)
    agent = f.agent(db)
    t = f.ticket(db, alice)
    tickets.note(db.uow(), agent, t.id, "Looks like the GPU")
    tickets.reply(db.uow(), agent, t.id, "Please hold the power button for 10 s")
    mine = tickets.get(db.uow(), alice, t.id)
    kinds = {e.kind for e in mine.entries}
    assert EntryKind.NOTE not in kinds
    assert any(e.body.startswith("Please hold") for e in mine.entries)
    full = tickets.get(db.uow(), agent, t.id)
    assert any(e.kind == EntryKind.NOTE for e in full.entries)


def test_requesters_cannot_see_other_peoples_tickets(db: Database) -> None:
    alice, bob = f.user(db), f.user(db)
    t = f.ticket(db, alice)
    with pytest.raises(NotFound):
        tickets.get(db.uow(), bob, t.id)


def test_role_check_is_in_the_service_not_only_the_gui(db: Database) -> None:
    alice = f.user(db)
    t = f.ticket(db, alice)
    with pytest.raises(PermissionDenied):
        tickets.note(db.uow(), alice, t.id, "sneaky internal note")
    with pytest.raises(PermissionDenied):
        tickets.override_priority(db.uow(), f.agent(db), t.id, "P1", "because")
    assert f.user(db, Role.SUPERVISOR)


def test_subject_keywords_win_over_description_keywords(db: Database) -> None:
    t = f.ticket(db, f.user(db), subject="VPN will not connect", description="my laptop screen shows an error")
    assert t.category == "Network / VPN"


def test_system_notes_are_shown_in_the_readers_language(db: Database) -> None:
    from shared.i18n import set_language
    from shared.services.dto import describe_event

    f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer jam on floor 2", channel="phone")
    entries = tickets.get(db.uow(), f.agent(db), t.id).entries
    created = next(e for e in entries if e.field == "created")
    auto = next(e for e in entries if e.field == "assignee_id")
    assert created.body == "" and created.data == {"channel": "phone", "classified_as": "Hardware / Printer"}
    assert describe_event(created) == "Created via Phone; classified by keyword as Hardware / Printer"
    assert describe_event(auto) == "assigned automatically"
    try:
        set_language("id")
        assert describe_event(created) == ("Dibuat melalui Telepon; "
                                           "diklasifikasikan menurut kata kunci sebagai Perangkat keras / Printer")
        assert describe_event(auto) == "ditugaskan otomatis"
    finally:
        set_language("en")
