"""In-app notifications: the outbox rows of channel "app" addressed to the signed-in user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from shared.auth.permissions import Actor
from shared.i18n import N_, _
from shared.models import OutboxMessage
from shared.models.enums import OutboxStatus
from shared.services.dto import payload_subject
from shared.services.uow import UnitOfWork

_TEXTS = {
    "ticket_assigned": N_("{number} was assigned to you: {subject}"),
    "requester_reply": N_("The requester replied on {number}: {subject}"),
    "sla_warning": N_("{number} is close to its {clock} target: {subject}"),
    "sla_breach": N_("{number} missed its {clock} target: {subject}"),
}
_CLOCKS = {"response": N_("response"), "resolution": N_("resolution")}


@dataclass(frozen=True)
class Notification:
    id: int
    kind: str
    ticket_id: int | None
    text: str
    created_at: datetime
    payload: dict[str, Any]


def describe(kind: str, payload: dict[str, Any]) -> str:
    template = _TEXTS.get(kind)
    values = {"number": payload.get("number", ""),
              "subject": payload_subject(payload),
              "clock": _(_CLOCKS.get(str(payload.get("clock")), str(payload.get("clock", ""))))}
    return _(template).format(**values) if template else f"{kind}: {values['number']} {values['subject']}"


def unread(uow: UnitOfWork, actor: Actor, *, limit: int = 50) -> list[Notification]:
    """The actor's undelivered in-app notifications, oldest first."""
    if actor.id is None:
        return []
    with uow:
        rows = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == "app", OutboxMessage.recipient_id == actor.id,
                                        OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.id).limit(limit))
        return [Notification(r.id, r.kind, r.ticket_id, describe(r.kind, r.payload), r.created_at, dict(r.payload))
                for r in rows]


def mark_read(uow: UnitOfWork, actor: Actor, ids: Iterable[int]) -> int:
    """Mark the actor's own notifications delivered. Returns how many changed."""
    wanted = list(ids)
    if not wanted or actor.id is None:
        return 0
    with uow:
        result = uow.session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(wanted), OutboxMessage.recipient_id == actor.id,
                                        OutboxMessage.channel == "app", OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENT, sent_at=uow.now()))
        uow.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
