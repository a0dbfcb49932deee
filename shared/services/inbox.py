"""In-app notifications: the outbox rows of channel "app" addressed to the signed-in user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update

from shared.auth.permissions import Actor
from shared.i18n import N_, _
from shared.models import OutboxMessage
from shared.models.enums import OutboxChannel, OutboxStatus
from shared.services.dto import InboxPage, Notification, payload_subject
from shared.services.uow import UnitOfWork

_TEXTS = {
    "ticket_assigned": N_("{number} was assigned to you: {subject}"),
    "requester_reply": N_("The requester replied on {number}: {subject}"),
    "sla_warning": N_("{number} is close to its {clock} target: {subject}"),
    "sla_breach": N_("{number} missed its {clock} target: {subject}"),
    "mail_undelivered": N_("A mail to {address} about {number} could not be delivered: {subject}"),
}
_CLOCKS = {"response": N_("response"), "resolution": N_("resolution")}
__all__ = ["InboxPage", "Notification", "describe", "mark_all_read", "mark_read", "page", "unread"]


def describe(kind: str, payload: dict[str, Any]) -> str:
    template = _TEXTS.get(kind)
    values = {"number": payload.get("number", ""),
              "subject": payload_subject(payload),
              "clock": _(_CLOCKS.get(str(payload.get("clock")), str(payload.get("clock", "")))),
              "address": payload.get("address", "")}
    return _(template).format(**values) if template else f"{kind}: {values['number']} {values['subject']}"


def _mine(actor: Actor) -> Any:
    return (OutboxMessage.channel == OutboxChannel.APP, OutboxMessage.recipient_id == actor.id,
            OutboxMessage.status == OutboxStatus.PENDING)


def page(uow: UnitOfWork, actor: Actor, *, offset: int = 0, limit: int = 20) -> InboxPage:
    """The actor's unread in-app notifications, newest first — a breach that just happened is on
    top however many older ones wait — with the true unread count. Any signed-in user, own items."""
    if actor.id is None:
        return InboxPage([], 0)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    with uow:
        count = uow.session.scalar(select(func.count()).select_from(OutboxMessage).where(*_mine(actor))) or 0
        rows = uow.session.scalars(select(OutboxMessage).where(*_mine(actor))
                                   .order_by(OutboxMessage.id.desc()).offset(offset).limit(limit))
        items = [Notification(r.id, r.kind, r.ticket_id, describe(r.kind, r.payload), r.created_at, dict(r.payload))
                 for r in rows]
        return InboxPage(items, int(count))


def unread(uow: UnitOfWork, actor: Actor, *, limit: int = 50) -> list[Notification]:
    """The actor's newest unread in-app notifications, newest first."""
    return page(uow, actor, limit=limit).items


def mark_all_read(uow: UnitOfWork, actor: Actor) -> int:
    """Mark every unread in-app notification of the actor delivered. Returns how many changed."""
    if actor.id is None:
        return 0
    with uow:
        result = uow.session.execute(update(OutboxMessage).where(*_mine(actor))
                                     .values(status=OutboxStatus.SENT, sent_at=uow.now()))
        uow.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def mark_read(uow: UnitOfWork, actor: Actor, ids: Iterable[int]) -> int:
    """Mark the actor's own notifications delivered. Returns how many changed."""
    wanted = list(ids)
    if not wanted or actor.id is None:
        return 0
    with uow:
        result = uow.session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(wanted), OutboxMessage.recipient_id == actor.id,
                                        OutboxMessage.channel == OutboxChannel.APP,
                                        OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENT, sent_at=uow.now()))
        uow.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
