"""The ticket lifecycle: status changes, claim, assign, escalate, resolve, close, reopen, merge, link."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.errors import InvalidTransition, NotFound, ValidationFailed
from shared.i18n import Said, _, say
from shared.models import Team, Ticket, TicketLink, TimelineEntry
from shared.models.enums import EntryKind, Status, label
from shared.rules.transitions import can_transition
from shared.services import assignment, checklists, kb, notify, sla
from shared.services._common import (
    clean_text,
    event,
    get_user,
    load_ticket,
    set_field,
    touch,
)
from shared.services.detail import changed
from shared.services.dto import ChangedTicket
from shared.services.uow import UnitOfWork, number_of

# Status changes the requester is told about by mail.
_TELL_REQUESTER = {Status.PENDING_USER, Status.RESOLVED, Status.CLOSED}


def _move(uow: UnitOfWork, ticket: Ticket, actor: Actor, target: Status, body: str | Said = "") -> None:
    """Change status along a valid transition, keeping the SLA clock's pauses right."""
    current = Status(ticket.status)
    if current == target:
        return
    if not can_transition(current, target):
        raise InvalidTransition(_("{number} cannot go from {old} to {new}.").format(
            number=number_of(ticket), old=label(current), new=label(target)))
    now = uow.now()
    set_field(uow, ticket, actor, "status", target, body)
    if target.pauses_sla:
        sla.pause(ticket, now)
    elif current.pauses_sla:
        sla.resume(uow.session, ticket, now)
    if target in _TELL_REQUESTER:
        notify.enqueue(uow.session, now, "status_changed", ticket, ticket.requester,
                       {"status": target.value, "solution": ticket.solution or "", "note": body})
    touch(uow, ticket)


def change_status(uow: UnitOfWork, actor: Actor, ticket_id: int, status: Status | str, *,
                  reason: str = "", expected_version: int | None = None) -> ChangedTicket:
    """Move to open, in progress, pending user or pending vendor. Permission: ticket:update.

    Resolving and closing have their own calls (they need a solution or a reason).
    Raises InvalidTransition for a move the lifecycle does not allow.
    """
    require(actor, Permission.TICKET_UPDATE)
    try:
        target = Status(status)
    except ValueError:
        raise ValidationFailed(_("Unknown status '{value}'.").format(value=status), field="status") from None
    if target in (Status.RESOLVED, Status.CLOSED, Status.NEW):
        raise InvalidTransition(_("Use resolve or close for that; a ticket never goes back to new."))
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if Status(ticket.status) == Status.RESOLVED:
            reopen_ticket(uow, ticket, actor, reason or say("Reopened"), target=target)
        else:
            _move(uow, ticket, actor, target, reason.strip())
        uow.commit()
        return changed(uow.session, actor, ticket)


def _require_active(ticket: Ticket) -> None:
    if not Status(ticket.status).is_active:
        raise InvalidTransition(_("{number} is {status}; reopen it first.").format(
            number=number_of(ticket), status=label(ticket.status)))


def _check_can_work(actor_or_user_tier: int | None, ticket: Ticket, who: str) -> None:
    if actor_or_user_tier is not None and actor_or_user_tier < ticket.tier:
        raise ValidationFailed(_("{who} works at L{have}; {number} needs L{need} or above.").format(
            who=who, have=actor_or_user_tier, number=number_of(ticket), need=ticket.tier),
            field="assignee")


def claim(uow: UnitOfWork, actor: Actor, ticket_id: int, *,
          expected_version: int | None = None) -> ChangedTicket:
    """Take an unassigned ticket (or one already yours) and start work. Permission: ticket:claim."""
    require(actor, Permission.TICKET_CLAIM)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if ticket.assignee_id not in (None, actor.id):
            raise InvalidTransition(_("{number} is already assigned to {name}.").format(
                number=number_of(ticket), name=ticket.assignee.full_name if ticket.assignee else "?"))
        _check_can_work(actor.tier, ticket, actor.full_name)
        _require_active(ticket)
        set_field(uow, ticket, actor, "assignee_id", actor.id, say("Claimed"))
        if ticket.status in (Status.NEW, Status.OPEN):
            _move(uow, ticket, actor, Status.IN_PROGRESS)
        touch(uow, ticket)
        uow.commit()
        return changed(s, actor, ticket)


