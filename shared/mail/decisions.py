"""The console's view of mail intake: recent decisions, the raw message, and rescuing a wrong one.

Supervisors and admins (mail:manage) see every decision (ticket, appended, event, duplicate of
what, ignored by which rule, quarantined why) with the raw message, and can turn one into a
ticket or append it to a ticket. A decision is rescued once; each rescue is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.changes import NO_CHANGES, Changes
from shared.errors import InvalidTransition, NotFound
from shared.i18n import _
from shared.mail import intake
from shared.mail.addresses import ADDRESS
from shared.mail.parse import InboundMail, parse_message
from shared.mail.requesters import by_address, unknown_sender
from shared.models import AuditLog, MailIntake, Ticket, User
from shared.services import tickets, users
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class Decision:
    id: int
    created_at: datetime
    outcome: str
    rule: str
    sender: str
    subject: str
    message_id: str
    ticket_id: int | None
    duplicate_of_id: int | None
    rescued_by: str | None
    rescued_at: datetime | None
    number: str | None = None  # the ticket's, as people see it
    changes: Changes = NO_CHANGES  # what a rescue changed (the console's views reload from it)

    @property
    def rescuable(self) -> bool:
        return self.rescued_at is None


def _view(uow: UnitOfWork, row: MailIntake, rescuer: str | None, changes: Changes = NO_CHANGES) -> Decision:
    return Decision(row.id, row.created_at, row.outcome, row.rule, row.sender or "", row.subject, row.message_id,
                    row.ticket_id, row.duplicate_of_id, rescuer, row.rescued_at,
                    uow.number(row.ticket_id) if row.ticket_id is not None else None, changes)


def recent(uow: UnitOfWork, actor: Actor, *, outcomes: Sequence[str] = (), limit: int = 200,
           before_id: int | None = None) -> list[Decision]:
    """The newest decisions first (optionally only some outcomes). Permission: mail:manage."""
    require(actor, Permission.MAIL_MANAGE)
    with uow:
        q = (select(MailIntake, User.username).outerjoin(User, User.id == MailIntake.rescued_by_id)
             .options(defer(MailIntake.raw))  # megabytes each; raw_message() reads one when asked
             .order_by(MailIntake.id.desc()).limit(max(1, min(limit, 1000))))
        if outcomes:
            q = q.where(MailIntake.outcome.in_(list(outcomes)))
        if before_id is not None:
            q = q.where(MailIntake.id < before_id)
        return [_view(uow, row, name) for row, name in uow.session.execute(q)]


def _row(uow: UnitOfWork, decision_id: int) -> MailIntake:
    row = uow.session.get(MailIntake, decision_id)
    if row is None:
        raise NotFound(_("Mail decision #{id} does not exist.").format(id=decision_id))
    return row


def _raw(uow: UnitOfWork, row: MailIntake) -> bytes:
    for _hop in range(5):  # a duplicate keeps no copy: the decision it matched has the bytes
        if row.raw is not None or row.duplicate_of_id is None:
            break
        row = _row(uow, row.duplicate_of_id)
    return row.raw or b""


def raw_message(uow: UnitOfWork, actor: Actor, decision_id: int) -> bytes:
    """The mail byte for byte as it was delivered. Permission: mail:manage. Raises NotFound."""
    require(actor, Permission.MAIL_MANAGE)
    with uow:
        return _raw(uow, _row(uow, decision_id))


def _claim(uow: UnitOfWork, actor: Actor, decision_id: int) -> tuple[MailIntake, bytes]:
    row = _row(uow, decision_id)
    if row.rescued_at is not None:
        raise InvalidTransition(_("Mail decision #{id} was already rescued.").format(id=decision_id))
    raw = _raw(uow, row)
    if not raw:
        raise InvalidTransition(_("Mail decision #{id} has no raw message to work from.").format(id=decision_id))
    return row, raw


def _sender(uow: UnitOfWork, raw: bytes) -> tuple[User, InboundMail]:
    mail_in = parse_message(raw)
    name, address = mail_in.requester
    user = by_address(uow, address, name) if address and ADDRESS.match(address) else unknown_sender(uow)
    return user, mail_in


def _done(uow: UnitOfWork, actor: Actor, row: MailIntake, action: str, ticket_id: int) -> Decision:
    row.rescued_by_id, row.rescued_at, row.ticket_id = actor.id, uow.now(), ticket_id
    row.rule = (row.rule + "; " if row.rule else "") + f"{action} by {actor.username}: {uow.number(ticket_id)}"
    uow.session.add(AuditLog(actor_id=actor.id, action=f"mail.{action}", entity="mail", entity_id=row.id,
                             detail={"ticket_id": ticket_id, "was": row.outcome}, created_at=uow.now()))
    uow.session.flush()
    return _view(uow, row, actor.username, Changes.of(tickets=[ticket_id]))


def make_ticket(uow: UnitOfWork, actor: Actor, decision_id: int) -> Decision:
    """A new ticket from the mail of a decision (for its sender, or the unknown sender), with the
    raw message attached. Permission: mail:manage. Raises NotFound, InvalidTransition (rescued already)."""
    require(actor, Permission.MAIL_MANAGE)
    with uow:
        row, raw = _claim(uow, actor, decision_id)
        requester, mail_in = _sender(uow, raw)
        ticket_id = intake.create_ticket(uow, actor, requester, raw, mail_in, None, force_raw=True)
        tickets.note(uow, SYSTEM, ticket_id, _("Made from mail decision #{id} ({outcome}) by {user}.").format(
            id=row.id, outcome=row.outcome, user=actor.full_name))
        view = _done(uow, actor, row, "make_ticket", ticket_id)
        uow.commit()
        return view


def append_to(uow: UnitOfWork, actor: Actor, decision_id: int, ticket_id: int) -> Decision:
    """The mail of a decision added to `ticket_id`: a reply when its sender is the requester (or
    staff), else a note; the raw message attached. Permission: mail:manage.
    Raises NotFound, InvalidTransition (rescued already, or the ticket is closed)."""
    require(actor, Permission.MAIL_MANAGE)
    with uow:
        row, raw = _claim(uow, actor, decision_id)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(_("Ticket {number} does not exist.").format(number=uow.number(ticket_id)))
        sender, mail_in = _sender(uow, raw)
        intake.append(uow, users.to_actor(sender), ticket, raw, mail_in, None, force_raw=True)
        tickets.note(uow, SYSTEM, ticket.id, _("Appended from mail decision #{id} ({outcome}) by {user}.").format(
            id=row.id, outcome=row.outcome, user=actor.full_name))
        view = _done(uow, actor, row, "append", ticket.id)
        uow.commit()
        return view
