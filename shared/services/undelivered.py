"""Undelivered mail: the outbox's e-mail that was given up (FAILED) or dismissed, made visible and
recoverable, so no notification is dropped without someone seeing it.

Who may do what, and why:
- The list of all undelivered mail, "send to another address" and "dismiss" need mail:manage
  (supervisors, admins). The list holds mail about every ticket and the staff's own (SLA alerts,
  the weekly report); a typed address sends a ticket's content to a mailbox nobody has checked;
  dismissing decides that a requester will not be told. Those are a supervisor's calls, as is
  rescuing an intake decision (shared.mail.decisions).
- Staff who may reply on a ticket they can see (ticket:reply) may see its undelivered mail and
  send one again to the same address: that is no more than replying again, which they may do.

A send again is one conditional UPDATE (… WHERE status IN ('failed', 'dropped')): of two agents
pressing it at once one wins, the other is told it was sent again already, and the mail goes out
once. Every action is in the audit log (entity "outbox") and, for mail about a ticket, on its
timeline with who did it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, update

from shared.auth.permissions import Actor, Permission, can, require
from shared.changes import NO_CHANGES, Changes
from shared.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from shared.i18n import _, say
from shared.models import AuditLog, OutboxMessage, Ticket, User
from shared.models.enums import OutboxChannel, OutboxStatus
from shared.services._common import event, load_ticket, may_view
from shared.services.outbox import KIND_LABELS, MAIL_FIELD, kind_said
from shared.services.requesters import EMAIL_ADDRESS
from shared.services.uow import UnitOfWork

UNDELIVERED = (OutboxStatus.FAILED, OutboxStatus.DISMISSED)
ADDRESS_MAX = 254  # the column's length, and RFC 5321's limit on a path


@dataclass(frozen=True)
class Undelivered:
    """One e-mail the outbox gave up on (status "failed") or that an agent dismissed ("dropped")."""

    id: int
    kind: str
    ticket_id: int | None
    number: str | None  # the ticket's, as people see it
    recipient_address: str | None
    recipient_name: str | None
    attempts: int
    last_error: str
    given_up_at: datetime  # for a dismissed mail: when it was dismissed
    status: OutboxStatus
    dismissed_by: str | None = None  # a person's full name
    changes: Changes = NO_CHANGES  # what an action changed (the console's views reload from it)

    @property
    def kind_text(self) -> str:
        """The kind in the active language ("agent's reply", "acknowledgement")."""
        return _(KIND_LABELS[self.kind]) if self.kind in KIND_LABELS else self.kind

    @property
    def dismissed(self) -> bool:
        return self.status == OutboxStatus.DISMISSED


def _views(uow: UnitOfWork, rows: list[OutboxMessage], changes: Changes = NO_CHANGES) -> list[Undelivered]:
    s = uow.session
    user_ids = {r.recipient_id for r in rows if r.recipient_id is not None}
    names: dict[int, str] = ({i: n for i, n in s.execute(select(User.id, User.full_name).where(User.id.in_(user_ids)))}
                             if user_ids else {})
    dismissed = [r.id for r in rows if r.status == OutboxStatus.DISMISSED]
    by: dict[int, str] = {}
    if dismissed:  # who dismissed each: the newest "mail.dismiss" entry of the audit log
        for entity_id, name in s.execute(
                select(AuditLog.entity_id, User.full_name).join(User, User.id == AuditLog.actor_id)
                .where(AuditLog.entity == "outbox", AuditLog.action == "mail.dismiss",
                       AuditLog.entity_id.in_(dismissed)).order_by(AuditLog.id)):
            by[int(entity_id)] = name
    return [Undelivered(
        id=r.id, kind=r.kind, ticket_id=r.ticket_id,
        number=uow.number(r.ticket_id) if r.ticket_id is not None else None,
        recipient_address=r.recipient_address, recipient_name=names.get(r.recipient_id or 0),
        attempts=r.attempts or 0, last_error=r.last_error or "", given_up_at=r.next_attempt_at,
        status=OutboxStatus(r.status), dismissed_by=by.get(r.id), changes=changes) for r in rows]


def _query(include_dismissed: bool) -> Select[tuple[OutboxMessage]]:
    statuses = list(UNDELIVERED) if include_dismissed else [OutboxStatus.FAILED]
    return (select(OutboxMessage).where(OutboxMessage.channel == OutboxChannel.EMAIL,
                                        OutboxMessage.status.in_(statuses))
            .order_by(OutboxMessage.next_attempt_at.desc(), OutboxMessage.id.desc()))


def recent(uow: UnitOfWork, actor: Actor, *, include_dismissed: bool = False, limit: int = 500) -> list[Undelivered]:
    """Undelivered mail, the newest given up first; dismissed mail too when asked.
    Permission: mail:manage."""
    require(actor, Permission.MAIL_MANAGE)
    with uow:
        rows = list(uow.session.scalars(_query(include_dismissed).limit(max(1, min(limit, 5000)))))
        return _views(uow, rows)


def for_ticket(uow: UnitOfWork, actor: Actor, ticket_id: int) -> list[Undelivered]:
    """The ticket's undelivered mail that is not dismissed, newest first. Permission: ticket:reply on
    a ticket the actor can see. Raises NotFound."""
    require(actor, Permission.TICKET_REPLY)
    with uow:
        load_ticket(uow, actor, ticket_id, lock=False)
        rows = list(uow.session.scalars(_query(False).where(OutboxMessage.ticket_id == ticket_id)))
        return _views(uow, rows)


def clean_address(address: str) -> str:
    """An address typed by a person, checked as the rest of the desk checks e-mail addresses.
    Raises ValidationFailed."""
    value = address.strip()
    if not value or len(value) > ADDRESS_MAX or not EMAIL_ADDRESS.match(value) or re.search(r"[,;\"']", value):
        raise ValidationFailed(_("'{email}' is not an email address.").format(email=address.strip()), field="to")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _row(uow: UnitOfWork, outbox_id: int) -> OutboxMessage:
    """The row as the claim's UPDATE left it (nothing in the session read it before)."""
    row = uow.session.get(OutboxMessage, outbox_id)
    if row is None or row.channel != OutboxChannel.EMAIL:
        raise NotFound(_("Undelivered mail #{id} does not exist.").format(id=outbox_id))
    return row