def assign(uow: UnitOfWork, actor: Actor, ticket_id: int, assignee_id: int | None, *,
           team_id: int | None = None, expected_version: int | None = None,
           reason: str | Said = "") -> ChangedTicket:
    """Give the ticket to an agent (None: unassign), optionally moving it to another team.
    `reason`: why, on the timeline with the change (a hand-over names who handed it over).

    Permission: ticket:assign. The assignee must be an active agent working at the ticket's tier
    or above. Off-duty agents can be chosen by hand. The assignee is notified.
    """
    require(actor, Permission.TICKET_ASSIGN)
    with uow:
        s = uow.session
        now = uow.now()
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        _require_active(ticket)
        to_inbox = False
        if team_id is not None:
            if s.get(Team, team_id) is None:
                raise NotFound(_("No team with id {id}.").format(id=team_id))
            set_field(uow, ticket, actor, "team_id", team_id)
        if assignee_id is not None:
            user = get_user(s, assignee_id)
            if not user.active or user.tier is None:
                raise ValidationFailed(_("{name} is not an active agent.").format(name=user.full_name),
                                       field="assignee")
            _check_can_work(user.tier, ticket, user.full_name)
            if set_field(uow, ticket, actor, "assignee_id", user.id, reason):
                assignment.note_assigned(user, now)
                if user.id != actor.id:
                    to_inbox = notify.enqueue(s, now, "ticket_assigned", ticket, user,
                                   {"priority": str(ticket.priority), "by": actor.full_name},
                                   channels=(notify.APP, notify.EMAIL))
            if ticket.status == Status.NEW:
                _move(uow, ticket, actor, Status.OPEN)
        else:
            set_field(uow, ticket, actor, "assignee_id", None, reason)
        touch(uow, ticket)
        uow.commit()
        return changed(s, actor, ticket, inbox=to_inbox)


def escalate(uow: UnitOfWork, actor: Actor, ticket_id: int, to_tier: int, reason: str, *,
             team_id: int | None = None, vendor_reference: str | None = None,
             expected_version: int | None = None) -> ChangedTicket:
    """Escalate to a higher tier (L2, L3, or L4 = external vendor) with a reason.

    Permission: ticket:escalate. The ticket moves to a team of that tier and, for L2/L3, to its
    least-loaded on-duty agent. At L4 the internal owner keeps it and it waits on the vendor
    (pending vendor: the SLA clock pauses). Raises InvalidTransition when not going up.
    """
    require(actor, Permission.TICKET_ESCALATE)
    reason = clean_text(reason, "reason")
    with uow:
        s = uow.session
        now = uow.now()
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        _require_active(ticket)
        if not ticket.tier < to_tier <= 4:
            raise InvalidTransition(_("{number} is at L{tier}; escalation goes up, to L{min} … L4.").format(
                number=number_of(ticket), tier=ticket.tier, min=ticket.tier + 1))
        old_tier = ticket.tier
        to_inbox = False
        set_field(uow, ticket, actor, "tier", to_tier, reason)
        ticket.max_tier = max(ticket.max_tier, to_tier)
        team = assignment.team_for_tier(s, to_tier, team_id)
        if team is not None:
            set_field(uow, ticket, actor, "team_id", team.id)
        if to_tier == 4:
            if vendor_reference:
                set_field(uow, ticket, actor, "vendor_reference", vendor_reference.strip()[:120])
            if ticket.status != Status.PENDING_VENDOR:
                if ticket.status == Status.NEW:
                    _move(uow, ticket, actor, Status.OPEN)
                _move(uow, ticket, actor, Status.PENDING_VENDOR, reason)
        else:
            agent = assignment.least_loaded_agent(s, ticket.team_id, to_tier, now) \
                if uow.settings.auto_assign else None
            set_field(uow, ticket, actor, "assignee_id", agent.id if agent else None)
            if agent is not None:
                assignment.note_assigned(agent, now)
                to_inbox = notify.enqueue(s, now, "ticket_assigned", ticket, agent,
                               {"priority": str(ticket.priority), "by": actor.full_name,
                                "escalated_from": old_tier, "reason": reason},
                               channels=(notify.APP, notify.EMAIL))
            if ticket.status in (Status.IN_PROGRESS, Status.NEW):
                _move(uow, ticket, actor, Status.OPEN)
        touch(uow, ticket)
        uow.commit()
        return changed(s, actor, ticket, inbox=to_inbox)


