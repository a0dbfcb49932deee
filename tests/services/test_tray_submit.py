"""Tray reports: the snapshot attached, the reporter's own machine linked (never someone else's),
each key saved once; the change feed the tray's push waits on."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from agent_probe.collect.snapshot import collect_snapshot
from shared.db.database import Database
from shared.errors import ValidationFailed
from shared.models import Machine, Ticket
from shared.models.enums import Status
from shared.services import tickets, tray_feed, tray_submit, workflow
from shared.services.creation import NewTicket
from tests import factories as f

_SNAPSHOT: dict[str, Any] = {}


def snapshot() -> dict[str, Any]:
    if not _SNAPSHOT:
        _SNAPSHOT.update(collect_snapshot())  # a real one-shot snapshot of this machine
    return json.loads(json.dumps(_SNAPSHOT))


def machine(db: Database, owner_id: int | None, hostname: str) -> int:
    with db.uow() as uow:
        m = Machine(hostname=hostname, os_name="Linux", owner_id=owner_id, created_at=uow.now())
        uow.session.add(m)
        uow.session.flush()
        uow.commit()
        return m.id


def count(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Ticket)) or 0)


def test_the_snapshot_is_attached_and_the_reporters_machine_linked(db: Database) -> None:
    rina = f.user(db, name="rina")
    snap = snapshot()
    mine = machine(db, rina.id, snap["system"]["hostname"])
    t = tray_submit.report(db.uow(), rina, NewTicket(subject="Laptop is slow"), snapshot=snap)
    assert [a.filename.startswith("snapshot-") and a.content_type == "application/json"
            for a in t.attachments] == [True]
    with db.uow() as uow:
        assert uow.session.get(Ticket, t.id).machine_id == mine  # found by host name among rina's machines


def test_a_machine_of_someone_else_is_never_linked(db: Database) -> None:
    rina, budi = f.user(db, name="rina"), f.user(db, name="budi")
    theirs = machine(db, budi.id, "BUDI-PC")
    t = tray_submit.report(db.uow(), rina, NewTicket(subject="Printer"), machine_id=theirs)
    with db.uow() as uow:
        assert uow.session.get(Ticket, t.id).machine_id is None


def test_left_out_the_snapshot_is_not_sent(db: Database) -> None:
    rina = f.user(db, name="rina")
    mine = machine(db, rina.id, "RINA-PC")
    t = tray_submit.report(db.uow(), rina, NewTicket(subject="Mouse"), machine_id=mine)
    assert t.attachments == ()
    with db.uow() as uow:
        assert uow.session.get(Ticket, t.id).machine_id == mine


def test_a_bad_snapshot_is_refused_before_anything_is_saved(db: Database) -> None:
    rina = f.user(db, name="rina")
    bad = snapshot() | {"cpu": {"percent": "high"}}
    with pytest.raises(ValidationFailed, match="snapshot"):
        tray_submit.report(db.uow(), rina, NewTicket(subject="x"), snapshot=bad)
    assert count(db) == 0


def test_the_same_key_saves_one_ticket_and_one_reply(db: Database) -> None:
    rina = f.user(db, name="rina")
    first = tray_submit.report(db.uow(), rina, NewTicket(subject="VPN"), key="outbox-0001-report")
    again = tray_submit.report(db.uow(), rina, NewTicket(subject="VPN"), key="outbox-0001-report")
    assert again.id == first.id and count(db) == 1
    for _ in range(2):
        tray_submit.reply(db.uow(), rina, first.id, "Still down", key="outbox-0002-reply")
    replies = [e for e in tickets.get(db.uow(), rina, first.id).entries if e.body == "Still down"]
    assert len(replies) == 1
    with pytest.raises(ValidationFailed):
        tray_submit.report(db.uow(), rina, NewTicket(subject="x"), key="bad key!")


def test_the_feed_names_agent_replies_and_status_changes_not_own_replies(db: Database) -> None:
    rina, budi = f.user(db, name="rina"), f.agent(db, name="budi", full_name="Budi Santoso")
    t = f.ticket(db, rina, "Outlook asks for a password")
    start = tray_feed.stamp(db.uow(), rina)
    assert tray_feed.changes_since(db.uow(), rina, start) == tray_feed.Feed(start, ())
    tickets.reply(db.uow(), rina, t.id, "Any news?")
    assert tray_feed.changes_since(db.uow(), rina, start).news == ()
    tickets.reply(db.uow(), budi, t.id, "Reset it for you.")
    workflow.resolve(db.uow(), budi, t.id, "Password reset.")
    feed = tray_feed.changes_since(db.uow(), rina, start)
    assert feed.stamp > start and len(feed.news) == 1
    news = feed.news[0]
    assert (news.ticket_id, news.status, news.status_changed, news.replies, news.replied_by) == (
        t.id, Status.RESOLVED, True, 1, "Budi Santoso")
    assert tray_feed.stamp(db.uow(), rina) == feed.stamp
    assert tray_feed.changes_since(db.uow(), rina, feed.stamp).news == ()


@pytest.mark.usefixtures("committed_db")
def test_the_same_key_sent_twice_at_once_makes_one_ticket(db: Database) -> None:
    """Two deliveries of one outbox item race (a resend while the first answer is still on its
    way): the unique key lets one transaction win and the other return that ticket."""
    import threading

    rina = f.user(db, name="rina")
    start = threading.Barrier(4)
    made: list[int] = []

    def deliver() -> None:
        start.wait()
        made.append(tray_submit.report(db.uow(), rina, NewTicket(subject="Race"), key="outbox-race-0001").id)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 4 and len(set(made)) == 1 and count(db) == 1