def _require_on(uow: UnitOfWork, actor: Actor, row: OutboxMessage) -> Ticket | None:
    """The row's ticket; PermissionDenied unless the actor manages mail, or may reply on that ticket."""
    ticket = uow.session.get(Ticket, row.ticket_id) if row.ticket_id is not None else None
    if can(actor, Permission.MAIL_MANAGE):
        return ticket
    if ticket is None or not may_view(actor, ticket):
        raise PermissionDenied(_("{user} may not send mail #{id} again: only supervisors and admins handle "
                                 "mail that is not about a ticket they can see.").format(user=actor.username,
                                                                                           id=row.id))
    return ticket


def _audit(uow: UnitOfWork, actor: Actor, row: OutboxMessage, action: str, detail: dict[str, object]) -> None:
    uow.session.add(AuditLog(actor_id=actor.id, action=action, entity="outbox", entity_id=row.id,
                             detail={"ticket_id": row.ticket_id, "kind": row.kind, **detail}, created_at=uow.now()))


def resend(uow: UnitOfWork, actor: Actor, outbox_id: int, *, to: str | None = None) -> Undelivered:
    """Send an undelivered (or dismissed) mail again: pending, due now, its attempts counted from
    nought; to `to` instead when given. A new address gets a new Message-ID (the old one belongs
    to the refused mail); the same address keeps its own. Permission: mail:manage, or ticket:reply
    on the mail's ticket for the same address. Raises NotFound, PermissionDenied, ValidationFailed,
    InvalidTransition (not undelivered: sent, pending, or sent again by someone else already)."""
    require(actor, Permission.TICKET_REPLY)
    address = clean_address(to) if to is not None else None
    if address is not None:
        require(actor, Permission.MAIL_MANAGE)
    with uow:
        s = uow.session
        # The claim comes first, before any read: of two agents pressing "send again" at once, one
        # UPDATE finds the row undelivered (on SQLite no read snapshot has to be upgraded to write).
        claimed = s.execute(update(OutboxMessage).where(
            OutboxMessage.id == outbox_id, OutboxMessage.channel == OutboxChannel.EMAIL,
            OutboxMessage.status.in_(list(UNDELIVERED)))
            .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=uow.now())
            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        row = _row(uow, outbox_id)
        if not claimed:
            raise InvalidTransition(_("Mail #{id} is not undelivered (any more): it was sent, is waiting to be "
                                      "sent, or someone sent it again already.").format(id=outbox_id))
        old_address = row.recipient_address
        new_address = address if address is not None and address != (old_address or "") else None
        if new_address is not None:
            row.recipient_address = new_address
            row.message_id = None  # load() derives a new one from the row, the new address among its seed
        ticket = _require_on(uow, actor, row)  # refused: the claim is rolled back with the transaction
        _audit(uow, actor, row, "mail.resend", {"to": row.recipient_address, "was": old_address})
        if ticket is not None:
            text = (say("Mail sent again to {address} instead of {old} ({kind}).", address=new_address,
                        old=old_address or "—", kind=kind_said(row.kind)) if new_address is not None
                    else say("Mail to {address} sent again ({kind}).", address=row.recipient_address or "—",
                             kind=kind_said(row.kind)))
            event(uow, ticket, actor, MAIL_FIELD, old_address, row.recipient_address, text,
                  data={"outbox_id": row.id, "mail": "resend"})
        (view,) = _views(uow, [row], Changes.of(tickets=[ticket.id] if ticket is not None else []))
        uow.commit()
        return view


def dismiss(uow: UnitOfWork, actor: Actor, outbox_id: int) -> Undelivered:
    """Decide that an undelivered mail will not be sent: kept (status "dropped") with who and when,
    and sent again if someone changes their mind. Permission: mail:manage.
    Raises NotFound, InvalidTransition (not undelivered, or dismissed already)."""
    require(actor, Permission.MAIL_MANAGE)
    with uow:
        s = uow.session
        claimed = s.execute(update(OutboxMessage).where(
            OutboxMessage.id == outbox_id, OutboxMessage.channel == OutboxChannel.EMAIL,
            OutboxMessage.status == OutboxStatus.FAILED)
            .values(status=OutboxStatus.DISMISSED, next_attempt_at=uow.now())
            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        row = _row(uow, outbox_id)
        if not claimed:
            raise InvalidTransition(_("Mail #{id} is not undelivered (any more): it was sent, is waiting to be "
                                      "sent, or someone dismissed it already.").format(id=outbox_id))
        ticket = s.get(Ticket, row.ticket_id) if row.ticket_id is not None else None
        _audit(uow, actor, row, "mail.dismiss", {"to": row.recipient_address})
        if ticket is not None:
            event(uow, ticket, actor, MAIL_FIELD, row.recipient_address, None,
                  say("Undelivered mail to {address} dismissed: it will not be sent ({kind}).",
                      address=row.recipient_address or "—", kind=kind_said(row.kind)),
                  data={"outbox_id": row.id, "mail": "dismiss"})
        s.flush()
        (view,) = _views(uow, [row], Changes.of(tickets=[ticket.id] if ticket is not None else []))
        uow.commit()
        return view
