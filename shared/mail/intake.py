"""One inbound mail -> a new ticket or a reply on an existing one, exactly once.

Exactly-once comes from the `mail_messages` row (unique Message-ID) written in the SAME transaction
as the ticket change: the message is either fully processed and recorded, or neither. The IMAP
side moves/flags the message only after that commit, so a crash in between makes the next run
find the row and just move the message again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM, Actor, Permission, can
from shared.db.database import Database
from shared.errors import Conflict, HelpdeskError, InvalidTransition, StorageUnavailable
from shared.i18n import _
from shared.mail.config import MailSettings
from shared.mail.parse import InboundMail, MailAttachment, parse_message
from shared.models import MailMessage, OutboxMessage, Ticket, TimelineEntry, User
from shared.models.enums import Channel, Role, Status
from shared.services import csat, tickets, users, workflow
from shared.services._common import BODY_MAX, SUBJECT_MAX
from shared.services.tickets import NewAttachment
from shared.services.uow import UnitOfWork, number_of

Outcome = Literal["created", "appended", "ignored", "rejected", "duplicate"]
_USERNAME_BAD = re.compile(r"[^a-z0-9._-]+")
_RATING = re.compile(r"^\s*([1-5])\s*(?:/\s*5)?\s*[.!]?\s*(?:\n(.*))?$", re.DOTALL)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class IntakeResult:
    outcome: Outcome
    message_id: str
    ticket_id: int | None = None
    detail: str = ""


def stable_message_id(raw: bytes, parsed: InboundMail) -> str:
    """The Message-ID, or one derived from the bytes (the same mail always gets the same id)."""
    mid = parsed.message_id
    if mid and len(mid) <= 255:
        return mid
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@helpdesk.invalid>"


def _record(uow: UnitOfWork, mid: str, outcome: str, ticket_id: int | None, sender: str, detail: str) -> None:
    uow.session.add(MailMessage(message_id=mid, direction="in", ticket_id=ticket_id, outcome=outcome,
                                sender=sender or None, detail=detail, created_at=uow.now()))


def process(db: Database, raw: bytes, mail: MailSettings) -> IntakeResult:
    """Turn one raw message into a ticket change, once. Returns what happened.

    Raises StorageUnavailable / Conflict when the change could not be saved now (the caller
    leaves the message where it is, to be retried). Every other problem is recorded as
    "rejected" with the reason, so one bad mail never blocks the mailbox.
    """
    parsed = parse_message(raw)
    mid = stable_message_id(raw, parsed)
    sender = parsed.from_address
    uow = db.uow()
    try:
        with uow:
            seen = uow.session.scalar(select(MailMessage).where(MailMessage.message_id == mid))
            if seen is not None:
                return IntakeResult("duplicate", mid, seen.ticket_id, seen.outcome)
            result = _handle(uow, raw, parsed, mid, mail)
            _record(uow, mid, result.outcome, result.ticket_id, sender, result.detail)
            uow.commit()
            return result
    except (StorageUnavailable, Conflict):
        raise
    except HelpdeskError as exc:
        reason = exc.message
    with uow:  # the change was rolled back; remember the mail as rejected so it is not retried
        if uow.session.scalar(select(MailMessage.id).where(MailMessage.message_id == mid)) is None:
            _record(uow, mid, "rejected", None, sender, reason)
            uow.commit()
    return IntakeResult("rejected", mid, None, reason)


def _handle(uow: UnitOfWork, raw: bytes, mail_in: InboundMail, mid: str, mail: MailSettings) -> IntakeResult:
    s = uow.session
    sender = mail_in.from_address
    if mail_in.is_bounce:
        return IntakeResult("ignored", mid, None, "bounce")
    if mail_in.is_auto_reply:
        return IntakeResult("ignored", mid, None, "auto-reply")
    if not sender or not _EMAIL.match(sender):
        return IntakeResult("ignored", mid, None, "no usable sender address")
    if sender in mail.own_addresses:
        return IntakeResult("ignored", mid, None, "from our own address")
    since = uow.now() - timedelta(hours=1)
    recent = s.scalar(select(func.count(MailMessage.id)).where(
        MailMessage.direction == "in", MailMessage.created_at >= since,
        MailMessage.outcome.in_(("created", "appended")), MailMessage.sender == sender))
    if (recent or 0) >= mail.rate_limit_per_hour:
        return IntakeResult("rejected", mid, None, f"rate limit: {recent} mails in the last hour")

    user = s.scalar(select(User).where(func.lower(User.email) == sender))
    if user is None:
        if uow.settings.unknown_senders == "reject":
            return IntakeResult("rejected", mid, None, "unknown sender")
        user = _new_requester(uow, sender, mail_in.from_name)
    if not user.active:
        return IntakeResult("rejected", mid, None, "the sender's account is disabled")
    actor = users.to_actor(user)

    files, skipped = _files(uow, raw, mail_in)
    ticket = _find_ticket(uow, mail_in)
    if ticket is not None and ticket.status in (Status.RESOLVED, Status.CLOSED):
        rated = _csat_reply(uow, actor, ticket, mail_in)
        if rated is not None:
            return IntakeResult("appended" if rated else "ignored", mid, ticket.id,
                                "rating" if rated else "already rated")
    if ticket is not None and ticket.status != Status.CLOSED:
        entry_body = _body(mail_in)
        if actor.id == ticket.requester_id or can(actor, Permission.TICKET_REPLY):
            tickets.reply(uow, actor, ticket.id, entry_body, via_email=True, message_id=mid, attachments=files)
        else:  # a colleague in copy: staff see it, the requester is not mailed about it
            tickets.note(uow, SYSTEM, ticket.id, _("Mail from {name} <{address}>:").format(
                name=mail_in.from_name or sender, address=sender) + "\n\n" + entry_body)
            if files:
                tickets.attach(uow, SYSTEM, ticket.id, files)
        _notes(uow, ticket.id, mail_in, skipped)
        return IntakeResult("appended", mid, ticket.id, "")

    subject = mail_in.subject or _("(no subject)")
    if ticket is not None:  # closed: a follow-up, linked to the old one
        subject = _("Follow-up to {number}: {subject}").format(number=number_of(ticket), subject=subject)
    subject = re.sub(r"\s+", " ", subject).strip()[:SUBJECT_MAX]
    created = tickets.create(uow, actor, subject=subject, description=_body(mail_in)[:BODY_MAX],
                             requester_id=actor.id, channel=Channel.EMAIL, attachments=files)
    if ticket is not None:
        workflow.link(uow, SYSTEM, created.id, ticket.id)
    _notes(uow, created.id, mail_in, skipped)
    return IntakeResult("created", mid, created.id, f"follow-up to {ticket.id}" if ticket is not None else "")


def _csat_reply(uow: UnitOfWork, actor: Actor, ticket: Ticket, mail_in: InboundMail) -> bool | None:
    """A reply to the rating request that is just "1".."5" (and maybe a comment) rates the ticket.

    Returns True when rated, False when it was rated already, None when this is not a rating.
    """
    if actor.id != ticket.requester_id or not mail_in.thread_ids:
        return None
    asked = uow.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.message_id.in_(mail_in.thread_ids), OutboxMessage.kind == "csat_request"))
    m = _RATING.match(mail_in.body)
    if asked is None or m is None:
        return None
    try:
        csat.submit(uow, actor, ticket.id, int(m.group(1)), (m.group(2) or "").strip()[:4000])
    except InvalidTransition:
        return False
    return True


def _body(mail_in: InboundMail) -> str:
    text = mail_in.body or mail_in.full_body
    return text[:BODY_MAX] if text.strip() else _("(The mail had no text.)")


def _find_ticket(uow: UnitOfWork, mail_in: InboundMail) -> Ticket | None:
    s = uow.session
    ticket: Ticket | None = None
    number = mail_in.ticket_ref(uow.settings.ticket_prefix)
    if number is not None:
        ticket = s.get(Ticket, number)
    ids = list(mail_in.thread_ids)
    if ticket is None and ids:
        ticket_id = s.scalar(select(MailMessage.ticket_id).where(
            MailMessage.message_id.in_(ids), MailMessage.ticket_id.is_not(None)).order_by(MailMessage.id.desc()))
        if ticket_id is None:
            ticket_id = s.scalar(select(TimelineEntry.ticket_id).where(TimelineEntry.message_id.in_(ids)))
        ticket = s.get(Ticket, ticket_id) if ticket_id is not None else None
    for _hop in range(5):  # a merged ticket forwards to the one it was merged into
        if ticket is None or ticket.merged_into_id is None:
            break
        ticket = s.get(Ticket, ticket.merged_into_id)
    return ticket


def _files(uow: UnitOfWork, raw: bytes, mail_in: InboundMail) -> tuple[list[NewAttachment], list[MailAttachment]]:
    limit = uow.settings.attachment_max_bytes
    found = list(mail_in.attachments)
    if mail_in.malformed:
        found.append(MailAttachment("original-message.eml", "message/rfc822", raw))
    ok = [NewAttachment(a.filename, a.content_type, a.data) for a in found if 0 < len(a.data) <= limit]
    skipped = [a for a in found if len(a.data) > limit]
    return ok, skipped


def _notes(uow: UnitOfWork, ticket_id: int, mail_in: InboundMail, skipped: list[MailAttachment]) -> None:
    lines = []
    if mail_in.malformed:
        lines.append(_("This mail could not be read cleanly ({reason}); the original is attached.").format(
            reason=mail_in.malformed_reason))
    limit = uow.settings.attachment_max_bytes
    lines += [_("The attachment {name} ({size:,} bytes) was not saved: attachments may be at most "
                "{limit:,} bytes.").format(name=a.filename, size=len(a.data), limit=limit) for a in skipped]
    if lines:
        tickets.note(uow, SYSTEM, ticket_id, "\n".join(lines))


def _new_requester(uow: UnitOfWork, address: str, name: str) -> User:
    """An account for a first-time sender: a requester named after the address."""
    s = uow.session
    local = address.split("@", 1)[0].lower()
    base = _USERNAME_BAD.sub("-", local).strip("-._")[:56] or "user"
    if len(base) < 2 or not base[0].isalnum():
        base = f"u{base}"[:56]
    username, n = base, 1
    while s.scalar(select(User.id).where(User.username == username)) is not None:
        n += 1
        username = f"{base}-{n}"
    full_name = (name or local).strip()[:120] or local
    view = users.create_user(uow, SYSTEM, username=username, full_name=full_name, role=Role.REQUESTER,
                             email=address)
    user = s.get(User, view.id)
    assert user is not None
    return user

