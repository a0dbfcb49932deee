"""A supervisor's view of the desk's workload: per agent, open tickets, those due soon and overdue,
capacity, and whether they are on shift now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, func, select

from shared.auth.permissions import Actor, Permission, require
from shared.models import Team, Ticket, User, team_members
from shared.models.enums import ACTIVE_STATUSES, Role
from shared.services.roster import on_shift_now
from shared.services.uow import UnitOfWork

STAFF_ROLES = (Role.L1_AGENT, Role.L2_TECHNICIAN, Role.L3_ENGINEER, Role.SUPERVISOR)


@dataclass(frozen=True)
class AgentLoad:
    user_id: int
    name: str
    role: Role
    teams: tuple[str, ...]
    on_duty: bool  # the manual switch
    on_shift: bool  # on duty and on shift now: gets new work
    capacity: int | None
    open: int
    due_soon: int  # the next SLA target within `soon`
    overdue: int

    @property
    def at_capacity(self) -> bool:
        return self.capacity is not None and self.open >= self.capacity


def workload(uow: UnitOfWork, actor: Actor, *, team_id: int | None = None,
             soon: timedelta = timedelta(hours=2)) -> list[AgentLoad]:
    """Every active staff member (of one team, or all), busiest first. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    with uow:
        s, now = uow.session, uow.now()
        # The next target a ticket is measured against: the response until answered, then resolution.
        due = case((and_(Ticket.first_responded_at.is_(None), Ticket.response_due_at.is_not(None)),
                    Ticket.response_due_at), else_=Ticket.resolution_due_at)
        running = Ticket.sla_paused_at.is_(None)
        counts = {row.assignee_id: row for row in s.execute(
            select(Ticket.assignee_id, func.count().label("open"),
                   func.sum(case((and_(running, due >= now, due < now + soon), 1), else_=0)).label("due_soon"),
                   func.sum(case((and_(running, due < now), 1), else_=0)).label("overdue"))
            .where(Ticket.status.in_(ACTIVE_STATUSES), Ticket.assignee_id.is_not(None))
            .group_by(Ticket.assignee_id)).all()}
        people = select(User).where(User.active.is_(True), User.role.in_(STAFF_ROLES))
        if team_id is not None:
            people = people.join(team_members, team_members.c.user_id == User.id).where(
                team_members.c.team_id == team_id)
        staff = list(s.scalars(people.order_by(User.full_name)))
        names: dict[int, list[str]] = {}
        for user_id, name in s.execute(select(team_members.c.user_id, Team.name)
                                       .join(Team, Team.id == team_members.c.team_id).order_by(Team.name)).all():
            names.setdefault(user_id, []).append(name)
        working = on_shift_now(s, [u.id for u in staff], now)
        loads = []
        for u in staff:
            c = counts.get(u.id)
            loads.append(AgentLoad(u.id, u.full_name, Role(u.role), tuple(names.get(u.id, ())), u.on_duty,
                                   u.on_duty and u.id in working, u.capacity, int(c.open) if c else 0,
                                   int(c.due_soon or 0) if c else 0, int(c.overdue or 0) if c else 0))
        return sorted(loads, key=lambda a: (-a.overdue, -a.due_soon, -a.open, a.name))
