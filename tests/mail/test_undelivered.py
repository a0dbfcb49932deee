"""Undelivered mail: a real aiosmtpd server refuses a recipient (550), the real sender gives the row
up, and it shows in the list and on the ticket; sent again to a corrected address the real server
receives it; two agents sending again at once send once; roles are checked in the service."""

from __future__ import annotations

import threading

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from shared.mail import smtp
from shared.mail.config import MailSettings
from shared.models import AuditLog, OutboxMessage
from shared.models.enums import EntryKind, OutboxStatus, Role
from shared.services import inbox, tickets, undelivered, workflow
from shared.services.dto import TicketDetail, describe_event
from tests import factories as f
from tests.conftest import FakeClock
from tests.mail.conftest import Sink


@pytest.fixture
def smtp_only(smtp_server: tuple[Controller, Sink]) -> MailSettings:
    """The real SMTP server, without the IMAP side the mail fixture also starts."""
    return MailSettings(smtp_host="127.0.0.1", smtp_port=smtp_server[0].port, smtp_security="none", smtp_timeout=10,
                        from_address="helpdesk@example.test", from_name="IT Helpdesk", send_max_attempts=3)


def _refused_ticket(db: Database, sink: Sink, mail: MailSettings) -> tuple[Actor, TicketDetail, int]:
    """A ticket whose acknowledgement the server refused with 550: the row is given up at once."""
    sink.refuse.add("gone@example.test")
    requester = f.user(db, name="gone", full_name="Gone Away")
    t = f.ticket(db, requester, subject="Printer jams")
    summary = smtp.drain(db, mail)
    assert summary.failed == 1 and summary.sent == 0
    with db.uow() as uow:
        row = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "ticket_created",
                                                              OutboxMessage.channel == "email")).one()
        assert row.status == OutboxStatus.FAILED
        return requester, t, row.id


def test_refused_mail_is_listed_and_on_the_ticket(db: Database, sink: Sink, smtp_only: MailSettings,
                                                  clock: FakeClock) -> None:
    _requester, t, row_id = _refused_ticket(db, sink, smtp_only)
    boss = f.user(db, Role.SUPERVISOR)
    (item,) = undelivered.recent(db.uow(), boss)
    assert (item.id, item.number, item.recipient_address, item.kind, item.attempts) == (
        row_id, t.number, "gone@example.test", "ticket_created", 1)
    assert item.recipient_name == "Gone Away" and item.kind_text == "acknowledgement"
    assert "550" in item.last_error and item.given_up_at == clock.now
    agent = f.agent(db)
    assert [u.id for u in undelivered.for_ticket(db.uow(), agent, t.id)] == [row_id]
    detail = tickets.get(db.uow(), agent, t.id)
    (failed,) = [e for e in detail.entries if e.kind == EntryKind.EVENT and e.field == "mail"]
    assert failed.author is None and failed.new_value == "gone@example.test"
    assert failed.data is not None and failed.data["outbox_id"] == row_id
    # The requester sees neither the event nor the list.
    requester_view = tickets.get(db.uow(), _requester, t.id)
    assert not [e for e in requester_view.entries if e.field == "mail"]
    with pytest.raises(PermissionDenied):
        undelivered.for_ticket(db.uow(), _requester, t.id)


def test_the_assignee_is_told_in_the_console(db: Database, sink: Sink, smtp_only: MailSettings) -> None:
    sink.refuse.add("gone@example.test")
    boss, agent = f.user(db, Role.SUPERVISOR), f.agent(db, name="ani")
    t = f.ticket(db, f.user(db, name="gone"), subject="Printer jams")
    workflow.assign(db.uow(), boss, t.id, agent.id)
    assert smtp.drain(db, smtp_only).failed == 1
    (note,) = [n for n in inbox.unread(db.uow(), agent) if n.kind == "mail_undelivered"]
    assert note.ticket_id == t.id
    assert note.text == f"A mail to gone@example.test about {t.number} could not be delivered: Printer jams"


def test_send_again_to_a_corrected_address_delivers_it(db: Database, sink: Sink, smtp_only: MailSettings) -> None:
    _requester, t, row_id = _refused_ticket(db, sink, smtp_only)
    with db.uow() as uow:
        refused_id = uow.session.get(OutboxMessage, row_id).message_id  # type: ignore[union-attr]
    boss = f.user(db, Role.SUPERVISOR, full_name="Sari Supervisor")
    with pytest.raises(ValidationFailed):
        undelivered.resend(db.uow(), boss, row_id, to="gone at example")
    done = undelivered.resend(db.uow(), boss, row_id, to=" Gone.Away@Example.TEST ")
    assert done.recipient_address == "Gone.Away@example.test" and done.status == OutboxStatus.PENDING
    assert done.changes.ticket_ids == {t.id}
    assert undelivered.recent(db.uow(), boss) == []
    assert smtp.drain(db, smtp_only).sent == 1
    (msg,) = sink.to("Gone.Away@example.test")
    assert msg["Subject"].startswith(f"[{t.number}]") and msg["Message-ID"] != refused_id
    with db.uow() as uow:
        row = uow.session.get(OutboxMessage, row_id)
        assert row is not None and row.status == OutboxStatus.SENT and row.attempts == 1
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.entity == "outbox")).one()
        assert (audit.action, audit.actor_id, audit.detail["to"], audit.detail["was"]) == (
            "mail.resend", boss.id, "Gone.Away@example.test", "gone@example.test")
    events = [e for e in tickets.get(db.uow(), boss, t.id).entries if e.field == "mail"]
    assert [e.author.full_name if e.author else None for e in events] == [None, "Sari Supervisor"]
    assert describe_event(events[1]) == \
        "Mail sent again to Gone.Away@example.test instead of gone@example.test (acknowledgement)."
    assert describe_event(events[0]).startswith(
        "A mail to gone@example.test could not be delivered (acknowledgement): recipient refused:")


