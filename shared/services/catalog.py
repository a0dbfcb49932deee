"""Set-up an admin maintains: categories, classification rules, SLA policies, business calendars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import BusinessCalendar, Category, ClassificationRule, Holiday, SlaPolicy
from shared.models.enums import Level, Priority
from shared.rules.business_hours import Calendar
from shared.services._common import clean_text
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class CategoryView:
    id: int
    name: str
    parent_id: int | None
    path: str
    team_id: int | None
    active: bool = True  # False when it or its parent is disabled


def create_category(uow: UnitOfWork, actor: Actor, name: str, *, parent_id: int | None = None,
                    team_id: int | None = None) -> int:
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        if parent_id is not None and s.get(Category, parent_id) is None:
            raise NotFound(_("No category with id {id}.").format(id=parent_id))
        name = clean_text(name, "name", max_len=80)
        if s.scalar(select(Category.id).where(Category.name == name, Category.parent_id.is_(parent_id)
                                              if parent_id is None else Category.parent_id == parent_id)):
            raise ValidationFailed(_("The category '{name}' exists already.").format(name=name), field="name")
        category = Category(name=name, parent_id=parent_id, team_id=team_id)
        s.add(category)
        s.flush()  # the id, also when a caller's transaction commits later
        uow.commit()
        return category.id


def list_categories(uow: UnitOfWork, *, active_only: bool = False) -> list[CategoryView]:
    """By path. `active_only` for the pickers of new tickets: disabled categories stay readable
    on the tickets that have them."""
    with uow:
        cats = list(uow.session.scalars(select(Category)))
        views = [CategoryView(c.id, c.name, c.parent_id, c.path, c.team_id,
                              bool(c.active) and (c.parent is None or bool(c.parent.active))) for c in cats]
        return sorted((v for v in views if v.active or not active_only), key=lambda v: v.path.lower())


def add_rule(uow: UnitOfWork, actor: Actor, *, keywords: Sequence[str] | str, category_id: int,
             team_id: int | None = None, impact: Level | None = None, urgency: Level | None = None,
             position: int = 100) -> int:
    require(actor, Permission.CONFIG_MANAGE)
    words = keywords.split(",") if isinstance(keywords, str) else list(keywords)
    joined = ",".join(w.strip().lower() for w in words if w.strip())
    if not joined:
        raise ValidationFailed(_("A rule needs at least one keyword."), field="keywords")
    with uow:
        if uow.session.get(Category, category_id) is None:
            raise NotFound(_("No category with id {id}.").format(id=category_id))
        rule = ClassificationRule(keywords=joined, category_id=category_id, team_id=team_id, impact=impact,
                                  urgency=urgency, position=position, active=True)
        uow.session.add(rule)
        uow.session.flush()  # the id, also when a caller's transaction commits later
        uow.commit()
        return rule.id


def set_calendar(uow: UnitOfWork, actor: Actor, name: str, timezone: str,
                 hours: Mapping[str, Sequence[Sequence[str]]], holidays: Sequence[tuple[date, str]] = ()) -> int:
    """Create or replace a business calendar. Raises ValidationFailed for bad hours or zone."""
    require(actor, Permission.CONFIG_MANAGE)
    try:
        Calendar.from_spec(timezone, hours, [d for d, _n in holidays])
    except (ValueError, KeyError) as exc:
        raise ValidationFailed(_("Invalid business hours: {error}").format(error=exc), field="hours") from None
    with uow:
        s = uow.session
        cal = s.scalar(select(BusinessCalendar).where(BusinessCalendar.name == name))
        if cal is None:
            cal = BusinessCalendar(name=name, timezone=timezone, hours={})
            s.add(cal)
        cal.timezone = timezone
        cal.hours = {str(k): [list(span) for span in v] for k, v in hours.items()}
        cal.holidays = [Holiday(day=d, name=n) for d, n in holidays]
        uow.commit()
        return cal.id


def set_policy(uow: UnitOfWork, actor: Actor, priority: Priority | str, *, response_minutes: int,
               resolution_minutes: int, calendar_id: int | None = None, warn_percent: int = 80,
               category_id: int | None = None) -> int:
    """Create or replace the SLA policy of a priority (in one category, with `category_id`).
    Targets are in business minutes."""
    require(actor, Permission.CONFIG_MANAGE)
    if response_minutes <= 0 or resolution_minutes < response_minutes:
        raise ValidationFailed(_("Targets must be positive and resolution no shorter than response."),
                               field="resolution_minutes")
    if not 1 <= warn_percent <= 99:
        raise ValidationFailed(_("The warning threshold is a percentage from 1 to 99."), field="warn_percent")
    with uow:
        s = uow.session
        prio = Priority(priority)
        if calendar_id is not None and s.get(BusinessCalendar, calendar_id) is None:
            raise NotFound(_("No calendar with id {id}.").format(id=calendar_id))
        if category_id is not None and s.get(Category, category_id) is None:
            raise NotFound(_("No category with id {id}.").format(id=category_id))
        policy = s.scalar(select(SlaPolicy).where(SlaPolicy.priority == prio, SlaPolicy.category_id.is_(None)
                                                  if category_id is None else SlaPolicy.category_id == category_id))
        if policy is None:
            policy = SlaPolicy(priority=prio, category_id=category_id)
            s.add(policy)
        policy.response_minutes = response_minutes
        policy.resolution_minutes = resolution_minutes
        policy.calendar_id = calendar_id
        policy.warn_percent = warn_percent
        uow.commit()
        return policy.id
