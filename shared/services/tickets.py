"""Creating tickets, reading them, replying and editing their fields."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, can, require
from shared.errors import InvalidTransition, NotFound, ValidationFailed
from shared.i18n import _
from shared.models import Attachment, AttachmentBlob, Category, Team, Ticket, TimelineEntry
from shared.models.enums import Channel, EntryKind, Level, Priority, Status
from shared.rules.priority import compute_priority
from shared.services import assignment, classify, kb, notify, sla
from shared.services._common import (
    SUBJECT_MAX,
    build_detail,
    clean_text,
    event,
    field_label,
    get_user,
    load_ticket,
    require_own_or,
    set_field,
    touch,
)
from shared.services.dto import TicketDetail, ticket_number
from shared.services.uow import UnitOfWork
from shared.services.workflow import reopen_ticket


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    data: bytes


_UNSET: object = object()


def _level(value: Level | str | None, field: str) -> Level | None:
    if value is None:
        return None
    try:
        return Level(str(value).lower())
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a valid {field}; use high, medium or low.").format(
            value=value, field=field_label(field)), field=field) from None


def _attach(uow: UnitOfWork, ticket: Ticket, actor: Actor, files: Sequence[NewAttachment],
            entry: TimelineEntry | None = None) -> None:
    limit = uow.settings.attachment_max_bytes
    blobs: dict[str, AttachmentBlob] = {}  # the same file twice in one call is stored once
    for f in files:
        name = clean_text(f.filename, "file_name", max_len=255).replace("/", "_").replace("\\", "_")
        if len(f.data) > limit:
            raise ValidationFailed(
                _("{name} is {size:,} bytes; attachments may be at most {limit:,} bytes.").format(
                    name=name, size=len(f.data), limit=limit), field="attachments")
        digest = hashlib.sha256(f.data).hexdigest()
        blob = blobs.get(digest) or uow.session.get(AttachmentBlob, digest) \
            or AttachmentBlob(sha256=digest, data=f.data)
        blobs[digest] = blob
        uow.session.add(Attachment(
            ticket_id=ticket.id, entry=entry, filename=name,
            content_type=(f.content_type or "application/octet-stream")[:127], size=len(f.data),
            blob=blob, created_at=uow.now(), uploaded_by_id=actor.id))


def _default_team(uow: UnitOfWork, category: Category | None) -> Team | None:
    while category is not None:
        if category.team_id is not None:
            return uow.session.get(Team, category.team_id)
        category = category.parent
    return uow.session.scalar(select(Team).where(Team.tier == 1).order_by(Team.id).limit(1))


def create(uow: UnitOfWork, actor: Actor, *, subject: str, description: str = "",
           requester_id: int | None = None, channel: Channel | str = Channel.PORTAL,
           category_id: int | None = None, impact: Level | str | None = None,
           urgency: Level | str | None = None, machine_id: int | None = None,
           attachments: Sequence[NewAttachment] = (), alert_key: str | None = None) -> TicketDetail:
    """Open a ticket.

    Permission: ticket:create (ticket:create_for_others to raise it for someone else).
    Classifies by keyword rules when no category is given, computes the priority from impact x
    urgency, starts the SLA clocks, auto-assigns to the least-loaded on-duty agent of the team
    (when enabled) and queues the acknowledgement to the requester.
    Raises ValidationFailed, NotFound (unknown requester or category), PermissionDenied.
    """
    require(actor, Permission.TICKET_CREATE)
    with uow:
        s = uow.session
        now = uow.now()
        if requester_id is None:
            if actor.id is None:
                raise ValidationFailed(_("A requester is needed."), field="requester")
            requester_id = actor.id
        if requester_id != actor.id:
            require(actor, Permission.TICKET_CREATE_FOR_OTHERS)
        requester = get_user(s, requester_id)
        if not requester.active:
            raise ValidationFailed(_("{name}'s account is disabled.").format(name=requester.full_name),
                                   field="requester")
        subject = clean_text(subject, "subject", max_len=SUBJECT_MAX)
        description = clean_text(description, "description", required=False)
        try:
            channel = Channel(channel)
        except ValueError:
            raise ValidationFailed(_("Unknown channel '{value}'.").format(value=channel),
                                   field="channel") from None
        impact_l, urgency_l = _level(impact, "impact"), _level(urgency, "urgency")

        category = s.get(Category, category_id) if category_id is not None else None
        if category_id is not None and category is None:
            raise NotFound(_("No category with id {id}.").format(id=category_id))
        rule = classify.first_match(s, subject, description) if category is None else None
        team: Team | None = None
        if rule is not None:
            category = s.get(Category, rule.category_id)
            team = s.get(Team, rule.team_id) if rule.team_id else None
            impact_l = impact_l or (Level(rule.impact) if rule.impact else None)
            urgency_l = urgency_l or (Level(rule.urgency) if rule.urgency else None)
        team = team or _default_team(uow, category)
        impact_l, urgency_l = impact_l or Level.LOW, urgency_l or Level.MEDIUM

        ticket = Ticket(
            subject=subject, description=description, requester_id=requester.id, channel=channel,
            category_id=category.id if category else None, impact=impact_l, urgency=urgency_l,
            priority=compute_priority(impact_l, urgency_l), status=Status.NEW,
            tier=max(1, team.tier if team else 1) if channel != Channel.PROBE else 1,
            team_id=team.id if team else None, machine_id=machine_id, alert_key=alert_key,
            created_at=now, updated_at=now, sla_paused_seconds=0, max_tier=1,
            agent_replies=0, reopen_count=0,
        )
        ticket.max_tier = ticket.tier
        s.add(ticket)
        s.flush()
        sla.apply_clocks(s, ticket)
        how: dict[str, Any] = {"channel": channel.value}
        if rule is not None and category is not None:
            how["classified_as"] = category.path
        event(uow, ticket, actor, "created", None, ticket_number(ticket.id), data=how)
        _attach(uow, ticket, actor, attachments)

        if uow.settings.auto_assign:
            agent = assignment.least_loaded_agent(s, ticket.team_id, ticket.tier)
            if agent is not None:
                set_field(uow, ticket, actor, "assignee_id", agent.id, data={"auto": True})
                assignment.note_assigned(agent, now)
                notify.enqueue(s, now, "ticket_assigned", ticket, agent, {"priority": str(ticket.priority)},
                               channels=(notify.APP, notify.EMAIL))
        if channel != Channel.PROBE:
            articles = kb.suggest(s, f"{subject} {description}", limit=3)
            notify.enqueue(s, now, "ticket_created", ticket, requester, {
                "response_due_at": ticket.response_due_at.isoformat() if ticket.response_due_at else None,
                "priority": str(ticket.priority),
                "articles": [{"id": a.id, "title": a.title} for a in articles],
            })
        uow.commit()
        return build_detail(s, actor, ticket)


def get(uow: UnitOfWork, actor: Actor, ticket_id: int) -> TicketDetail:
    """The ticket with its timeline. Permission: ticket:view_all, or ticket:view_own for one's own.

    Requesters see public replies and status changes only. Raises NotFound.
    """
    with uow:
        ticket = load_ticket(uow, actor, ticket_id)
        return build_detail(uow.session, actor, ticket)


def reply(uow: UnitOfWork, actor: Actor, ticket_id: int, body: str, *,
          expected_version: int | None = None, attachments: Sequence[NewAttachment] = (),
          via_email: bool = False, message_id: str | None = None) -> TicketDetail:
    """Add a public reply.

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
                number=ticket_number(ticket.id)))
        from_requester = actor.id == ticket.requester_id or not can(actor, Permission.TICKET_REPLY)
        entry = TimelineEntry(ticket_id=ticket.id, kind=EntryKind.REPLY, author_id=actor.id, body=body,
                              created_at=now, via_email=via_email, message_id=message_id)
        uow.add_entry(entry, ticket)
        _attach(uow, ticket, actor, attachments, entry)
        touch(uow, ticket)
        if from_requester:
            _requester_replied(uow, ticket, actor, body)
        else:
            sla.mark_response(ticket, now)
            ticket.agent_replies += 1
            if ticket.status == Status.NEW:
                set_field(uow, ticket, actor, "status", Status.OPEN)
            s.flush()  # the entry's id goes into the notification (mail threading)
            notify.enqueue(s, now, "agent_reply", ticket, ticket.requester,
                           {"body": body, "entry_id": entry.id, "agent": actor.full_name})
        uow.commit()
        return build_detail(s, actor, ticket)