def resolve(uow: UnitOfWork, actor: Actor, ticket_id: int, solution: str, *,
            expected_version: int | None = None, kb_draft: bool = False) -> ChangedTicket:
    """Resolve with a solution note; the requester is told and asked for a rating.

    Permission: ticket:resolve. With `kb_draft`, the solution also becomes a KB draft linked to
    the ticket. Raises ValidationFailed without a solution, InvalidTransition when the ticket is
    resolved already (reopen it to change the solution: the requester was told this one) or closed.
    """
    require(actor, Permission.TICKET_RESOLVE)
    solution = clean_text(solution, "solution")
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        resolve_loaded(uow, actor, ticket, solution)
        draft = kb.draft_from_ticket(uow, actor, ticket) if kb_draft else None
        from shared.services import incidents  # it opens tickets: imports this module

        incidents.resolve_children(uow, actor, ticket, solution)
        uow.commit()
        return changed(s, actor, ticket, articles=[draft.id] if draft else [])


def resolve_loaded(uow: UnitOfWork, actor: Actor, ticket: Ticket, solution: str, *, check_steps: bool = True) -> None:
    """`resolve` on a loaded ticket, inside the caller's transaction (a major incident resolves its
    children so). With `check_steps`, open required checklist steps refuse it (setting
    checklist_blocks_resolve)."""
    s = uow.session
    now = uow.now()
    if ticket.status == Status.RESOLVED:
        raise InvalidTransition(_("{number} is resolved already; reopen it to change the solution.").format(
            number=number_of(ticket)))
    if check_steps and uow.settings.checklist_blocks_resolve:
        checklists.require_complete(s, ticket)
    if Status(ticket.status).pauses_sla:
        sla.resume(s, ticket, now)
    # The status event below carries the solution as its body: that is the solution's audit.
    ticket.solution = solution
    _move(uow, ticket, actor, Status.RESOLVED, solution)
    sla.mark_resolution(ticket, now)
    if ticket.assignee_id is None and actor.tier is not None:
        set_field(uow, ticket, actor, "assignee_id", actor.id)
    # The version-checked UPDATE goes first: an agent who lost the race gets Conflict there,
    # before touching the once-per-round CSAT request the winner queued.
    s.flush()
    notify.enqueue(s, now, "csat_request", ticket, ticket.requester, {},
                   dedup_key=f"csat:{ticket.id}:{ticket.reopen_count}")


def close(uow: UnitOfWork, actor: Actor, ticket_id: int, reason: str = "", *,
          expected_version: int | None = None) -> ChangedTicket:
    """Close a resolved ticket, or close an unresolved one (duplicate, spam) with a reason.

    Permission: ticket:close. Closed is final.
    """
    require(actor, Permission.TICKET_CLOSE)
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if ticket.status != Status.RESOLVED:
            reason = clean_text(reason, "reason")
        _close(uow, ticket, actor, reason.strip())
        uow.commit()
        return changed(uow.session, actor, ticket)


def _close(uow: UnitOfWork, ticket: Ticket, actor: Actor, reason: str | Said) -> None:
    _move(uow, ticket, actor, Status.CLOSED, reason)
    ticket.closed_at = uow.now()
    ticket.sla_paused_at = None


def reopen_ticket(uow: UnitOfWork, ticket: Ticket, actor: Actor, reason: str | Said,
                  target: Status | None = None) -> None:
    """Resolved -> back to work. The time it spent resolved does not count against the SLA."""
    if ticket.status != Status.RESOLVED:
        raise InvalidTransition(_("Only a resolved ticket can be reopened; {number} is {status}.").format(
            number=number_of(ticket), status=label(ticket.status)))
    now = uow.now()
    if ticket.resolved_at is not None:
        ticket.sla_paused_at = ticket.resolved_at
        sla.resume(uow.session, ticket, now)
    ticket.resolved_at = None
    ticket.resolution_seconds = None
    ticket.reopen_count += 1
    if target is None:
        target = Status.IN_PROGRESS if ticket.assignee_id else Status.OPEN
    _move(uow, ticket, actor, target, reason)


def reopen(uow: UnitOfWork, actor: Actor, ticket_id: int, reason: str, *,
           expected_version: int | None = None) -> ChangedTicket:
    """Reopen a resolved ticket. Permission: ticket:reopen; a reason is required."""
    require(actor, Permission.TICKET_REOPEN)
    reason = clean_text(reason, "reason")
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        reopen_ticket(uow, ticket, actor, reason)
        uow.commit()
        return changed(uow.session, actor, ticket)


