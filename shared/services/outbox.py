"""The outbox as a service: which e-mail notifications are due, and recording how each went.

A sender (`shared.mail.smtp` is the SMTP adapter) works in three steps so that no database
transaction is open while it talks to the network: `due_ids` and `load` read in short
transactions, the sender renders and sends with none open, then `mark_sent` or `mark_failed`
records the outcome in a new short transaction.

Delivery is at least once, never lost: a row stays pending until its outcome is committed, and its
Message-ID is derived from the row, so a sender that dies between sending and recording re-sends
the same Message-ID (receivers de-duplicate it) rather than a different mail. A failure counts an
attempt and waits `Backoff.delay` before the next; after `max_attempts` (or at once, for a
permanent refusal) the row is FAILED: its `next_attempt_at` then says when it was given up, and a
ticket's timeline says so (staff only). `shared.services.undelivered` lists such rows and sends
them again or dismisses them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.i18n import N_, Said, say
from shared.models import MailMessage, OutboxMessage, Ticket, User
from shared.models.enums import OutboxChannel, OutboxStatus
from shared.services import notify
from shared.services._common import event
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class Backoff:
    """How often and how patiently a failed send is tried again."""

    max_attempts: int = 8
    base_seconds: float = 60.0  # doubled each attempt
    cap_seconds: float = 6 * 3600.0

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt."""
        return timedelta(seconds=min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class DueMail:
    """One pending e-mail notification with everything needed to render and send it."""

    id: int
    kind: str
    ticket_id: int | None
    recipient_address: str | None
    payload: dict[str, Any]
    message_id: str
    thread: tuple[str, ...]  # In-Reply-To first, then the rest of References
    recipient_name: str | None
    recipient_language: str | None
    recipient_timezone: str | None


def message_id_for(row: OutboxMessage, domain: str) -> str:
    """The row's own Message-ID: the same on every attempt."""
    seed = f"{row.id}|{row.created_at.isoformat()}|{row.kind}|{row.recipient_address}|{row.dedup_key}"
    return f"<hd.{row.id}.{hashlib.sha256(seed.encode()).hexdigest()[:16]}@{domain}>"


def due_ids(uow: UnitOfWork, *, channel: OutboxChannel = OutboxChannel.EMAIL, limit: int = 200) -> list[int]:
    """Pending rows of `channel` whose next attempt is due, oldest first (the scheduler's call: no actor)."""
    with uow:
        return list(uow.session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.channel == channel,
                                           OutboxMessage.status == OutboxStatus.PENDING,
                                           OutboxMessage.next_attempt_at <= uow.now())
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)))


def load(uow: UnitOfWork, row_id: int, *, domain: str) -> DueMail | None:
    """The row as a DueMail, or None when it is no longer pending (another sender got there first).
    `domain` is the right-hand side of the Message-IDs we make."""
    with uow:
        s = uow.session
        row = s.get(OutboxMessage, row_id)
        if row is None or row.status != OutboxStatus.PENDING:
            return None
        mid = row.message_id or message_id_for(row, domain)
        recipient = s.get(User, row.recipient_id) if row.recipient_id else None
        return DueMail(id=row.id, kind=row.kind, ticket_id=row.ticket_id, recipient_address=row.recipient_address,
                       payload=dict(row.payload or {}), message_id=mid, thread=tuple(_thread(uow, row, mid)),
                       recipient_name=recipient.full_name if recipient else None,
                       recipient_language=recipient.language if recipient else None,
                       recipient_timezone=recipient.timezone if recipient else None)


def _thread(uow: UnitOfWork, row: OutboxMessage, own_id: str) -> list[str]:
    """In-Reply-To and References for this recipient's view of the ticket: the mail they opened it
    with (or the first we sent them about it), then the latest we sent them."""
    if row.ticket_id is None or not row.recipient_address:
        return []
    s = uow.session
    opened = s.scalar(select(MailMessage.message_id).where(
        MailMessage.ticket_id == row.ticket_id, MailMessage.direction == "in",
        MailMessage.sender == row.recipient_address.lower(),
    ).order_by(MailMessage.id).limit(1))
    sent = select(OutboxMessage.message_id).where(
        OutboxMessage.ticket_id == row.ticket_id, OutboxMessage.channel == OutboxChannel.EMAIL,
        OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.recipient_address == row.recipient_address,
        OutboxMessage.message_id.is_not(None), OutboxMessage.message_id != own_id)
    first = opened or s.scalar(sent.order_by(OutboxMessage.sent_at, OutboxMessage.id).limit(1))
    last = s.scalar(sent.order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc()).limit(1))
    return [m for m in dict.fromkeys((first, last)) if m]