def _requester_replied(uow: UnitOfWork, ticket: Ticket, actor: Actor, body: str) -> None:
    now = uow.now()
    back_to = Status.IN_PROGRESS if ticket.assignee_id else Status.OPEN
    if ticket.status == Status.RESOLVED:
        reopen_ticket(uow, ticket, actor, _("The requester replied"))
    elif ticket.status == Status.PENDING_USER:
        set_field(uow, ticket, actor, "status", back_to, _("The requester replied"))
        sla.resume(uow.session, ticket, now)
    if ticket.assignee is not None:
        notify.enqueue(uow.session, now, "requester_reply", ticket, ticket.assignee,
                       {"body": body[:500]}, channels=(notify.APP,))


def note(uow: UnitOfWork, actor: Actor, ticket_id: int, body: str, *,
         expected_version: int | None = None) -> TicketDetail:
    """Add an internal note (never shown to or mailed to the requester). Permission: ticket:note."""
    require(actor, Permission.TICKET_NOTE)
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        body = clean_text(body, "note")
        uow.add_entry(TimelineEntry(ticket_id=ticket.id, kind=EntryKind.NOTE, author_id=actor.id,
                                    body=body, created_at=uow.now()), ticket)
        touch(uow, ticket)
        uow.commit()
        return build_detail(uow.session, actor, ticket)


