"""Tickets: reading them, replying and editing their fields; creating them lives in `creation`
and is re-exported here, so callers keep writing `tickets.create(...)`."""

from __future__ import annotations

from collections.abc import Sequence

from shared.auth.permissions import Actor, Permission, can, require
from shared.errors import InvalidTransition, NotFound, ValidationFailed
from shared.i18n import Said, _, say
from shared.models import Attachment, AttachmentBlob, Category, Ticket, TimelineEntry
from shared.models.enums import EntryKind, Level, Priority, Status
from shared.rules.priority import compute_priority
from shared.services import checklists, notify, sla
from shared.services._common import (
    SUBJECT_MAX,
    clean_text,
    load_ticket,
    require_own_or,
    set_field,
    touch,
)
from shared.services.creation import (
    NewAttachment,
    NewTicket,
    create,
    create_batch,
    create_many,
    parse_level,
    store_attachments,
)
from shared.services.detail import changed, read_detail
from shared.services.dto import ChangedTicket, TicketDetail
from shared.services.uow import UnitOfWork, number_of
from shared.services.workflow import reopen_ticket

__all__ = [
    "NewAttachment",
    "NewTicket",
    "attach",
    "attachment_data",
    "create",
    "create_batch",
    "create_many",
    "get",
    "note",
    "override_priority",
    "reply",
    "update_fields",
]

_UNSET: object = object()


def get(uow: UnitOfWork, actor: Actor, ticket_id: int) -> TicketDetail:
    """The ticket with its timeline. Permission: ticket:view_all, or ticket:view_own for one's own.

    Requesters see public replies and status changes only. Raises NotFound.
    """
    with uow:
        return read_detail(uow, actor, ticket_id)


def reply(uow: UnitOfWork, actor: Actor, ticket_id: int, body: str, *,
          expected_version: int | None = None, attachments: Sequence[NewAttachment] = (),
          via_email: bool = False, message_id: str | None = None, quoted: str = "") -> ChangedTicket:
    """Add a public reply. `quoted`: the mail's whole text when the reply is only its new part
    (kept with the entry, shown collapsed).

    Permission: ticket:reply (staff) or ticket:reply_own (the requester, on their own ticket).
    An agent's first reply stops the response clock. A requester's reply to a resolved ticket
    reopens it; to a ticket pending on them, brings it back to the agent. Closed tickets take no
    replies (raise InvalidTransition): a follow-up ticket is opened instead.
    """
    with uow:
        s = uow.session
        now = uow.now()
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        require_own_or(actor, ticket, Permission.TICKET_REPLY, Permission.TICKET_REPLY_OWN)
        body = clean_text(body, "reply")
        if ticket.status == Status.CLOSED:
            raise InvalidTransition(_("{number} is closed; please open a new ticket.").format(
                number=number_of(ticket)))
        from_requester = actor.id == ticket.requester_id or not can(actor, Permission.TICKET_REPLY)
        entry = TimelineEntry(ticket_id=ticket.id, kind=EntryKind.REPLY, author_id=actor.id, body=body,
                              created_at=now, via_email=via_email, message_id=message_id,
                              data={"quoted": clean_text(quoted, "reply")} if quoted.strip() else None)
        uow.add_entry(entry, ticket)
        store_attachments(uow, ticket, actor, attachments, entry)
        touch(uow, ticket)
        to_inbox = False
        if from_requester:
            to_inbox = _requester_replied(uow, ticket, actor, body)
        else:
            sla.mark_response(ticket, now)
            ticket.agent_replies += 1
            if ticket.status == Status.NEW:
                set_field(uow, ticket, actor, "status", Status.OPEN)
            s.flush()  # the entry's id goes into the notification (mail threading)
            notify.enqueue(s, now, "agent_reply", ticket, ticket.requester,
                           {"body": body, "entry_id": entry.id, "agent": actor.full_name})
        uow.commit()
        return changed(s, actor, ticket, inbox=to_inbox)


def _requester_replied(uow: UnitOfWork, ticket: Ticket, actor: Actor, body: str) -> bool:
    """Bring the ticket back to work; True when its assignee was told in-app."""
    now = uow.now()
    back_to = Status.IN_PROGRESS if ticket.assignee_id else Status.OPEN
    if ticket.status == Status.RESOLVED:
        reopen_ticket(uow, ticket, actor, say("The requester replied"))
    elif ticket.status == Status.PENDING_USER:
        set_field(uow, ticket, actor, "status", back_to, say("The requester replied"))
        sla.resume(uow.session, ticket, now)
    if ticket.assignee is None:
        return False
    return notify.enqueue(uow.session, now, "requester_reply", ticket, ticket.assignee,
                          {"body": body[:500]}, channels=(notify.APP,))


