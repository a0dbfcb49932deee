"""Nothing is ever lost: every mail ends as a ticket, a timeline entry or a recorded decision."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.mail import intake
from shared.mail.config import MailSettings
from shared.models import Attachment, AttachmentBlob, MailIntake, OutboxMessage, Ticket, TimelineEntry, User
from shared.models.enums import EntryKind, Role
from tests import factories as f
from tests.mail.conftest import sample

MAIL = MailSettings(from_address="helpdesk@example.test", imap_user="helpdesk@example.test")


def _decision(db: Database, decision_id: int | None) -> MailIntake:
    with db.uow() as uow:
        row = uow.session.get(MailIntake, decision_id)
        assert row is not None
        return row


def _outbox(db: Database) -> int:
    with db.uow() as uow:
        return len(list(uow.session.scalars(select(OutboxMessage.id))))


def _ticket(db: Database, ticket_id: int | None) -> Ticket:
    with db.uow() as uow:
        t = uow.session.get(Ticket, ticket_id)
        assert t is not None
        return t


def _files(db: Database, ticket_id: int | None) -> dict[str, bytes]:
    with db.uow() as uow:
        rows = uow.session.execute(select(Attachment.filename, AttachmentBlob.data).join(
            AttachmentBlob, AttachmentBlob.sha256 == Attachment.sha256).where(Attachment.ticket_id == ticket_id))
        return {name: bytes(data) for name, data in rows}


def test_the_same_mail_delivered_twice_is_one_ticket_and_a_recorded_duplicate(db: Database) -> None:
    raw = sample("01_plain.eml")
    first = intake.process(db, raw, MAIL)
    # a second delivery: new trace headers, CRLF line ends, but the same mail
    again = b"Received: from relay2.example.test\r\nDelivered-To: helpdesk@example.test\r\n" + raw.replace(
        b"\n", b"\r\n")
    second = intake.process(db, again, MAIL)
    assert (first.outcome, second.outcome) == ("created", "duplicate")
    dup = _decision(db, second.decision_id)
    assert dup.duplicate_of_id == first.decision_id and dup.ticket_id == first.ticket_id
    assert f"decision #{first.decision_id} (created)" in dup.rule and dup.raw is None
    assert _decision(db, first.decision_id).raw == raw


def test_a_different_mail_reusing_a_message_id_is_not_a_duplicate(db: Database) -> None:
    raw = sample("01_plain.eml")
    other = raw.replace(b"Laptop will not boot", b"Printer jams").replace(b"black screen", b"paper jam")
    first = intake.process(db, raw, MAIL)
    second = intake.process(db, other, MAIL)
    assert (first.outcome, second.outcome) == ("created", "created")
    assert first.ticket_id != second.ticket_id
    assert _ticket(db, second.ticket_id).subject == "Printer jams"
    assert f"Message-ID also on decision #{first.decision_id}" in _decision(db, second.decision_id).rule


@pytest.mark.parametrize("raw", [
    b"To: helpdesk@example.test\nSubject: no from at all\nMessage-ID: <nf-1@x.test>\n\nPlease help, my PC is slow.",
    b"From: Budi Santoso\nTo: helpdesk@example.test\nSubject: no address\n\nPlease help, my PC is slow.",
    b"From: <>\nSubject: empty address\n\nPlease help, my PC is slow.",
    b"From: budi at example dot test\nSubject: unparsable\n\nPlease help, my PC is slow.",
], ids=["no-from", "name-only", "empty-angle", "unparsable"])
def test_no_usable_sender_is_a_ticket_from_the_unknown_sender(db: Database, raw: bytes) -> None:
    result = intake.process(db, raw, MAIL)
    assert result.outcome == "created", result
    t = _ticket(db, result.ticket_id)
    assert "PC is slow" in t.description
    with db.uow() as uow:
        requester = uow.session.get(User, t.requester_id)
        assert requester is not None and requester.username == "unknown-sender" and requester.email is None
        assert requester.role == Role.REQUESTER
        notes = list(uow.session.scalars(select(TimelineEntry.body).where(
            TimelineEntry.ticket_id == t.id, TimelineEntry.kind == EntryKind.NOTE)))
    assert _files(db, t.id)["original-message.eml"] == raw
    assert any("no usable sender address" in n for n in notes)
    assert "no usable sender" in _decision(db, result.decision_id).rule


def test_a_from_folded_onto_an_indented_first_line_is_still_read(db: Database) -> None:
    raw = b" From: Budi Santoso <budi@example.test>\nSubject: indented\nMessage-ID: <ind@x.test>\n\nHello there"
    result = intake.process(db, raw, MAIL)
    t = _ticket(db, result.ticket_id)
    with db.uow() as uow:
        requester = uow.session.get(User, t.requester_id)
        assert requester is not None and requester.email == "budi@example.test"
    assert _files(db, t.id)["original-message.eml"] == raw  # a defect: the raw bytes are kept


def test_quarantine_keeps_the_raw_mail_and_the_reason(db: Database) -> None:
    f.user(db, name="gone", email=True)
    with db.uow() as uow:
        gone = uow.session.scalar(select(User).where(User.username == "gone"))
        assert gone is not None
        gone.email, gone.active = "gone@example.test", False
        uow.commit()
    raw = sample("01_plain.eml").replace(b"budi.santoso@example.test>\nTo", b"gone@example.test>\nTo")
    result = intake.process(db, raw, MAIL)
    assert result.outcome == "quarantined" and result.ticket_id is None
    row = _decision(db, result.decision_id)
    assert (row.raw, row.rule, row.sender) == (raw, "the sender's account is disabled", "gone@example.test")


def test_every_outcome_is_one_decision_row(db: Database) -> None:
    for name in ("01_plain.eml", "12_auto_replied.eml", "13_out_of_office.eml", "14_bounce.eml", "01_plain.eml"):
        intake.process(db, sample(name), MAIL)
    with db.uow() as uow:
        rows = list(uow.session.execute(select(MailIntake.outcome, MailIntake.rule).order_by(MailIntake.id)))
    assert [r[0] for r in rows] == ["created", "event", "ignored", "ignored", "duplicate"]
    assert rows[2][1] == "auto-reply: X-Autoreply: yes"
    assert rows[3][1] == "bounce: multipart/report; report-type=delivery-status"


def test_reply_to_of_a_person_becomes_the_requester(db: Database) -> None:
    raw = sample("01_plain.eml").replace(b"To: IT Helpdesk",
                                         b"Reply-To: Sari Dewi <sari@example.test>\nTo: IT Helpdesk")
    t = _ticket(db, intake.process(db, raw, MAIL).ticket_id)
    with db.uow() as uow:
        requester = uow.session.get(User, t.requester_id)
        assert requester is not None and (requester.email, requester.full_name) == ("sari@example.test", "Sari Dewi")


FORWARD = (b"From: %s\nTo: helpdesk@example.test\nSubject: Fwd: printer\nMessage-ID: <fwd-%s@example.test>\n"
           b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: message/rfc822\n\n'
           b"From: Customer Rina <rina@example.test>\nSubject: printer\n\nMy printer is broken.\n--b--\n")


def test_staff_forwarding_a_customer_mail_opens_the_ticket_for_the_customer(db: Database) -> None:
    f.agent(db, name="agent7", email=True)
    with db.uow() as uow:
        agent = uow.session.scalar(select(User).where(User.username == "agent7"))
        assert agent is not None and agent.email
        address = agent.email
    result = intake.process(db, FORWARD % (address.encode(), b"1"), MAIL)
    t = _ticket(db, result.ticket_id)
    assert t.description == "My printer is broken." and t.subject == "Fwd: printer"
    with db.uow() as uow:
        requester = uow.session.get(User, t.requester_id)
        assert requester is not None and requester.email == "rina@example.test"
    assert "enclosed sender is the requester" in result.detail
    assert any(name.endswith(".eml") for name in _files(db, t.id))


def test_a_requester_forwarding_stays_the_requester_and_the_enclosed_sender_is_named(db: Database) -> None:
    result = intake.process(db, FORWARD % (b"Budi <budi@example.test>", b"2"), MAIL)
    t = _ticket(db, result.ticket_id)
    with db.uow() as uow:
        requester = uow.session.get(User, t.requester_id)
        assert requester is not None and requester.email == "budi@example.test"
        notes = list(uow.session.scalars(select(TimelineEntry.body).where(TimelineEntry.ticket_id == t.id)))
    assert any("forwarded a message from Customer Rina <rina@example.test>" in n for n in notes)


def test_a_read_receipt_is_an_event_on_the_ticket_it_answers_and_never_acknowledged(db: Database) -> None:
    first = intake.process(db, sample("01_plain.eml"), MAIL)
    receipt = (b"From: Budi <budi.santoso@example.test>\nSubject: Read: Laptop will not boot\n"
               b"Message-ID: <mdn-1@example.test>\nContent-Type: multipart/report; "
               b'report-type=disposition-notification; boundary="r"\n\n--r\nContent-Type: text/plain\n\n'
               b"Your message was read.\n--r\nContent-Type: message/disposition-notification\n\n"
               b"Original-Message-ID: <plain-1@mail.example.test>\n"
               b"Disposition: manual-action/MDN-sent-manually; displayed\n"
               b"--r--\n")
    outbox_before = _outbox(db)
    result = intake.process(db, receipt, MAIL)
    assert (result.outcome, result.ticket_id) == ("event", first.ticket_id)
    assert _outbox(db) == outbox_before  # no acknowledgement, no notification
    assert result.detail == "read-receipt: multipart/report; report-type=disposition-notification"
    unrelated = receipt.replace(b"<plain-1@mail.example.test>", b"<nothing@x.test>").replace(b"mdn-1", b"mdn-2")
    assert intake.process(db, unrelated.replace(b"Read: Laptop", b"Read: Other"), MAIL).outcome == "ignored"


def test_mail_processed_before_decisions_were_recorded_is_not_processed_again(db: Database) -> None:
    from datetime import UTC, datetime

    from shared.models import MailMessage

    with db.uow() as uow:  # what the fetcher recorded before migration 0004
        uow.session.add(MailMessage(message_id="<plain-1@mail.example.test>", direction="in", ticket_id=None,
                                    outcome="created", sender="budi.santoso@example.test", detail="",
                                    created_at=datetime(2026, 1, 5, tzinfo=UTC)))
        uow.commit()
    result = intake.process(db, sample("01_plain.eml"), MAIL)
    assert result.outcome == "duplicate" and "before intake decisions were recorded (created)" in result.detail
    row = _decision(db, result.decision_id)
    assert row.raw == sample("01_plain.eml")  # kept, so an agent can still make a ticket of it
    with db.uow() as uow:
        assert uow.session.scalar(select(Ticket.id)) is None


def test_a_new_ticket_from_an_inline_forward_keeps_the_forwarded_mail(db: Database) -> None:
    raw = (b"From: Budi <budi@example.test>\nTo: helpdesk@example.test\nSubject: Fwd: licence renewal\n"
           b"Message-ID: <fwd-inline@example.test>\n\nCan you handle this?\n\n"
           b"---------- Forwarded message ---------\nFrom: Vendor Sales <sales@vendor.test>\n"
           b"Date: Mon, 2 Mar 2026 at 09:00\nSubject: licence renewal\nTo: Budi <budi@example.test>\n\n"
           b"Your Office licences expire on 31 March. Reply to renew.\n")
    t = _ticket(db, intake.process(db, raw, MAIL).ticket_id)
    assert t.description.startswith("Can you handle this?") and "expire on 31 March" in t.description
