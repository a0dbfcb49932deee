"""Writes notifications to the outbox inside the caller's transaction.

Kinds (payload keys in brackets):
- ticket_created    requester, email   [number, subject, response_due_at, articles]
- agent_reply       requester, email   [number, subject, body, entry_id, agent]
- status_changed    requester, email   [number, subject, status, solution?]
- csat_request      requester, email   [number, subject]
- ticket_assigned   assignee,  app+email [number, subject, priority]
- requester_reply   assignee,  app     [number, subject, body]
- sla_warning / sla_breach   assignee and supervisors, app+email [number, subject, clock, due_at]
- mail_undelivered  assignee,  app     [number, subject, address, outbox_id]: a mail about the ticket was given up
Internal notes are never written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from shared.models import OutboxMessage, Ticket, User
from shared.models.enums import OutboxChannel, OutboxStatus, Role
from shared.services.uow import number_in

if TYPE_CHECKING:
    from shared.services._common import Person

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
EMAIL = OutboxChannel.EMAIL
APP = OutboxChannel.APP


def enqueue(session: Session, now: datetime, kind: str, ticket: Ticket | None, recipient: User | Person,
            payload: dict[str, Any], channels: Iterable[OutboxChannel] = (EMAIL,),
            dedup_key: str | None = None, into: list[dict[str, Any]] | None = None) -> bool:
    """Queue a message per channel; True when one went to the in-app channel (an inbox changed).
    With `into`, the new rows are appended there, as column values, for the caller to insert in
    bulk (one INSERT of `OUTBOX`) instead of being added to the session."""
    to_inbox = False
    base = dict(payload)
    if ticket is not None:
        base.setdefault("number", number_in(session, ticket.id))
        base.setdefault("subject", ticket.subject)
        if ticket.said and "subject" in ticket.said:
            base.setdefault("subject_said", ticket.said["subject"])  # rendered in the recipient's language
        base.setdefault("ticket_id", ticket.id)
    for channel in channels:
        if channel == EMAIL and not recipient.email:
            continue  # no address: the in-app channel (if asked for) still carries it
        if not recipient.active:
            continue
        key = f"{dedup_key}:{channel}:{recipient.id}" if dedup_key else None
        if key and session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == key)):
            continue
        row = {"kind": kind, "channel": channel, "ticket_id": ticket.id if ticket else None,
               "recipient_id": recipient.id, "recipient_address": recipient.email if channel == EMAIL else None,
               "payload": base, "dedup_key": key, "status": OutboxStatus.PENDING, "attempts": 0,
               "next_attempt_at": now, "created_at": now}
        if into is None:
            session.add(OutboxMessage(**row))
        else:  # every column, as one executemany needs: what a flush would have written
            into.append(row | {"last_error": None, "sent_at": None, "message_id": None})
        to_inbox = to_inbox or channel == APP
    return to_inbox


def supervisors(session: Session) -> list[User]:
    return list(session.scalars(
        select(User).where(User.role == Role.SUPERVISOR, User.active.is_(True)).order_by(User.id)
    ))
