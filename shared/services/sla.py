"""SLA clocks: due instants from the policy and its business calendar, pauses, and the watcher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.models import BusinessCalendar, Category, SlaPolicy, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, Priority
from shared.rules.business_hours import Calendar, add_business_time, business_time_between
from shared.services import notify
from shared.services.uow import UnitOfWork


def calendar_of(model: BusinessCalendar | None) -> Calendar | None:
    if model is None:
        return None
    return Calendar.from_spec(model.timezone, model.hours, [h.day for h in model.holidays])


def policy_for(session: Session, priority: Priority, category_id: int | None = None) -> SlaPolicy | None:
    """The policy that governs a ticket: its category's for this priority, else its parent
    category's, else the priority's general policy (no category)."""
    lineage: list[int] = []
    while category_id is not None and len(lineage) < 8:  # categories nest two deep; 8 guards a cycle
        lineage.append(category_id)
        category = session.get(Category, category_id)
        category_id = category.parent_id if category is not None else None
    candidates = session.scalars(select(SlaPolicy).where(
        SlaPolicy.priority == priority,
        or_(SlaPolicy.category_id.is_(None), SlaPolicy.category_id.in_(lineage)) if lineage
        else SlaPolicy.category_id.is_(None))).all()
    by_category = {policy.category_id: policy for policy in candidates}
    return next((by_category[c] for c in [*lineage, None] if c in by_category), None)


@dataclass(frozen=True)
class Clock:
    """An SLA policy ready to apply: its durations and its parsed business calendar."""
    response: timedelta
    resolution: timedelta
    warn_share: float
    calendar: Calendar | None


def clock_for(session: Session, priority: Priority, category_id: int | None = None) -> Clock | None:
    policy = policy_for(session, priority, category_id)
    if policy is None:
        return None
    return Clock(timedelta(minutes=policy.response_minutes), timedelta(minutes=policy.resolution_minutes),
                 policy.warn_percent / 100, calendar_of(policy.calendar))


def apply_clocks(session: Session, ticket: Ticket, clocks: dict[Any, Clock | None] | None = None) -> None:
    """(Re)compute due and warning instants from creation, the policy and time spent paused.

    `clocks` keeps the policies read so far (by priority and category) for callers handling many
    tickets at once.
    """
    priority = Priority(ticket.priority)
    key = (priority, ticket.category_id)
    if clocks is None:
        clock = clock_for(session, *key)
    elif key in clocks:
        clock = clocks[key]
    else:
        clock = clocks[key] = clock_for(session, *key)
    if clock is None:
        ticket.response_due_at = ticket.response_warn_at = None
        ticket.resolution_due_at = ticket.resolution_warn_at = None
        return
    cal, start = clock.calendar, ticket.created_at
    paused = timedelta(seconds=ticket.sla_paused_seconds or 0)
    ticket.response_due_at = add_business_time(cal, start, clock.response + paused)
    ticket.response_warn_at = add_business_time(cal, start, clock.response * clock.warn_share + paused)
    ticket.resolution_due_at = add_business_time(cal, start, clock.resolution + paused)
    ticket.resolution_warn_at = add_business_time(cal, start, clock.resolution * clock.warn_share + paused)


def pause(ticket: Ticket, now: datetime) -> None:
    if ticket.sla_paused_at is None:
        ticket.sla_paused_at = now


def resume(session: Session, ticket: Ticket, now: datetime) -> None:
    """End a pause: the business time it lasted is added to every target."""
    if ticket.sla_paused_at is None:
        return
    key = (Priority(ticket.priority), ticket.category_id)
    clocks = {key: clock_for(session, *key)}  # read and parsed once for both steps
    clock = clocks[key]
    spent = business_time_between(clock.calendar if clock else None, ticket.sla_paused_at, now)
    ticket.sla_paused_seconds = (ticket.sla_paused_seconds or 0) + max(0, int(spent.total_seconds()))
    ticket.sla_paused_at = None
    apply_clocks(session, ticket, clocks)


def mark_response(ticket: Ticket, now: datetime) -> None:
    if ticket.first_responded_at is not None:
        return
    ticket.first_responded_at = now
    ticket.first_response_seconds = int((now - ticket.created_at).total_seconds())
    if ticket.response_due_at is not None and now > ticket.response_due_at:
        ticket.response_breached = True


def mark_resolution(ticket: Ticket, now: datetime) -> None:
    ticket.resolved_at = now
    ticket.resolution_seconds = int((now - ticket.created_at).total_seconds())
    if ticket.resolution_due_at is not None and now > ticket.resolution_due_at:
        ticket.resolution_breached = True


@dataclass(frozen=True)
class SlaCheckResult:
    warnings: int
    breaches: int
    ticket_ids: frozenset[int]


def check(uow: UnitOfWork, actor: Actor = SYSTEM) -> SlaCheckResult:
    """Find tickets near (warning) or past (breach) their SLA targets and notify.

    Permission: config:manage (the system actor runs it on a schedule). Flags are set with plain
    UPDATEs that do not bump the ticket version, so an agent editing the ticket is not put into a
    conflict by the watcher. Each warning and breach is notified once (outbox dedup keys).
    """
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        now = uow.now()
        active = Ticket.status.in_(ACTIVE_STATUSES) & Ticket.sla_paused_at.is_(None)
        no_response = Ticket.first_responded_at.is_(None)
        found: list[tuple[Ticket, str, str]] = []
        queries = [
            ("sla_warning", "response", active & no_response & ~Ticket.response_warned
             & (Ticket.response_warn_at <= now), {"response_warned": True}),
            ("sla_breach", "response", active & no_response & ~Ticket.response_breached
             & (Ticket.response_due_at <= now), {"response_warned": True, "response_breached": True}),
            ("sla_warning", "resolution", active & ~Ticket.resolution_warned
             & (Ticket.resolution_warn_at <= now), {"resolution_warned": True}),
            ("sla_breach", "resolution", active & ~Ticket.resolution_breached
             & (Ticket.resolution_due_at <= now),
             {"resolution_warned": True, "resolution_breached": True}),
        ]
        for kind, clock, condition, values in queries:
            tickets = list(s.scalars(select(Ticket).where(condition)))
            if not tickets:
                continue
            ids = [t.id for t in tickets]
            s.execute(update(Ticket).where(Ticket.id.in_(ids)).values(**values)
                      .execution_options(synchronize_session=False))
            found.extend((t, kind, clock) for t in tickets)
        sups = notify.supervisors(s)
        for ticket, kind, clock in found:
            due = ticket.response_due_at if clock == "response" else ticket.resolution_due_at
            recipients: list[User] = list(sups)
            if ticket.assignee is not None and ticket.assignee not in recipients:
                recipients.insert(0, ticket.assignee)
            for user in recipients:
                notify.enqueue(s, now, kind, ticket, user,
                               {"clock": clock, "due_at": due.isoformat() if due else None,
                                "priority": str(ticket.priority)},
                               channels=(notify.APP, notify.EMAIL),
                               dedup_key=f"{kind}:{clock}:{ticket.id}")
        uow.commit()
        return SlaCheckResult(
            warnings=sum(1 for _t, k, _c in found if k == "sla_warning"),
            breaches=sum(1 for _t, k, _c in found if k == "sla_breach"),
            ticket_ids=frozenset(t.id for t, _k, _c in found),
        )


def near_breach_condition(now: datetime):  # type: ignore[no-untyped-def]
    """SQL condition for the 'near or over SLA' queue view."""
    return (
        Ticket.status.in_(ACTIVE_STATUSES)
        & or_(
            (Ticket.first_responded_at.is_(None) & (Ticket.response_warn_at <= now)),
            Ticket.resolution_warn_at <= now,
        )
    )
