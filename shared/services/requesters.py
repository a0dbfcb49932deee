"""Requesters as an agent meets them on the phone or at the desk: find them as you type, add one on
the spot, and see their open tickets (a duplicate hint) and enrolled machines before logging a call.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, Machine, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, Role, Status
from shared.services._common import clean_text
from shared.services.creation import NewAttachment
from shared.services.dto import shown_subject, ticket_number
from shared.services.uow import UnitOfWork

SEARCH_MAX = 20
EMAIL_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")  # what the desk takes as an e-mail address
_EMAIL = EMAIL_ADDRESS
_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,40}$")


@dataclass(frozen=True)
class RequesterView:
    id: int
    username: str
    full_name: str
    email: str | None
    phone: str | None
    department: str | None
    location: str | None
    role: Role


@dataclass(frozen=True)
class OpenTicketHint:
    id: int
    number: str
    subject: str
    status: Status
    created_at: datetime


@dataclass(frozen=True)
class MachineHint:
    id: int
    hostname: str
    os_name: str
    last_seen_at: datetime | None
    has_snapshot: bool


@dataclass(frozen=True)
class RequesterCard:
    requester: RequesterView
    open_tickets: tuple[OpenTicketHint, ...]
    machines: tuple[MachineHint, ...]


def _view(u: User) -> RequesterView:
    return RequesterView(u.id, u.username, u.full_name, u.email, u.phone, u.department, u.location, Role(u.role))


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(uow: UnitOfWork, actor: Actor, text: str, *, limit: int = 10) -> list[RequesterView]:
    """Active people whose name, user name, e-mail, phone or department contains `text` (any case);
    names that start with it first. Permission: ticket:create_for_others."""
    require(actor, Permission.TICKET_CREATE_FOR_OTHERS)
    needle = " ".join(text.split())
    if len(needle) < 2:
        return []
    pattern = _like(needle)
    digits = re.sub(r"\D", "", needle)
    fields = [func.lower(User.full_name), User.username, func.lower(User.email), func.lower(User.department)]
    matches = [f.like(pattern, escape="\\") for f in fields]
    if len(digits) >= 4:  # "0812 3456" finds "+62 812-3456-7890"
        squeezed = func.replace(func.replace(func.replace(func.coalesce(User.phone, ""), " ", ""), "-", ""), "+", "")
        matches.append(squeezed.like(f"%{digits.lstrip('0')}%"))
    starts = func.lower(User.full_name).like(_like(needle)[1:], escape="\\")
    with uow:
        rows = uow.session.scalars(
            select(User).where(User.active.is_(True), or_(*matches))
            .order_by(starts.desc(), User.full_name, User.id).limit(max(1, min(limit, SEARCH_MAX))))
        return [_view(u) for u in rows]


def create(uow: UnitOfWork, actor: Actor, *, full_name: str, email: str | None = None, phone: str | None = None,
           department: str | None = None, location: str | None = None) -> RequesterView:
    """Add a requester while they are on the line. Permission: ticket:create_for_others (agents may add
    requesters, never staff). The user name comes from the e-mail address or the name; audited.
    Raises ValidationFailed (no name, a malformed or taken address, a malformed phone number)."""
    require(actor, Permission.TICKET_CREATE_FOR_OTHERS)
    name = clean_text(full_name, "full_name", max_len=120)
    email_n = email.strip().lower() if email and email.strip() else None
    if email_n is not None and not _EMAIL.match(email_n):
        raise ValidationFailed(_("'{email}' is not an email address.").format(email=email), field="email")
    phone_n = " ".join(phone.split()) if phone and phone.strip() else None
    if phone_n is not None and not _PHONE.match(phone_n):
        raise ValidationFailed(_("'{phone}' is not a phone number.").format(phone=phone), field="phone")
    department_n = clean_text(department, "department", required=False, max_len=80) if department else None
    location_n = clean_text(location, "location", required=False, max_len=80) if location else None
    with uow:
        s = uow.session
        if email_n and s.scalar(select(User.id).where(func.lower(User.email) == email_n)) is not None:
            raise ValidationFailed(_("The address {email} belongs to another user.").format(email=email_n),
                                   field="email")
        base = re.sub(r"[^a-z0-9._-]+", ".", (email_n.split("@")[0] if email_n else name).lower()).strip("._-")
        base = (base or "requester")[:56]
        username, n = base, 1
        while s.scalar(select(User.id).where(User.username == username)) is not None:
            n += 1
            username = f"{base}{n}"
        user = User(username=username, full_name=name, email=email_n, phone=phone_n, department=department_n or None,
                    location=location_n or None, role=Role.REQUESTER, active=True, on_duty=False,
                    created_at=uow.now())
        s.add(user)
        s.flush()
        s.add(AuditLog(actor_id=actor.id, action="user.create", entity="user", entity_id=user.id,
                       detail={"username": username, "role": Role.REQUESTER.value, "by": "intake"},
                       created_at=uow.now()))
        uow.commit()
        return _view(user)


def card(uow: UnitOfWork, actor: Actor, requester_id: int) -> RequesterCard:
    """The requester with their open tickets (newest first; a probe alert's subject in the reader's
    language) and their enrolled machines (most recently seen first).
    Permission: ticket:create_for_others. Raises NotFound."""
    require(actor, Permission.TICKET_CREATE_FOR_OTHERS)
    with uow:
        s = uow.session
        user = s.get(User, requester_id)
        if user is None:
            raise NotFound(_("No user with id {id}.").format(id=requester_id))
        tickets = s.execute(
            select(Ticket.id, Ticket.subject, Ticket.said, Ticket.status, Ticket.created_at)
            .where(Ticket.requester_id == requester_id, Ticket.status.in_(ACTIVE_STATUSES))
            .order_by(Ticket.id.desc()).limit(10)).all()
        machines = s.execute(
            select(Machine.id, Machine.hostname, Machine.os_name, Machine.last_seen_at, Machine.snapshot_at)
            .where(Machine.owner_id == requester_id)
            .order_by(Machine.last_seen_at.desc().nulls_last(), Machine.id)).all()
        prefix = uow.settings.ticket_prefix
        return RequesterCard(
            _view(user),
            tuple(OpenTicketHint(t.id, ticket_number(t.id, prefix), shown_subject(t.subject, t.said), Status(t.status),
                                 t.created_at)
                  for t in tickets),
            tuple(MachineHint(m.id, m.hostname, m.os_name, m.last_seen_at, m.snapshot_at is not None)
                  for m in machines))


def snapshot_attachment(uow: UnitOfWork, actor: Actor, machine_id: int) -> NewAttachment | None:
    """The machine's latest probe snapshot as a JSON file to attach to a new ticket, so the ticket
    keeps the machine's state at the time of the call. None when the probe has not reported yet.
    Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        machine = uow.session.get(Machine, machine_id)
        if machine is None:
            raise NotFound(_("No machine with id {id}.").format(id=machine_id))
        if not machine.snapshot or machine.snapshot_at is None:
            return None
        stamp = machine.snapshot_at.strftime("%Y%m%d-%H%M")
        data = json.dumps(machine.snapshot, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
        host = re.sub(r"[^A-Za-z0-9._-]+", "_", machine.hostname)[:80] or "machine"
        return NewAttachment(f"snapshot-{host}-{stamp}.json", "application/json", data)
