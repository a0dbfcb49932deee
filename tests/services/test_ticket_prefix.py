"""The `ticket_prefix` setting, everywhere a number is shown or read: an install numbering its
tickets IT-000123 must never show, mail or expect HD-000123."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlalchemy import select

from shared.config import Settings
from shared.db.database import Database
from shared.errors import NotFound, ValidationFailed
from shared.mail import intake
from shared.mail.config import MailSettings
from shared.mail.render import render
from shared.models import OutboxMessage
from shared.models.enums import EntryKind
from shared.services import queue, tickets, workflow
from tests import factories as f


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en", ticket_prefix="IT")


def test_numbers_shown_carry_the_prefix(db: Database) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    assert t.number == f"IT-{t.id:06d}"
    created = tickets.get(db.uow(), agent, t.id).entries
    assert [e.new_value for e in created if e.field == "created"] == [t.number]
    rows = queue.page(db.uow(), agent, queue.QueueQuery(view=queue.View.ALL))
    assert [r.number for r in rows] == [t.number]
    with pytest.raises(NotFound, match="Ticket IT-000999 not found"):
        tickets.get(db.uow(), agent, 999)
    other = f.ticket(db, f.user(db))
    merged = workflow.merge(db.uow(), agent, other.id, t.id)
    assert [e.new_value for e in merged.entries if e.field == "link"] == [other.number]
    assert tickets.get(db.uow(), agent, other.id).merged_into == t.number


def test_numbers_are_read_with_the_prefix(db: Database) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer on floor 3 jams")
    uow = db.uow()
    assert uow.parse_number(t.number) == uow.parse_number(f"it-{t.id}") == uow.parse_number(f"#{t.id}") == t.id
    with pytest.raises(ValidationFailed, match="like IT-000123"):
        uow.parse_number(f"HD-{t.id:06d}")
    found = queue.page(db.uow(), agent, queue.QueueQuery(view=queue.View.ALL, text=t.number))
    assert [r.id for r in found] == [t.id]


def test_mail_threads_on_the_configured_prefix(db: Database) -> None:
    """Our mail says [IT-…] in the subject; the requester's answer to it lands on the ticket."""
    rina = f.user(db)
    t = f.ticket(db, rina, subject="VPN drops")
    with db.uow() as uow:
        ack = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.ticket_id == t.id,
                                                              OutboxMessage.channel == "email")).first()
        assert ack is not None
        payload = dict(ack.payload)
    assert payload["number"] == t.number
    subject = render(ack.kind, payload, language="en", timezone="UTC", recipient_name="Rina").subject
    assert f"[{t.number}]" in subject and "HD-" not in subject
    answer = EmailMessage()
    answer["From"] = f"Rina <{rina.username}@example.test>"
    answer["To"] = "helpdesk@example.test"
    answer["Subject"] = f"Re: {subject}"
    answer["Message-ID"] = "<answer-1@example.test>"
    answer.set_content("It dropped again at 10:15.")
    result = intake.process(db, answer.as_bytes(), MailSettings(from_address="helpdesk@example.test"))
    assert (result.outcome, result.ticket_id) == ("appended", t.id)
    replies = [e.body.strip() for e in tickets.get(db.uow(), f.agent(db), t.id).entries if e.kind == EntryKind.REPLY]
    assert replies == ["It dropped again at 10:15."]
