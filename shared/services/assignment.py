"""Who gets a ticket: the least-loaded on-duty agent of the right team and tier."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shared.models import Team, Ticket, User, team_members
from shared.models.enums import ACTIVE_STATUSES, Role
from shared.services.queue import ACTIVE_SQL

TIER_ROLES = {1: Role.L1_AGENT, 2: Role.L2_TECHNICIAN, 3: Role.L3_ENGINEER}


def least_loaded_agent(session: Session, team_id: int | None, tier: int) -> User | None:
    """On duty, active, in the team, working at `tier` (or the next tier up when nobody is).

    Load is the number of active tickets assigned; ties go to whoever was assigned longest ago,
    so work is shared round-robin among equals.
    """
    if team_id is None or tier not in TIER_ROLES:
        return None
    # Counted per candidate from the partial (assignee_id, ...) WHERE active index: a handful of
    # index ranges, not a GROUP BY over every open ticket (which grew with the backlog).
    load = (
        select(func.count()).select_from(Ticket)
        .where(Ticket.assignee_id == User.id, text(ACTIVE_SQL))
        .correlate(User).scalar_subquery()
    )
    for role_tier in range(tier, 4):
        q = (
            select(User)
            .join(team_members, team_members.c.user_id == User.id)
            .where(team_members.c.team_id == team_id, User.active.is_(True), User.on_duty.is_(True),
                   User.role == TIER_ROLES[role_tier])
            .order_by(load, User.last_assigned_at.is_not(None), User.last_assigned_at, User.id)
            .limit(1)
        )
        user = session.scalar(q)
        if user is not None:
            return user
    return None


def team_for_tier(session: Session, tier: int, preferred: int | None = None) -> Team | None:
    """The team that works at `tier`: the preferred one if it does, else the least busy such team."""
    if preferred is not None:
        team = session.get(Team, preferred)
        if team is not None and team.tier == tier:
            return team
    load = (
        select(Ticket.team_id, func.count().label("n"))
        .where(Ticket.status.in_(ACTIVE_STATUSES)).group_by(Ticket.team_id).subquery()
    )
    return session.scalar(
        select(Team).outerjoin(load, load.c.team_id == Team.id).where(Team.tier == tier)
        .order_by(func.coalesce(load.c.n, 0), Team.id).limit(1))


def note_assigned(user: User, now: datetime) -> None:
    user.last_assigned_at = now