def mark_sent(uow: UnitOfWork, row_id: int, message_id: str) -> None:
    """Record a delivery: the row is SENT with its Message-ID, and the Message-ID is remembered
    (direction "out") so a reply to it threads back to the ticket."""
    with uow:
        s = uow.session
        row = s.get(OutboxMessage, row_id)
        if row is None:
            return  # its ticket was deleted meanwhile: nothing left to record
        now = uow.now()
        row.message_id = message_id
        row.status = OutboxStatus.SENT
        row.sent_at = now
        row.attempts = (row.attempts or 0) + 1
        row.last_error = None
        if s.scalar(select(MailMessage.id).where(MailMessage.message_id == message_id)) is None:
            s.add(MailMessage(message_id=message_id, direction="out", ticket_id=row.ticket_id, outcome="sent",
                              detail=row.kind, created_at=now))
        uow.commit()


def mark_failed(uow: UnitOfWork, row_id: int, error: str, backoff: Backoff, *, permanent: bool = False,
                message_id: str | None = None) -> bool:
    """Count a failed attempt and schedule the next, or give up (FAILED) when `permanent` or out of
    attempts. Returns True when the row was given up."""
    with uow:
        row = uow.session.get(OutboxMessage, row_id)
        if row is None:
            return True
        if message_id is not None:
            row.message_id = message_id  # the next attempt re-sends the same one
        row.attempts = (row.attempts or 0) + 1
        row.last_error = error[:2000]
        gave_up = permanent or row.attempts >= backoff.max_attempts
        if gave_up:
            row.status = OutboxStatus.FAILED
            row.next_attempt_at = uow.now()  # a FAILED row is never due: the field says when it was given up
            _undelivered_event(uow, row)
        else:
            row.next_attempt_at = uow.now() + backoff.delay(row.attempts)
        uow.commit()
        return gave_up



# The timeline's event field for the outbox's mail about a ticket (staff only: requesters see replies
# and status changes). The value is the address; the system's reason is a say(...) text.
MAIL_FIELD = "mail"

# What each kind of notification is, in words (the templates' names are the kinds).
KIND_LABELS: dict[str, str] = {
    "ticket_created": N_("acknowledgement"), "agent_reply": N_("agent's reply"),
    "status_changed": N_("status change"), "csat_request": N_("satisfaction survey"),
    "ticket_assigned": N_("assignment"), "sla_warning": N_("SLA warning"), "sla_breach": N_("SLA breach"),
    "weekly_report": N_("weekly report"),
}


def kind_said(kind: str) -> Said | str:
    """The kind as a say(...) value, so each reader sees it in their own language."""
    return say(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def _undelivered_event(uow: UnitOfWork, row: OutboxMessage) -> None:
    """The ticket's timeline says that a mail to its requester (or an agent) could not be delivered,
    and why, so the agent who reads the ticket knows the requester was not told."""
    ticket = uow.session.get(Ticket, row.ticket_id) if row.ticket_id is not None else None
    if ticket is None:
        return
    assignee = uow.session.get(User, ticket.assignee_id) if ticket.assignee_id is not None else None
    if assignee is not None:  # the agent working the ticket learns it in the console's bell, not by chance
        notify.enqueue(uow.session, uow.now(), "mail_undelivered", ticket, assignee,
                       {"address": row.recipient_address or "—", "outbox_id": row.id}, channels=(OutboxChannel.APP,))
    event(uow, ticket, SYSTEM, MAIL_FIELD, None, row.recipient_address,
          say("A mail to {address} could not be delivered ({kind}): {error}",
              address=row.recipient_address or "—", kind=kind_said(row.kind), error=(row.last_error or "")[:300]),
          data={"outbox_id": row.id, "mail": "failed"})