def note(uow: UnitOfWork, actor: Actor, ticket_id: int, body: str, *,
         expected_version: int | None = None) -> ChangedTicket:
    """Add an internal note (never shown to or mailed to the requester). Permission: ticket:note."""
    require(actor, Permission.TICKET_NOTE)
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        body = clean_text(body, "note")
        uow.add_entry(TimelineEntry(ticket_id=ticket.id, kind=EntryKind.NOTE, author_id=actor.id,
                                    body=body, created_at=uow.now()), ticket)
        touch(uow, ticket)
        uow.commit()
        return changed(uow.session, actor, ticket)


def update_fields(uow: UnitOfWork, actor: Actor, ticket_id: int, *, expected_version: int | None = None,
                  subject: str | None = None, category_id: int | object | None = _UNSET,
                  impact: Level | str | None = None, urgency: Level | str | None = None,
                  machine_id: int | object | None = _UNSET) -> ChangedTicket:
    """Triage: change subject, category, impact or urgency (the priority follows unless overridden).

    Permission: ticket:update. A new ticket becomes open. Every change is an audit event.
    """
    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if ticket.status == Status.CLOSED:
            raise InvalidTransition(_("{number} is closed.").format(number=number_of(ticket)))
        if subject is not None:
            set_field(uow, ticket, actor, "subject", clean_text(subject, "subject", max_len=SUBJECT_MAX))
        if category_id is not _UNSET:
            if category_id is not None and s.get(Category, category_id) is None:
                raise NotFound(_("No category with id {id}.").format(id=category_id))
            governing = sla.policy_for(s, Priority(ticket.priority), ticket.category_id)
            if set_field(uow, ticket, actor, "category_id", category_id):
                checklists.attach(uow, actor, ticket)
                if sla.policy_for(s, Priority(ticket.priority), ticket.category_id) is not governing:
                    sla.apply_clocks(s, ticket)  # the new category has SLA targets of its own
        if machine_id is not _UNSET:
            set_field(uow, ticket, actor, "machine_id", machine_id)
        new_impact, new_urgency = parse_level(impact, "impact"), parse_level(urgency, "urgency")
        if new_impact is not None:
            set_field(uow, ticket, actor, "impact", new_impact)
        if new_urgency is not None:
            set_field(uow, ticket, actor, "urgency", new_urgency)
        if ticket.priority_override_reason is None:
            _set_priority(uow, ticket, actor, compute_priority(Level(ticket.impact), Level(ticket.urgency)), None)
        if ticket.status == Status.NEW:
            set_field(uow, ticket, actor, "status", Status.OPEN, say("Triaged"))
        touch(uow, ticket)
        uow.commit()
        return changed(s, actor, ticket)


def _set_priority(uow: UnitOfWork, ticket: Ticket, actor: Actor, priority: Priority,
                  override_reason: str | None, body: str | Said = "") -> None:
    """Set the priority (its event's body says why) and the override reason, which gets an event
    of its own only when the priority itself stays the same: every change is audited, once."""
    changed = set_field(uow, ticket, actor, "priority", priority, body)
    if changed:
        ticket.priority_override_reason = override_reason
        sla.apply_clocks(uow.session, ticket)
    else:
        set_field(uow, ticket, actor, "priority_override_reason", override_reason)


def override_priority(uow: UnitOfWork, actor: Actor, ticket_id: int, priority: Priority | str | None,
                      reason: str = "", *, expected_version: int | None = None) -> ChangedTicket:
    """Set the priority by hand (a reason is required), or None to return to the matrix.

    Permission: priority:override. The SLA targets follow the new priority.
    """
    require(actor, Permission.PRIORITY_OVERRIDE)
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if priority is None:
            _set_priority(uow, ticket, actor, compute_priority(Level(ticket.impact), Level(ticket.urgency)),
                          None, say("Back to the impact x urgency matrix"))
        else:
            try:
                target = Priority(str(priority).upper())
            except ValueError:
                raise ValidationFailed(_("'{value}' is not a priority; use P1, P2, P3 or P4.").format(
                    value=priority), field="priority") from None
            reason = clean_text(reason, "reason")
            _set_priority(uow, ticket, actor, target, reason, reason)
        touch(uow, ticket)
        uow.commit()
        return changed(uow.session, actor, ticket)


def attach(uow: UnitOfWork, actor: Actor, ticket_id: int, files: Sequence[NewAttachment]) -> ChangedTicket:
    """Attach files (size-limited, stored once by content hash). Staff, or the requester."""
    with uow:
        ticket = load_ticket(uow, actor, ticket_id)
        require_own_or(actor, ticket, Permission.TICKET_UPDATE, Permission.TICKET_REPLY_OWN)
        store_attachments(uow, ticket, actor, files)
        touch(uow, ticket)
        uow.commit()
        return changed(uow.session, actor, ticket)


def attachment_data(uow: UnitOfWork, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of an attachment on a ticket the actor may see."""
    with uow:
        att = uow.session.get(Attachment, attachment_id)
        if att is None:
            raise NotFound(_("No attachment with id {id}.").format(id=attachment_id))
        load_ticket(uow, actor, att.ticket_id, lock=False)
        blob = uow.session.get(AttachmentBlob, att.sha256)
        assert blob is not None
        return att.filename, att.content_type, blob.data