def update_fields(uow: UnitOfWork, actor: Actor, ticket_id: int, *, expected_version: int | None = None,
                  subject: str | None = None, category_id: int | object | None = _UNSET,
                  impact: Level | str | None = None, urgency: Level | str | None = None,
                  machine_id: int | object | None = _UNSET) -> TicketDetail:
    """Triage: change subject, category, impact or urgency (the priority follows unless overridden).

    Permission: ticket:update. A new ticket becomes open. Every change is an audit event.
    """
    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if ticket.status == Status.CLOSED:
            raise InvalidTransition(_("{number} is closed.").format(number=ticket_number(ticket.id)))
        if subject is not None:
            set_field(uow, ticket, actor, "subject", clean_text(subject, "subject", max_len=SUBJECT_MAX))
        if category_id is not _UNSET:
            if category_id is not None and s.get(Category, category_id) is None:
                raise NotFound(_("No category with id {id}.").format(id=category_id))
            set_field(uow, ticket, actor, "category_id", category_id)
        if machine_id is not _UNSET:
            set_field(uow, ticket, actor, "machine_id", machine_id)
        new_impact, new_urgency = _level(impact, "impact"), _level(urgency, "urgency")
        if new_impact is not None:
            set_field(uow, ticket, actor, "impact", new_impact)
        if new_urgency is not None:
            set_field(uow, ticket, actor, "urgency", new_urgency)
        if ticket.priority_override_reason is None:
            _set_priority(uow, ticket, actor, compute_priority(Level(ticket.impact), Level(ticket.urgency)))
        if ticket.status == Status.NEW:
            set_field(uow, ticket, actor, "status", Status.OPEN, _("Triaged"))
        touch(uow, ticket)
        uow.commit()
        return build_detail(s, actor, ticket)


def _set_priority(uow: UnitOfWork, ticket: Ticket, actor: Actor, priority: Priority, body: str = "") -> None:
    if set_field(uow, ticket, actor, "priority", priority, body):
        sla.apply_clocks(uow.session, ticket)


def override_priority(uow: UnitOfWork, actor: Actor, ticket_id: int, priority: Priority | str | None,
                      reason: str = "", *, expected_version: int | None = None) -> TicketDetail:
    """Set the priority by hand (a reason is required), or None to return to the matrix.

    Permission: priority:override. The SLA targets follow the new priority.
    """
    require(actor, Permission.PRIORITY_OVERRIDE)
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if priority is None:
            ticket.priority_override_reason = None
            _set_priority(uow, ticket, actor, compute_priority(Level(ticket.impact), Level(ticket.urgency)),
                          _("Back to the impact x urgency matrix"))
        else:
            try:
                target = Priority(str(priority).upper())
            except ValueError:
                raise ValidationFailed(_("'{value}' is not a priority; use P1, P2, P3 or P4.").format(
                    value=priority), field="priority") from None
            reason = clean_text(reason, "reason")
            ticket.priority_override_reason = reason
            _set_priority(uow, ticket, actor, target, reason)
        touch(uow, ticket)
        uow.commit()
        return build_detail(uow.session, actor, ticket)


def attach(uow: UnitOfWork, actor: Actor, ticket_id: int, files: Sequence[NewAttachment]) -> TicketDetail:
    """Attach files (size-limited, stored once by content hash). Staff, or the requester."""
    with uow:
        ticket = load_ticket(uow, actor, ticket_id)
        require_own_or(actor, ticket, Permission.TICKET_UPDATE, Permission.TICKET_REPLY_OWN)
        _attach(uow, ticket, actor, files)
        touch(uow, ticket)
        uow.commit()
        return build_detail(uow.session, actor, ticket)


def attachment_data(uow: UnitOfWork, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of an attachment on a ticket the actor may see."""
    with uow:
        att = uow.session.get(Attachment, attachment_id)
        if att is None:
            raise NotFound(_("No attachment with id {id}.").format(id=attachment_id))
        load_ticket(uow, actor, att.ticket_id)
        blob = uow.session.get(AttachmentBlob, att.sha256)
        assert blob is not None
        return att.filename, att.content_type, blob.data
