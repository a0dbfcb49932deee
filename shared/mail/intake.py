"""One inbound mail -> a ticket, a timeline entry or a recorded decision, exactly once; never lost.

Every delivered mail leaves a `mail_intake` row in the SAME transaction as the ticket change
(created, appended, event), or alone (ignored with the rule that matched, quarantined with why,
duplicate with the decision it matched), with its raw bytes, so an agent can see and reverse it.
The same mail delivered twice is recognised by its fingerprint (Message-ID, Date, From, Subject
and body); a different mail reusing a Message-ID is processed as the new mail it is. The IMAP
side moves the message only after the commit, so a crash in between makes the next run find
the fingerprint and record a duplicate.
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
from shared.mail.addresses import ADDRESS
from shared.mail.config import MailSettings
from shared.mail.headers import read_headers
from shared.mail.parse import InboundMail, MailAttachment, parse_message
from shared.mail.requesters import new_requester, requester_for, unknown_sender
from shared.mail.text import is_forward
from shared.models import MailIntake, MailMessage, OutboxMessage, Ticket, TimelineEntry, User
from shared.models.enums import Channel, Status
from shared.services import csat, tickets, users, workflow
from shared.services._common import BODY_MAX, SUBJECT_MAX
from shared.services.tickets import NewAttachment
from shared.services.uow import UnitOfWork, number_of
from shared.triage import similar

Outcome = Literal["created", "appended", "event", "ignored", "quarantined", "duplicate"]
OUTCOMES: tuple[Outcome, ...] = ("created", "appended", "event", "ignored", "quarantined", "duplicate")
_RATING = re.compile(r"^\s*([1-5])\s*(?:/\s*5)?\s*[.!]?\s*(?:\n(.*))?$", re.DOTALL)
_ORIGINAL_ID = re.compile(rb"^(?:Original-)?Message-ID:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class IntakeResult:
    outcome: Outcome
    message_id: str
    ticket_id: int | None = None
    detail: str = ""
    decision_id: int | None = None


def stable_message_id(raw: bytes, parsed: InboundMail) -> str:
    """The Message-ID, or one derived from the bytes (the same mail always gets the same id)."""
    mid = parsed.message_id
    if mid and len(mid) <= 255:
        return mid
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@helpdesk.invalid>"


def fingerprint(raw: bytes, message_id: str) -> str:
    """What makes two deliveries the same mail: Message-ID, Date, From, Subject and the body bytes.

    Trace headers (Received, Delivered-To, X-Spam-*) differ between deliveries of one mail, so
    they are left out; line endings are normalised (IMAP servers hand out CRLF).
    """
    hdrs = read_headers(raw)
    h = hashlib.sha256(message_id.encode("utf-8", "replace") + b"\n")
    for name in ("date", "from", "subject"):
        h.update(name.encode() + b":" + b" ".join((hdrs.first(name) or b"").split()) + b"\n")
    h.update(raw[hdrs.body_offset:].replace(b"\r\n", b"\n").rstrip())
    return h.hexdigest()


def _record(uow: UnitOfWork, mid: str, raw: bytes, parsed: InboundMail, result: IntakeResult,
            fp: str | None, duplicate_of: int | None = None) -> int:
    row = MailIntake(message_id=mid, fingerprint=fp, outcome=result.outcome, rule=result.detail,
                     sender=parsed.requester[1] or None, subject=parsed.subject[:255],
                     ticket_id=result.ticket_id, duplicate_of_id=duplicate_of,
                     raw=None if duplicate_of is not None else raw, created_at=uow.now())
    uow.session.add(row)
    if result.ticket_id is not None and result.outcome in ("created", "appended") and uow.session.scalar(
            select(MailMessage.id).where(MailMessage.message_id == mid)) is None:
        # threading: a reply to this mail finds its ticket (the first mail with an id keeps it)
        uow.session.add(MailMessage(message_id=mid, direction="in", ticket_id=result.ticket_id,
                                    outcome=result.outcome, sender=parsed.requester[1] or None,
                                    detail=result.detail, created_at=uow.now()))
    uow.session.flush()
    return row.id


def process(db: Database, raw: bytes, mail: MailSettings) -> IntakeResult:
    """Turn one raw message into a ticket change or a decision record, once. Returns what happened.

    Raises StorageUnavailable / Conflict when the change could not be saved now (the caller
    leaves the message where it is, to be retried). Every other problem quarantines the mail
    with the reason, so one bad mail never blocks the mailbox and is never lost.
    """
    parsed = parse_message(raw)
    mid = stable_message_id(raw, parsed)
    fp = fingerprint(raw, mid)
    uow = db.uow()
    try:
        with uow:
            seen = uow.session.scalar(select(MailIntake).where(MailIntake.fingerprint == fp))
            if seen is not None:
                result = IntakeResult("duplicate", mid, seen.ticket_id, _(
                    "the same mail as decision #{id} ({outcome}): same Message-ID, date, sender and "
                    "content").format(id=seen.id, outcome=seen.outcome))
                decision = _record(uow, mid, raw, parsed, result, None, duplicate_of=seen.id)
                uow.commit()
                return IntakeResult(result.outcome, mid, seen.ticket_id, result.detail, decision)
            reused = uow.session.scalar(select(MailIntake.id).where(MailIntake.message_id == mid).limit(1))
            legacy = None if reused is not None else uow.session.scalar(select(MailMessage).where(
                MailMessage.message_id == mid, MailMessage.direction == "in"))
            if legacy is not None:  # processed before decisions were recorded: kept, never redone
                result = IntakeResult("duplicate", mid, legacy.ticket_id, _(
                    "processed before intake decisions were recorded ({outcome})").format(outcome=legacy.outcome))
                decision = _record(uow, mid, raw, parsed, result, fp)
                uow.commit()
                return IntakeResult(result.outcome, mid, legacy.ticket_id, result.detail, decision)
            result = _handle(uow, raw, parsed, mid, mail)
            if reused is not None and not mid.startswith("<sha256."):
                result = IntakeResult(result.outcome, mid, result.ticket_id, (result.detail + "; " if result.detail
                                      else "") + _("Message-ID also on decision #{id}, with other content").format(
                                          id=reused))
            decision = _record(uow, mid, raw, parsed, result, fp)
            uow.commit()
            return IntakeResult(result.outcome, mid, result.ticket_id, result.detail, decision)
    except (StorageUnavailable, Conflict):
        raise
    except HelpdeskError as exc:
        reason = exc.message
    with uow:  # the change was rolled back; keep the mail, quarantined, so an agent can rescue it
        result = IntakeResult("quarantined", mid, None, reason)
        decision = _record(uow, mid, raw, parsed, result, fp)
        uow.commit()
    return IntakeResult("quarantined", mid, None, reason, decision)


def _loop_mail(uow: UnitOfWork, raw: bytes, mail_in: InboundMail, mid: str) -> IntakeResult:
    """A bounce, auto-reply or read receipt: an event on the ticket it answers, else ignored."""
    assert mail_in.loop is not None
    kind, rule = mail_in.loop.kind, mail_in.loop.rule
    ticket = _find_ticket(uow, mail_in, extra_ids=[m.decode("ascii", "replace") for m in _ORIGINAL_ID.findall(raw)
                                                   if m.decode("ascii", "replace") != mail_in.message_id])
    if ticket is None:
        return IntakeResult("ignored", mid, None, f"{kind}: {rule}")
    label = {"bounce": _("A delivery failure report (bounce) arrived"),
             "auto-reply": _("An automatic reply arrived"),
             "read-receipt": _("A read receipt arrived")}[kind]
    who = mail_in.from_address or _("an unknown sender")
    tickets.note(uow, SYSTEM, ticket.id, _("{what} from {who}: {subject}").format(
        what=label, who=who, subject=mail_in.subject or _("(no subject)")) + "\n\n" + _body(mail_in)[:2000])
    return IntakeResult("event", mid, ticket.id, f"{kind}: {rule}")


def _handle(uow: UnitOfWork, raw: bytes, mail_in: InboundMail, mid: str, mail: MailSettings) -> IntakeResult:
    s = uow.session
    if mail_in.loop is not None:
        return _loop_mail(uow, raw, mail_in, mid)
    if mail_in.from_address in mail.own_addresses or mail_in.requester[1] in mail.own_addresses:
        return IntakeResult("ignored", mid, None, "from our own address")
    name, sender = mail_in.requester
    if not sender or not ADDRESS.match(sender):
        user = unknown_sender(uow)
        created = create_ticket(uow, users.to_actor(user), user, raw, mail_in, None, force_raw=True)
        return IntakeResult("created", mid, created, "no usable sender address: unknown-sender requester")
    since = uow.now() - timedelta(hours=1)
    recent = s.scalar(select(func.count(MailIntake.id)).where(
        MailIntake.created_at >= since, MailIntake.outcome.in_(("created", "appended")), MailIntake.sender == sender))
    if (recent or 0) >= mail.rate_limit_per_hour:
        return IntakeResult("quarantined", mid, None, f"rate limit: {recent} mails in the last hour")

    known = s.scalar(select(User).where(func.lower(User.email) == sender))
    if known is None and uow.settings.unknown_senders == "reject":
        return IntakeResult("quarantined", mid, None, "unknown sender (unknown_senders = reject)")
    user = known if known is not None else new_requester(uow, sender, name)
    if not user.active:
        return IntakeResult("quarantined", mid, None, "the sender's account is disabled")
    actor = users.to_actor(user)

    ticket = _find_ticket(uow, mail_in)
    if ticket is not None and ticket.status in (Status.RESOLVED, Status.CLOSED):
        rated = _csat_reply(uow, actor, ticket, mail_in)
        if rated is not None:
            return IntakeResult("appended" if rated else "ignored", mid, ticket.id,
                                "rating" if rated else "already rated")
    if ticket is not None and ticket.status != Status.CLOSED:
        append(uow, actor, ticket, raw, mail_in, mid)
        return IntakeResult("appended", mid, ticket.id, "")

    requester, detail = requester_for(uow, user, mail_in)
    created = create_ticket(uow, actor, requester, raw, mail_in, ticket)
    if ticket is not None:
        detail = f"follow-up to {ticket.id}" + (f"; {detail}" if detail else "")
    return IntakeResult("created", mid, created, detail)


def append(uow: UnitOfWork, actor: Actor, ticket: Ticket, raw: bytes, mail_in: InboundMail, mid: str | None,
           *, force_raw: bool = False) -> None:
    """The mail as a reply (from the requester or staff) or a note (a colleague in copy) on `ticket`."""
    files, skipped = _files(uow, raw, mail_in, force_raw)
    entry_body = _body(mail_in)
    sender = mail_in.requester[1]
    # what trimming left out (quoted history, signature) stays with the entry, shown collapsed
    quoted = mail_in.full_body[:BODY_MAX] if mail_in.body and mail_in.body != mail_in.full_body else ""
    if actor.id == ticket.requester_id or can(actor, Permission.TICKET_REPLY):
        tickets.reply(uow, actor, ticket.id, entry_body, via_email=True, message_id=mid, attachments=files,
                      quoted=quoted)
    else:  # a colleague in copy: staff see it, the requester is not mailed about it
        tickets.note(uow, SYSTEM, ticket.id, _("Mail from {name} <{address}>:").format(
            name=mail_in.requester[0] or sender or _("an unknown sender"), address=sender) + "\n\n" + entry_body)
        if files:
            tickets.attach(uow, SYSTEM, ticket.id, files)
    _notes(uow, ticket.id, mail_in, skipped, force_raw)


def create_ticket(uow: UnitOfWork, actor: Actor, requester: User, raw: bytes, mail_in: InboundMail,
            earlier: Ticket | None, *, force_raw: bool = False) -> int:
    """A new ticket for `requester` from the mail (a linked follow-up when `earlier` is closed)."""
    files, skipped = _files(uow, raw, mail_in, force_raw)
    subject = mail_in.subject or _("(no subject)")
    if earlier is not None:
        subject = _("Follow-up to {number}: {subject}").format(number=number_of(earlier), subject=subject)
    subject = re.sub(r"\s+", " ", subject).strip()[:SUBJECT_MAX]
    # a new ticket from a forward keeps everything: the "history" is what the helpdesk must read
    forward = is_forward(mail_in.subject, mail_in.full_body)
    description = mail_in.full_body[:BODY_MAX] if forward and mail_in.full_body.strip() else _body(mail_in)
    created = tickets.create(uow, actor, subject=subject, description=description[:BODY_MAX],
                             requester_id=requester.id, channel=Channel.EMAIL, attachments=files)
    if earlier is not None:
        workflow.link(uow, SYSTEM, created.id, earlier.id)
    else:
        similar.note_possible_duplicates(uow, SYSTEM, created.id)
    _notes(uow, created.id, mail_in, skipped, force_raw)
    return created.id


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


def _find_ticket(uow: UnitOfWork, mail_in: InboundMail, extra_ids: list[str] | None = None) -> Ticket | None:
    s = uow.session
    ticket: Ticket | None = None
    number = mail_in.ticket_ref(uow.settings.ticket_prefix)
    if number is not None:
        ticket = s.get(Ticket, number)
    ids = list(mail_in.thread_ids) + [i for i in extra_ids or () if i not in mail_in.thread_ids]
    if ticket is None and ids:
        ticket_id = s.scalar(select(MailMessage.ticket_id).where(
            MailMessage.message_id.in_(ids), MailMessage.ticket_id.is_not(None)).order_by(MailMessage.id.desc()))
        if ticket_id is None:
            ticket_id = s.scalar(select(TimelineEntry.ticket_id).where(TimelineEntry.message_id.in_(ids)).limit(1))
        if ticket_id is None:
            ticket_id = s.scalar(select(OutboxMessage.ticket_id).where(OutboxMessage.message_id.in_(ids)).limit(1))
        ticket = s.get(Ticket, ticket_id) if ticket_id is not None else None
    for _hop in range(5):  # a merged ticket forwards to the one it was merged into
        if ticket is None or ticket.merged_into_id is None:
            break
        ticket = s.get(Ticket, ticket.merged_into_id)
    return ticket


def _files(uow: UnitOfWork, raw: bytes, mail_in: InboundMail,
           force_raw: bool = False) -> tuple[list[NewAttachment], list[MailAttachment]]:
    limit = uow.settings.attachment_max_bytes
    found = list(mail_in.attachments)
    if mail_in.malformed or force_raw:
        found.append(MailAttachment("original-message.eml", "message/rfc822", raw))
    ok = [NewAttachment(a.filename, a.content_type, a.data) for a in found if 0 < len(a.data) <= limit]
    skipped = [a for a in found if len(a.data) > limit]
    return ok, skipped


def _notes(uow: UnitOfWork, ticket_id: int, mail_in: InboundMail, skipped: list[MailAttachment],
           force_raw: bool = False) -> None:
    lines = []
    if not mail_in.requester[1]:
        lines.append(_("This mail had no usable sender address; the original is attached."))
    if mail_in.forwarded_from is not None:
        lines.append(_("The mail forwarded a message from {name} <{address}>; it is attached.").format(
            name=mail_in.forwarded_from[0] or mail_in.forwarded_from[1], address=mail_in.forwarded_from[1]))
    if mail_in.malformed:
        lines.append(_("This mail could not be read cleanly ({reason}); the original is attached.").format(
            reason=mail_in.malformed_reason))
    limit = uow.settings.attachment_max_bytes
    lines += [_("The attachment {name} ({size:,} bytes) was not saved: attachments may be at most "
                "{limit:,} bytes.").format(name=a.filename, size=len(a.data), limit=limit) for a in skipped]
    if lines:
        tickets.note(uow, SYSTEM, ticket_id, "\n".join(lines))