def test_an_agent_sends_again_to_the_same_address(db: Database, sink: Sink, smtp_only: MailSettings) -> None:
    _requester, _t, row_id = _refused_ticket(db, sink, smtp_only)
    agent = f.agent(db)
    with pytest.raises(PermissionDenied):  # another address, or dismissing: a supervisor's call
        undelivered.resend(db.uow(), agent, row_id, to="other@example.test")
    with pytest.raises(PermissionDenied):
        undelivered.dismiss(db.uow(), agent, row_id)
    with pytest.raises(PermissionDenied):
        undelivered.recent(db.uow(), agent)
    sink.refuse.clear()  # the mailbox is back
    undelivered.resend(db.uow(), agent, row_id)
    with pytest.raises(InvalidTransition):
        undelivered.resend(db.uow(), agent, row_id)  # pending now: nothing to send again
    assert smtp.drain(db, smtp_only).sent == 1
    assert len(sink.to("gone@example.test")) == 1


def test_requesters_and_mail_not_about_their_tickets_are_refused(db: Database, sink: Sink,
                                                                smtp_only: MailSettings) -> None:
    requester, _t, row_id = _refused_ticket(db, sink, smtp_only)
    with pytest.raises(PermissionDenied):
        undelivered.resend(db.uow(), requester, row_id)
    with db.uow() as uow:  # a mail about no ticket (the weekly report): supervisors only
        row = uow.session.get(OutboxMessage, row_id)
        assert row is not None
        row.ticket_id = None
        uow.commit()
    with pytest.raises(PermissionDenied):
        undelivered.resend(db.uow(), f.agent(db), row_id)
    with db.uow() as uow:
        assert uow.session.get(OutboxMessage, row_id).status == OutboxStatus.FAILED  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        undelivered.resend(db.uow(), f.user(db, Role.ADMIN), 9999)


def test_dismiss_keeps_it_and_send_again_reverses_it(db: Database, sink: Sink, smtp_only: MailSettings,
                                                     clock: FakeClock) -> None:
    _requester, t, row_id = _refused_ticket(db, sink, smtp_only)
    boss = f.user(db, Role.SUPERVISOR, full_name="Sari Supervisor")
    clock.advance(minutes=5)
    gone = undelivered.dismiss(db.uow(), boss, row_id)
    assert gone.dismissed and gone.dismissed_by == "Sari Supervisor" and gone.given_up_at == clock.now
    assert undelivered.recent(db.uow(), boss) == []
    assert undelivered.for_ticket(db.uow(), boss, t.id) == []
    (kept,) = undelivered.recent(db.uow(), boss, include_dismissed=True)
    assert kept.id == row_id and kept.dismissed_by == "Sari Supervisor"
    with pytest.raises(InvalidTransition):
        undelivered.dismiss(db.uow(), boss, row_id)
    assert smtp.drain(db, smtp_only).sent == 0  # a dismissed mail is never sent by itself
    sink.refuse.clear()
    undelivered.resend(db.uow(), boss, row_id)
    assert smtp.drain(db, smtp_only).sent == 1 and len(sink.to("gone@example.test")) == 1
    with db.uow() as uow:
        assert list(uow.session.scalars(select(AuditLog.action).where(AuditLog.entity == "outbox")
                                        .order_by(AuditLog.id))) == ["mail.dismiss", "mail.resend"]
    events = [e for e in tickets.get(db.uow(), boss, t.id).entries if e.field == "mail"]
    assert [(e.data or {}).get("mail") for e in events] == ["failed", "dismiss", "resend"]


def test_two_agents_sending_again_at_once_send_once(committed_db: Database, sink: Sink,
                                                    smtp_only: MailSettings) -> None:
    db = committed_db
    _requester, _t, row_id = _refused_ticket(db, sink, smtp_only)
    sink.refuse.clear()
    agents = [f.agent(db, name="ani"), f.agent(db, name="budi")]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def press(agent: Actor) -> None:
        start.wait()
        try:
            undelivered.resend(db.uow(), agent, row_id)
            outcomes.append("sent again")
        except InvalidTransition:
            outcomes.append("already")

    threads = [threading.Thread(target=press, args=(a,)) for a in agents]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(outcomes) == ["already", "sent again"]
    with db.uow() as uow:  # one resend recorded, not two
        assert list(uow.session.scalars(select(AuditLog.action).where(AuditLog.entity == "outbox"))) == [
            "mail.resend"]
    assert smtp.drain(db, smtp_only).sent == 1
    with pytest.raises(InvalidTransition):  # a click that comes after the mail went out sends nothing
        undelivered.resend(db.uow(), agents[1], row_id)
    assert smtp.drain(db, smtp_only).sent == 0
    assert len(sink.to("gone@example.test")) == 1
