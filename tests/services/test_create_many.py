"""Bulk creation (`tickets.create_many`) and the detail `create` builds from the objects in hand."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from shared.db.database import Database
from shared.errors import NotFound, PermissionDenied, ValidationFailed
from shared.models import OutboxMessage, Ticket, TimelineEntry
from shared.models.enums import Role
from shared.services import creation, tickets
from shared.services.tickets import NewAttachment, NewTicket
from tests import factories as f


def _count(db: Database, model: type) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_create_returns_what_get_reads_back(db: Database) -> None:
    """The detail is built from the objects in hand, not re-read: it must equal a fresh read, for
    staff (whole timeline) and for the requester (replies and status changes only)."""
    agent, alice = f.agent(db), f.user(db)
    for actor in (alice, agent):
        made = tickets.create(db.uow(), actor, subject="Printer jams on floor 3", description="Kertas macet",
                              requester_id=alice.id, attachments=[NewAttachment("log.txt", "text/plain", b"x")])
        assert made.detail == tickets.get(db.uow(), actor, made.id)
        assert made.changes.ticket_ids == {made.id}
    staff_view = tickets.get(db.uow(), agent, made.id)
    assert [e.field for e in staff_view.entries] == ["created", "assignee_id"]
    assert staff_view.version == 1  # clocks and assignee went into the INSERT: no UPDATE followed
    assert {e.ticket_version for e in staff_view.entries} == {1}


def test_create_many_opens_all_in_order_with_the_same_rules(db: Database) -> None:
    f.agent(db, name="ana")
    f.agent(db, name="budi")
    alice, bob = f.user(db), f.user(db)
    desk = f.agent(db, name="desk")
    drafts = [NewTicket("Printer on floor 3 jams", "Kertas macet", requester_id=alice.id),
              NewTicket("Lupa password email kantor", requester_id=bob.id, impact="high", urgency="high"),
              NewTicket("Something odd", requester_id=alice.id),
              NewTicket("Laptop will not boot", requester_id=bob.id)]
    before = _count(db, OutboxMessage)
    refs = tickets.create_many(db.uow(), desk, drafts)
    assert [r.subject for r in refs] == [d.subject for d in drafts]
    assert [r.number for r in refs] == [f"HD-{r.id:06d}" for r in refs]
    details = [tickets.get(db.uow(), desk, r.id) for r in refs]
    assert refs == details  # built from the objects in hand, entry ids from the bulk INSERT included
    assert details[0].category == "Hardware / Printer"
    assert details[1].category == "Access / Password reset" and details[1].priority == "P1"
    assert all(d.response_due_at is not None for d in details)
    assert all(d.entries[0].field == "created" for d in details)
    # Spread over the on-duty agents as one-by-one creation would: nobody gets them all.
    loads = Counter(d.assignee.username for d in details if d.assignee is not None)
    assert len(details) == sum(loads.values()) and max(loads.values()) <= 2
    # Each requester is acknowledged, each assignee told.
    with db.uow() as uow:
        kinds = Counter(uow.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.id > 0)))
    assert kinds["ticket_created"] >= 4 and _count(db, OutboxMessage) > before


def test_create_many_is_all_or_nothing_and_names_the_bad_draft(db: Database) -> None:
    desk, alice = f.agent(db), f.user(db)
    tickets_before, entries_before = _count(db, Ticket), _count(db, TimelineEntry)
    drafts = [NewTicket("Fine", requester_id=alice.id), NewTicket("Also fine", requester_id=alice.id),
              NewTicket("   ", requester_id=alice.id)]
    with pytest.raises(ValidationFailed, match="Ticket 3 of 3") as caught:
        tickets.create_many(db.uow(), desk, drafts)
    assert caught.value.field == "subject"
    with pytest.raises(NotFound, match="Ticket 2 of 2"):
        tickets.create_many(db.uow(), desk, [NewTicket("Fine", requester_id=alice.id),
                                             NewTicket("Fine", requester_id=alice.id, category_id=99999)])
    big = NewAttachment("dump.bin", "application/octet-stream", b"0" * (db.settings.attachment_max_bytes + 1))
    with pytest.raises(ValidationFailed, match="Ticket 2 of 2"):
        tickets.create_many(db.uow(), desk, [NewTicket("Fine", requester_id=alice.id),
                                             NewTicket("Crash dump", requester_id=alice.id, attachments=[big])])
    assert (_count(db, Ticket), _count(db, TimelineEntry)) == (tickets_before, entries_before)


def test_create_many_checks_permissions_and_size(db: Database) -> None:
    alice, bob = f.user(db), f.user(db)
    with pytest.raises(PermissionDenied):
        tickets.create_many(db.uow(), alice, [NewTicket("For Bob", requester_id=bob.id)])
    assert tickets.create_many(db.uow(), alice, []) == []
    too_many = [NewTicket(f"t{i}", requester_id=alice.id) for i in range(creation.MAX_BATCH + 1)]
    with pytest.raises(ValidationFailed, match="at once"):
        tickets.create_many(db.uow(), f.user(db, Role.SUPERVISOR), too_many)


@pytest.mark.parametrize("in_memory", [True, False], ids=["small-kb-in-memory", "big-kb-queried"])
def test_a_batch_suggests_the_articles_a_single_create_does(db: Database, monkeypatch: pytest.MonkeyPatch,
                                                            in_memory: bool) -> None:
    from shared.services import kb

    if not in_memory:
        monkeypatch.setattr(kb.BatchSuggester, "IN_MEMORY_MAX", 1)
    sup, alice = f.user(db, Role.SUPERVISOR), f.user(db)
    for title, body, tags in [("Printer paper jam", "Open tray 2", "printer"),
                              ("Outlook password prompts", "Clear credentials", "email"),
                              ("General office tips", "If the printer jams, call us", ""),
                              ("Draft only", "printer printer printer", "")]:
        art = kb.create_article(db.uow(), sup, title=title, body=body, tags=tags)
        if title != "Draft only":
            kb.set_status(db.uow(), sup, art.id, "published")
    texts = [("Printer says paper jam", "tray 2 blinking"), ("Outlook keeps asking", "password prompts"),
             ("Nothing known", "zzz qqq")]

    def suggested() -> list[list[str]]:
        with db.uow() as uow:
            payloads = uow.session.scalars(select(OutboxMessage.payload).where(
                OutboxMessage.kind == "ticket_created").order_by(OutboxMessage.id.desc()).limit(len(texts)))
            return [[a["title"] for a in p["articles"]] for p in reversed(list(payloads))]

    for subject, text in texts:
        tickets.create(db.uow(), alice, subject=subject, description=text)
    one_by_one = suggested()
    tickets.create_many(db.uow(), alice, [NewTicket(subject, text) for subject, text in texts])
    assert suggested() == one_by_one
    assert one_by_one[0][0] == "Printer paper jam" and all("Draft only" not in titles for titles in one_by_one)
    assert one_by_one[2] == []


def test_the_same_file_on_several_tickets_of_a_batch_is_stored_once(db: Database) -> None:
    from shared.models import AttachmentBlob

    desk, alice = f.agent(db), f.user(db)
    log = NewAttachment("error.log", "text/plain", b"E: disk full\n")
    made = tickets.create_many(db.uow(), desk, [NewTicket(f"Backup failed {i}", requester_id=alice.id,
                                                           attachments=[log]) for i in range(3)])
    assert [len(t.attachments) for t in made] == [1, 1, 1]
    assert len({t.attachments[0].sha256 for t in made}) == 1 and _count(db, AttachmentBlob) == 1
    assert tickets.attachment_data(db.uow(), alice, made[2].attachments[0].id)[2] == log.data
