"""SLA policies: response and resolution targets in business minutes, the warning threshold, and
the business calendar the clock runs on (none: around the clock). Each priority has a general
policy; a category may have its own for some priorities (VPN outages answered faster, say), which
then governs its tickets and those of its subcategories.

A policy applies to tickets created (or resumed from a pause, or moved to another priority or
category) after the change; tickets already running keep the targets they were given, so a
change never moves a deadline an agent has seen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import BusinessCalendar, Category, SlaPolicy
from shared.models.enums import Priority
from shared.services import catalog
from shared.services.admin.audit import diff, record
from shared.services.admin.rules import _category
from shared.services.names import shown_path
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class PolicyRow:
    priority: Priority
    response_minutes: int
    resolution_minutes: int
    warn_percent: int
    calendar_id: int | None
    calendar: str | None  # None: 24x7
    category_id: int | None = None  # None: the priority's general policy
    category: str | None = None  # the category's path, in the reader's language

    @property
    def key(self) -> str:
        """Identifies the row in tables: "P2", or "P2@7" for category 7's P2 policy."""
        return str(self.priority) if self.category_id is None else f"{self.priority}@{self.category_id}"


def _priority(value: Priority | str) -> Priority:
    try:
        return Priority(str(value).strip().upper())
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a priority: use P1, P2, P3 or P4.").format(value=value),
                               field="priority") from None


def _category_id(session: Session, category: int | str | None) -> int | None:
    if category is None or (isinstance(category, str) and not category.strip()):
        return None
    return _category(session, category).id


def _find(session: Session, priority: Priority, category_id: int | None) -> SlaPolicy | None:
    return session.scalar(select(SlaPolicy).where(
        SlaPolicy.priority == priority,
        SlaPolicy.category_id.is_(None) if category_id is None else SlaPolicy.category_id == category_id))


def list_policies(uow: UnitOfWork, actor: Actor) -> list[PolicyRow]:
    """The general policies P1 to P4 (those that exist), then each category's, by category and
    priority. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        names = {c.id: c.name for c in s.scalars(select(BusinessCalendar))}
        paths = {c.id: shown_path(c.path) for c in s.scalars(select(Category))}
        rows = [PolicyRow(Priority(p.priority), p.response_minutes, p.resolution_minutes, p.warn_percent,
                          p.calendar_id, names.get(p.calendar_id) if p.calendar_id else None,
                          p.category_id, paths.get(p.category_id) if p.category_id else None)
                for p in s.scalars(select(SlaPolicy))]
        return sorted(rows, key=lambda r: (r.category is not None, (r.category or "").lower(), r.priority))


def set_policy(uow: UnitOfWork, actor: Actor, priority: Priority | str, *, response_minutes: int | None = None,
               resolution_minutes: int | None = None, warn_percent: int | None = None,
               calendar: str | None = None, category: int | str | None = None) -> PolicyRow:
    """Create or change the policy of a priority — with `category` (id, path or unique name), that
    category's own policy for it. None keeps a value; `calendar=""` makes the clock run around the
    clock. A new category policy starts from the general one's values. Permission: config:manage.
    Raises ValidationFailed (targets not positive, resolution shorter than response, threshold
    outside 1–99) and NotFound (calendar, category). Audited as sla.edit with before and after."""
    require(actor, Permission.CONFIG_MANAGE)
    prio = _priority(priority)
    with uow:
        s = uow.session
        category_id = _category_id(s, category)
        policy = _find(s, prio, category_id)
        base = policy or (_find(s, prio, None) if category_id is not None else None)
        before = {} if policy is None else {
            "response_minutes": policy.response_minutes, "resolution_minutes": policy.resolution_minutes,
            "warn_percent": policy.warn_percent, "calendar_id": policy.calendar_id}
        start = {} if base is None else {
            "response_minutes": base.response_minutes, "resolution_minutes": base.resolution_minutes,
            "warn_percent": base.warn_percent, "calendar_id": base.calendar_id}
        response = response_minutes if response_minutes is not None else start.get("response_minutes")
        resolution = resolution_minutes if resolution_minutes is not None else start.get("resolution_minutes")
        if response is None or resolution is None:
            raise ValidationFailed(_("A new policy needs response and resolution targets."),
                                   field="response_minutes")
        calendar_id = start.get("calendar_id")
        if calendar is not None:
            calendar_id = None
            if calendar.strip():
                calendar_id = s.scalar(select(BusinessCalendar.id).where(BusinessCalendar.name == calendar.strip()))
                if calendar_id is None:
                    raise NotFound(_("Unknown calendar '{name}'.").format(name=calendar))
        warn = int(warn_percent if warn_percent is not None else start.get("warn_percent") or 80)
        catalog.set_policy(uow, actor, prio, response_minutes=int(response), resolution_minutes=int(resolution),
                           calendar_id=calendar_id, warn_percent=warn, category_id=category_id)
        s.flush()
        after = {"response_minutes": int(response), "resolution_minutes": int(resolution), "warn_percent": warn,
                 "calendar_id": calendar_id}
        old, new = diff(before, after)
        policy = _find(s, prio, category_id)
        if policy is None:
            raise NotFound(prio.value)  # cannot happen: set_policy just wrote it
        if new:
            record(s, actor, uow.now(), "sla.edit", "sla_policy", policy.id, priority=prio.value,
                   category_id=category_id, before=old or None, after=new)
        uow.commit()
    return next(p for p in list_policies(uow, actor) if p.priority == prio and p.category_id == category_id)


def remove_policy(uow: UnitOfWork, actor: Actor, priority: Priority | str, *, category: int | str) -> None:
    """Remove a category's own policy for a priority: its tickets created from now on follow the
    general policy (or a parent category's). General policies are edited, not removed — every
    priority keeps a clock. Permission: config:manage. Raises NotFound. Audited as sla.remove."""
    require(actor, Permission.CONFIG_MANAGE)
    prio = _priority(priority)
    with uow:
        s = uow.session
        category_id = _category_id(s, category)
        if category_id is None:
            raise ValidationFailed(_("Name the category whose policy to remove; general policies are edited, "
                                     "not removed."), field="category")
        policy = _find(s, prio, category_id)
        if policy is None:
            raise NotFound(_("That category has no {priority} policy of its own.").format(priority=prio.value))
        record(s, actor, uow.now(), "sla.remove", "sla_policy", policy.id, priority=prio.value,
               category_id=category_id, before={"response_minutes": policy.response_minutes,
                                                 "resolution_minutes": policy.resolution_minutes,
                                                 "warn_percent": policy.warn_percent,
                                                 "calendar_id": policy.calendar_id})
        s.delete(policy)
        uow.commit()
