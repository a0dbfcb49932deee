"""SLA policies, one per priority: response and resolution targets in business minutes, the
warning threshold, and the business calendar the clock runs on (none: around the clock).

A policy applies to tickets created (or resumed from a pause) after the change; tickets already
running keep the targets they were given, so a change never moves a deadline an agent has seen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import BusinessCalendar, SlaPolicy
from shared.models.enums import Priority
from shared.services import catalog
from shared.services.admin.audit import diff, record
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class PolicyRow:
    priority: Priority
    response_minutes: int
    resolution_minutes: int
    warn_percent: int
    calendar_id: int | None
    calendar: str | None  # None: 24x7


def _priority(value: Priority | str) -> Priority:
    try:
        return Priority(str(value).strip().upper())
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a priority: use P1, P2, P3 or P4.").format(value=value),
                               field="priority") from None


def list_policies(uow: UnitOfWork, actor: Actor) -> list[PolicyRow]:
    """P1 to P4 (those that have a policy). Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        names = {c.id: c.name for c in s.scalars(select(BusinessCalendar))}
        return [PolicyRow(Priority(p.priority), p.response_minutes, p.resolution_minutes, p.warn_percent,
                          p.calendar_id, names.get(p.calendar_id) if p.calendar_id else None)
                for p in s.scalars(select(SlaPolicy).order_by(SlaPolicy.priority))]


def set_policy(uow: UnitOfWork, actor: Actor, priority: Priority | str, *, response_minutes: int | None = None,
               resolution_minutes: int | None = None, warn_percent: int | None = None,
               calendar: str | None = None) -> PolicyRow:
    """Create or change the policy of a priority; None keeps a value, `calendar=""` makes the
    clock run around the clock. Permission: config:manage. Raises ValidationFailed (targets not
    positive, resolution shorter than response, threshold outside 1–99) and NotFound (calendar).
    Audited as sla.edit with before and after."""
    require(actor, Permission.CONFIG_MANAGE)
    prio = _priority(priority)
    with uow:
        s = uow.session
        policy = s.scalar(select(SlaPolicy).where(SlaPolicy.priority == prio))
        before = {} if policy is None else {
            "response_minutes": policy.response_minutes, "resolution_minutes": policy.resolution_minutes,
            "warn_percent": policy.warn_percent, "calendar_id": policy.calendar_id}
        response = response_minutes if response_minutes is not None else before.get("response_minutes")
        resolution = resolution_minutes if resolution_minutes is not None else before.get("resolution_minutes")
        if response is None or resolution is None:
            raise ValidationFailed(_("A new policy needs response and resolution targets."),
                                   field="response_minutes")
        calendar_id = before.get("calendar_id")
        if calendar is not None:
            calendar_id = None
            if calendar.strip():
                calendar_id = s.scalar(select(BusinessCalendar.id).where(BusinessCalendar.name == calendar.strip()))
                if calendar_id is None:
                    raise NotFound(_("Unknown calendar '{name}'.").format(name=calendar))
        warn = int(warn_percent if warn_percent is not None else before.get("warn_percent") or 80)
        catalog.set_policy(uow, actor, prio, response_minutes=int(response), resolution_minutes=int(resolution),
                           calendar_id=calendar_id, warn_percent=warn)
        s.flush()
        after = {"response_minutes": int(response), "resolution_minutes": int(resolution), "warn_percent": warn,
                 "calendar_id": calendar_id}
        old, new = diff(before, after)
        policy = s.scalar(select(SlaPolicy).where(SlaPolicy.priority == prio))
        if policy is None:
            raise NotFound(prio.value)  # cannot happen: set_policy just wrote it
        if new:
            record(s, actor, uow.now(), "sla.edit", "sla_policy", policy.id, priority=prio.value,
                   before=old or None, after=new)
        uow.commit()
    return next(p for p in list_policies(uow, actor) if p.priority == prio)