def auto_close(uow: UnitOfWork, actor: Actor = SYSTEM) -> list[int]:
    """Close tickets resolved more than `auto_close_days` ago. Returns their ids."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        cutoff = uow.now() - timedelta(days=uow.settings.auto_close_days)
        due = list(uow.session.scalars(select(Ticket).where(
            Ticket.status == Status.RESOLVED, Ticket.resolved_at <= cutoff).order_by(Ticket.id)))
        for ticket in due:
            _close(uow, ticket, actor, say("Closed automatically {days} days after resolution",
                                          days=uow.settings.auto_close_days))
        uow.commit()
        return [t.id for t in due]


def merge(uow: UnitOfWork, actor: Actor, source_id: int, target_id: int, *,
          expected_version: int | None = None) -> ChangedTicket:
    """Merge a duplicate (source) into target: the source is closed and points at the target,
    the target gets a note with the source's request, and the two are linked.

    Permission: ticket:merge. Returns the target; its changes name both tickets.
    """
    require(actor, Permission.TICKET_MERGE)
    if source_id == target_id:
        raise ValidationFailed(_("A ticket cannot be merged into itself."), field="target")
    with uow:
        s = uow.session
        source = load_ticket(uow, actor, source_id, expected_version)
        target = load_ticket(uow, actor, target_id)
        for t in (source, target):
            if t.status == Status.CLOSED:
                raise InvalidTransition(_("{number} is closed and cannot take part in a merge.").format(
                    number=number_of(t)))
        number_s, number_t = number_of(source), number_of(target)
        said = say("{source} from {name} was merged into this ticket.", source=number_s,
                   name=source.requester.full_name)
        uow.add_entry(TimelineEntry(
            ticket_id=target.id, kind=EntryKind.NOTE, author_id=actor.id, created_at=uow.now(), data=said,
            body=f"{source.subject}\n{source.description}".strip()), target)
        set_field(uow, source, actor, "merged_into_id", target.id)
        _close(uow, source, actor, say("Merged into {target}", target=number_t))
        _link(uow, actor, source, target)
        touch(uow, target)
        uow.commit()
        return changed(s, actor, target, also=[source.id])


def _link(uow: UnitOfWork, actor: Actor, a: Ticket, b: Ticket) -> None:
    low, high = sorted((a.id, b.id))
    if uow.session.get(TicketLink, (low, high)) is None:
        uow.session.add(TicketLink(ticket_a_id=low, ticket_b_id=high, created_at=uow.now(),
                                   created_by_id=actor.id))
        event(uow, a, actor, "link", None, number_of(b))
        event(uow, b, actor, "link", None, number_of(a))
        touch(uow, a)
        touch(uow, b)


def link_tickets(uow: UnitOfWork, actor: Actor, a: Ticket, b: Ticket) -> None:
    """Link two loaded tickets inside the caller's transaction (audited on both)."""
    _link(uow, actor, a, b)


def link(uow: UnitOfWork, actor: Actor, ticket_id: int, other_id: int) -> ChangedTicket:
    """Mark two tickets as related (both ways). Permission: ticket:link."""
    require(actor, Permission.TICKET_LINK)
    if ticket_id == other_id:
        raise ValidationFailed(_("A ticket cannot be linked to itself."), field="other")
    with uow:
        a = load_ticket(uow, actor, ticket_id)
        b = load_ticket(uow, actor, other_id)
        _link(uow, actor, a, b)
        uow.commit()
        return changed(uow.session, actor, a, also=[b.id])


def unlink_tickets(uow: UnitOfWork, actor: Actor, a: Ticket, b: Ticket) -> None:
    """Remove the link between two loaded tickets inside the caller's transaction (audited on
    both); nothing when they are not linked."""
    low, high = sorted((a.id, b.id))
    result = uow.session.execute(delete(TicketLink).where(
        TicketLink.ticket_a_id == low, TicketLink.ticket_b_id == high))
    if result.rowcount:  # type: ignore[attr-defined]
        event(uow, a, actor, "link", number_of(b), None)
        event(uow, b, actor, "link", number_of(a), None)
        touch(uow, a)
        touch(uow, b)


def unlink(uow: UnitOfWork, actor: Actor, ticket_id: int, other_id: int) -> ChangedTicket:
    require(actor, Permission.TICKET_LINK)
    with uow:
        a = load_ticket(uow, actor, ticket_id)
        b = load_ticket(uow, actor, other_id)
        unlink_tickets(uow, actor, a, b)
        uow.commit()
        return changed(uow.session, actor, a, also=[b.id])
