"""The outbox delivered to a real (aiosmtpd) SMTP server, and replies threading back."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.mail import intake, smtp
from shared.mail.config import MailSettings
from shared.models import MailMessage, OutboxMessage, TimelineEntry
from shared.models.enums import EntryKind, OutboxStatus, Role, Status
from shared.services import sla, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock
from tests.mail.conftest import Sink
from tests.ports import free_port


def _text(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def _html(msg: EmailMessage) -> str:
    part = msg.get_body(("html",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def _rows(db: Database, **where: object) -> list[OutboxMessage]:
    with db.uow() as uow:
        q = select(OutboxMessage).where(OutboxMessage.channel == "email")
        for key, value in where.items():
            q = q.where(getattr(OutboxMessage, key) == value)
        return list(uow.session.scalars(q.order_by(OutboxMessage.id)))


def test_acknowledgement_reply_threading_and_reply_back(db: Database, sink: Sink,
                                                         mail_settings: MailSettings) -> None:
    requester = f.user(db, name="budi", full_name="Budi Santoso")
    agent = f.agent(db, name="agent-ani", full_name="Ani Agent")
    t = f.ticket(db, requester, subject="Laptop will not boot")
    summary = smtp.drain(db, mail_settings)
    assert summary.sent >= 1 and summary.failed == 0
    (ack,) = sink.to("budi@example.test")
    assert ack["Subject"] == f"[{t.number}] We received your request: Laptop will not boot"
    assert ack["Auto-Submitted"] == "auto-generated"
    assert ack["From"] == "IT Helpdesk <helpdesk@example.test>"
    assert ack["Reply-To"] == "helpdesk@example.test"
    assert t.response_due_at is not None
    due = t.response_due_at.astimezone(ZoneInfo("Asia/Jakarta"))  # the requester's zone
    assert f"We aim to respond by {due:%A} {due.day} {due:%B %Y, %H:%M} +0700." in _text(ack)
    assert "Laptop will not boot" in _html(ack) and "<p>" in _html(ack)

    tickets.reply(db.uow(), agent, t.id, "Please hold the power button for 30 seconds.\nThen try again.")
    smtp.drain(db, mail_settings)
    reply = sink.to("budi@example.test")[-1]
    assert reply["Subject"] == f"[{t.number}] Laptop will not boot"
    assert reply["Auto-Submitted"] is None  # a person wrote this one
    assert reply["In-Reply-To"] == ack["Message-ID"]
    assert ack["Message-ID"] in reply["References"]
    assert "Ani Agent replied" in _text(reply) and "Then try again." in _text(reply)
    assert "hold the power button for 30 seconds.<br>" in _html(reply)
    with db.uow() as uow:
        out = set(uow.session.scalars(select(MailMessage.message_id).where(MailMessage.direction == "out")))
    assert {ack["Message-ID"], reply["Message-ID"]} <= out
    assert _rows(db, kind="agent_reply")[0].message_id == reply["Message-ID"]

    # The requester answers from a mail client that strips the subject tag: threading finds it.
    answer = (f"From: Budi Santoso <budi@example.test>\nTo: helpdesk@example.test\nSubject: Re: your mail\n"
              f"Message-ID: <answer-1@client.test>\nIn-Reply-To: {reply['Message-ID']}\n"
              f"References: {ack['Message-ID']} {reply['Message-ID']}\n\nThat worked, thanks!\n\n"
              f"On Mon, 2 Mar 2026, IT Helpdesk wrote:\n> Please hold the power button\n").encode()
    result = intake.process(db, answer, mail_settings)
    assert (result.outcome, result.ticket_id) == ("appended", t.id)
    with db.uow() as uow:
        entry = uow.session.scalar(select(TimelineEntry).where(TimelineEntry.message_id == "<answer-1@client.test>"))
        assert entry is not None and entry.body == "That worked, thanks!" and entry.kind == EntryKind.REPLY


def test_indonesian_templates_for_an_indonesian_user(db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    siti = f.user(db, name="siti", full_name="Siti", language="id")
    agent = f.agent(db)
    t = f.ticket(db, siti, subject="Lupa kata sandi")
    workflow.change_status(db.uow(), agent, t.id, "pending_user", reason="Kapan terakhir berhasil masuk?")
    smtp.drain(db, mail_settings)
    ack, pending = sink.to("siti@example.test")
    assert ack["Subject"] == f"[{t.number}] Permintaan Anda sudah kami terima: Lupa kata sandi"
    assert ack["Content-Language"] == "id"
    # P4, raised Monday 09:00 Jakarta: answered by the next business morning, in Indonesian words.
    assert "Kami akan menanggapi paling lambat Selasa 3 Maret 2026, 09:00 WIB." in _text(ack)
    assert pending["Subject"] == f"[{t.number}] Kami memerlukan informasi tambahan: Lupa kata sandi"
    assert "Kapan terakhir berhasil masuk?" in _text(pending)


def test_resolve_sends_solution_and_csat_request_and_rating_by_reply(
        db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    requester = f.user(db, name="rina")
    agent = f.agent(db)
    t = f.ticket(db, requester, subject="VPN drops")
    workflow.resolve(db.uow(), agent, t.id, "Updated the VPN client to 5.2.")
    smtp.drain(db, mail_settings)
    subjects = [m["Subject"] for m in sink.to("rina@example.test")]
    assert f"[{t.number}] Resolved: VPN drops" in subjects
    assert f"[{t.number}] How did we do? VPN drops" in subjects
    resolved = next(m for m in sink.to("rina@example.test") if "Resolved" in m["Subject"])
    assert "Updated the VPN client to 5.2." in _text(resolved)
    csat_mail = next(m for m in sink.to("rina@example.test") if "How did we do" in m["Subject"])
    rating = (f"From: rina@example.test\nSubject: Re: {csat_mail['Subject']}\nMessage-ID: <rate@c.test>\n"
              f"In-Reply-To: {csat_mail['Message-ID']}\n\n5\nQuick and friendly.\n").encode()
    assert intake.process(db, rating, mail_settings).detail == "rating"
    from shared.models import CsatResponse, Ticket
    with db.uow() as uow:
        csat_row = uow.session.scalar(select(CsatResponse).where(CsatResponse.ticket_id == t.id))
        assert csat_row is not None and (csat_row.rating, csat_row.comment) == (5, "Quick and friendly.")
        ticket = uow.session.get(Ticket, t.id)
        assert ticket is not None and ticket.status == Status.RESOLVED  # a rating does not reopen it


def test_closed_notice(db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    requester = f.user(db, name="dewi")
    agent = f.agent(db)
    t = f.ticket(db, requester, subject="Duplicate request")
    workflow.close(db.uow(), agent, t.id, "Duplicate of another ticket")
    smtp.drain(db, mail_settings)
    closed = sink.to("dewi@example.test")[-1]
    assert closed["Subject"] == f"[{t.number}] Closed: Duplicate request"
    assert "Duplicate of another ticket" in _text(closed)


def test_sla_alerts_go_to_assignee_and_supervisor(db: Database, sink: Sink, clock: FakeClock,
                                                  mail_settings: MailSettings) -> None:
    sup = f.user(db, Role.SUPERVISOR, name="sup", teams=("Service Desk",))
    agent = f.agent(db, name="agent-joko")
    t = f.ticket(db, f.user(db, name="putri"), subject="Email down", impact="high", urgency="high")
    workflow.assign(db.uow(), sup, t.id, agent.id)
    smtp.drain(db, mail_settings)
    sink.messages.clear()
    clock.advance(days=3)
    result = sla.check(db.uow())
    assert result.breaches >= 1
    smtp.drain(db, mail_settings)
    to_agent = [m["Subject"] for m in sink.to("agent-joko@example.test")]
    to_sup = [m["Subject"] for m in sink.to("sup@example.test")]
    assert f"[{t.number}] SLA BREACHED (first response): Email down" in to_agent
    assert f"[{t.number}] SLA BREACHED (first response): Email down" in to_sup
    assert all(m["Auto-Submitted"] == "auto-generated" for m in sink.messages)


def test_assignment_mail(db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    sup = f.user(db, Role.SUPERVISOR, name="boss", full_name="Boss", teams=("Service Desk",))
    f.agent(db)  # takes the ticket by auto-assignment
    agent = f.agent(db, 2, name="agent-tono")
    t = f.ticket(db, f.user(db), subject="Monitor flickers")
    workflow.assign(db.uow(), sup, t.id, agent.id)
    smtp.drain(db, mail_settings)
    (mail,) = [m for m in sink.to("agent-tono@example.test") if "Assigned to you" in m["Subject"]]
    assert "Assigned by Boss." in _text(mail)


def test_internal_notes_are_never_mailed(db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    requester = f.user(db, name="yusuf")
    agent = f.agent(db)
    t = f.ticket(db, requester, subject="Scanner")
    smtp.drain(db, mail_settings)
    before = len(sink.messages)
    tickets.note(db.uow(), agent, t.id, "SECRET: the user broke it")
    assert smtp.drain(db, mail_settings).sent == 0
    assert len(sink.messages) == before
    assert all("SECRET" not in m.as_string() for m in sink.messages)
    with db.uow() as uow:
        payloads = [str(p) for p in uow.session.scalars(select(OutboxMessage.payload))]
    assert all("SECRET" not in p for p in payloads)


def test_smtp_down_retries_with_backoff_then_fails_but_keeps_the_row(
        db: Database, sink: Sink, clock: FakeClock, mail_settings: MailSettings) -> None:
    down = mail_settings.model_copy(update={"smtp_port": free_port()})  # nothing listens there
    f.ticket(db, f.user(db, name="lina"), subject="Keyboard")
    (row,) = _rows(db, kind="ticket_created")
    first = smtp.drain(db, down)
    assert (first.sent, first.retried) == (0, 1) and first.error
    (row,) = _rows(db, kind="ticket_created")
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at == clock.now + timedelta(seconds=60)
    assert row.last_error and "Cannot connect" in row.last_error
    assert smtp.drain(db, down).retried == 0  # not due yet
    clock.advance(seconds=60)
    smtp.drain(db, down)
    (row,) = _rows(db, kind="ticket_created")
    assert row.attempts == 2 and row.next_attempt_at == clock.now + timedelta(seconds=120)
    clock.advance(seconds=120)
    assert smtp.drain(db, down).failed == 1  # the third attempt was the last (send_max_attempts=3)
    (row,) = _rows(db, kind="ticket_created")
    assert row.status == OutboxStatus.FAILED and row.attempts == 3
    assert sink.messages == []


def test_server_back_up_delivers_what_was_waiting(db: Database, sink: Sink, clock: FakeClock,
                                                  mail_settings: MailSettings) -> None:
    down = mail_settings.model_copy(update={"smtp_port": free_port()})
    t = f.ticket(db, f.user(db, name="wati"), subject="Mouse")
    smtp.drain(db, down)
    clock.advance(minutes=1)
    assert smtp.drain(db, mail_settings).sent == 1
    assert sink.to("wati@example.test")[0]["Subject"].startswith(f"[{t.number}]")


def test_refused_recipient_fails_at_once(db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    sink.refuse.add("gone@example.test")
    f.ticket(db, f.user(db, name="gone"), subject="Printer")
    summary = smtp.drain(db, mail_settings)
    assert summary.failed == 1
    (row,) = _rows(db, kind="ticket_created")
    assert row.status == OutboxStatus.FAILED and "550" in (row.last_error or "")


@pytest.mark.parametrize("missing", ["address"])
def test_rows_without_recipient_are_not_sent(db: Database, sink: Sink, mail_settings: MailSettings,
                                             missing: str) -> None:
    f.ticket(db, f.user(db, name="noaddr"), subject="Phone")
    with db.uow() as uow:
        for row in uow.session.scalars(select(OutboxMessage)):
            row.recipient_address = None
        uow.commit()
    summary = smtp.drain(db, mail_settings)
    assert summary.sent == 0 and summary.failed >= 1 and sink.messages == []


class _CheckingSmtp:
    """An SMTP adapter that records, at each send, how many database connections were in use."""

    def __init__(self, db: Database, fail_first: bool = False) -> None:
        self.db, self.fail_first = db, fail_first
        self.in_use: list[int] = []
        self.sent: list[EmailMessage] = []

    def send_message(self, msg: EmailMessage) -> None:
        self.in_use.append(self.db.engine.pool.checkedout())  # type: ignore[attr-defined]
        if self.fail_first and len(self.in_use) == 1:
            raise smtplib.SMTPServerDisconnected("connection dropped")
        self.sent.append(msg)

    def quit(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_no_transaction_is_open_while_a_mail_is_sent(committed_db: Database, mail_settings: MailSettings,
                                                      clock: FakeClock) -> None:
    """A slow mail server must not hold a database connection (or a row lock): rows are read and
    committed, sent with no connection checked out, and the outcome recorded afterwards."""
    db = committed_db
    f.ticket(db, f.user(db, name="nina"), subject="Monitor")
    f.ticket(db, f.user(db, name="oki"), subject="Headset")
    fake = _CheckingSmtp(db, fail_first=True)
    summary = smtp.drain(db, mail_settings, factory=lambda _mail: fake)  # type: ignore[arg-type, return-value]
    assert (summary.sent, summary.retried) == (1, 1)
    assert fake.in_use == [0, 0]
    retried = next(r for r in _rows(db, kind="ticket_created") if r.status == OutboxStatus.PENDING)
    assert retried.attempts == 1 and retried.message_id  # the next attempt sends the same Message-ID
    clock.advance(minutes=1)
    assert smtp.drain(db, mail_settings, factory=lambda _mail: fake).sent == 1  # type: ignore[arg-type, return-value]
    assert fake.sent[-1]["Message-ID"] == retried.message_id and fake.in_use == [0, 0, 0]


def test_the_outbox_service_backs_off_and_gives_up(db: Database, clock: FakeClock) -> None:
    from shared.services import outbox

    f.ticket(db, f.user(db, name="putri"), subject="Webcam")
    (row_id,) = outbox.due_ids(db.uow())
    policy = outbox.Backoff(max_attempts=3, base_seconds=10, cap_seconds=15)
    assert not outbox.mark_failed(db.uow(), row_id, "down", policy)
    assert outbox.due_ids(db.uow()) == []  # not due for 10 s
    clock.advance(seconds=10)
    assert outbox.due_ids(db.uow()) == [row_id]
    assert not outbox.mark_failed(db.uow(), row_id, "down", policy)
    (row,) = _rows(db, kind="ticket_created")
    assert row.next_attempt_at == clock.now + timedelta(seconds=15)  # 20 s, capped
    assert outbox.mark_failed(db.uow(), row_id, "down", policy)
    assert outbox.load(db.uow(), row_id, domain="example.test") is None  # FAILED: nothing to send
