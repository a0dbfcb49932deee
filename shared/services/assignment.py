"""Who gets a ticket: the least-loaded on-duty agent of the right team and tier who is on shift now
and below their capacity."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ScalarSelect, Select, bindparam, func, select, text
from sqlalchemy.orm import Session

from shared.models import Team, Ticket, User, team_members
from shared.models.enums import ACTIVE_STATUSES, Role
from shared.services.queue import ACTIVE_SQL
from shared.services.roster import on_shift_now

if TYPE_CHECKING:
    from shared.services.reference import Roster

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

TIER_ROLES = {1: Role.L1_AGENT, 2: Role.L2_TECHNICIAN, 3: Role.L3_ENGINEER}


def _load() -> ScalarSelect[int]:
    # Counted per candidate from the partial (assignee_id, ...) WHERE active index: a handful of
    # index ranges, not a GROUP BY over every open ticket (which grew with the backlog).
    return (
        select(func.count()).select_from(Ticket)
        .where(Ticket.assignee_id == User.id, text(ACTIVE_SQL))
        .correlate(User).scalar_subquery()
    )


_CANDIDATES: list[Select[tuple[User, int]]] = []


def _candidates_statement() -> Select[tuple[User, int]]:
    """Built once: it runs for every new ticket, and building it cost more than running it."""
    if not _CANDIDATES:
        _CANDIDATES.append(
            select(User, _load().label("load"))
            .join(team_members, team_members.c.user_id == User.id)
            .where(team_members.c.team_id == bindparam("team_id"), User.active.is_(True), User.on_duty.is_(True),
                   User.role == bindparam("role"))
            .order_by(User.id))
    return _CANDIDATES[0]


def _candidates(session: Session, team_id: int, role: Role) -> list[tuple[User, int]]:
    return [(user, int(load)) for user, load in session.execute(
        _candidates_statement(), {"team_id": team_id, "role": role.value}).all()]


def least_loaded_agent(session: Session, team_id: int | None, tier: int, now: datetime) -> User | None:
    """On duty, active, in the team, working at `tier` (or the next tier up when nobody is), on shift
    at `now` (agents without a roster count as on shift) and below their capacity.

    Load is the number of active tickets assigned; ties go to whoever was assigned longest ago,
    so work is shared round-robin among equals.
    """
    return AgentPicker(session, now).pick(team_id, tier, None)


class AgentPicker:
    """`least_loaded_agent` for the tickets of one transaction: each team and tier's candidates are
    read once with their loads, and the loads and last-assigned times are kept current in memory
    as tickets are handed out, so a batch spreads over the team as single creates would."""

    def __init__(self, session: Session, now: datetime, roster: Roster | None = None) -> None:
        self.session = session
        self.now = now
        self.roster = roster  # the roster cached at this transaction's reference stamp, if any
        self._pools: dict[tuple[int, Role], list[list[Any]]] = {}  # [load, last_assigned_at, user]
        self._picked: list[User] = []

    def _pool(self, team_id: int, role: Role) -> list[list[Any]]:
        if (team_id, role) not in self._pools:
            candidates = _candidates(self.session, team_id, role)
            ids = [user.id for user, _load in candidates]
            working = self.roster.on_shift(ids, self.now) if self.roster is not None \
                else on_shift_now(self.session, ids, self.now)
            self._pools[team_id, role] = [[load, user.last_assigned_at, user]
                                          for user, load in candidates if user.id in working]
        return self._pools[team_id, role]

    def pick(self, team_id: int | None, tier: int, now: datetime | None) -> User | None:
        """The agent for one more ticket; with `now`, counted as assigned to them at `now`."""
        if team_id is None or tier not in TIER_ROLES:
            return None
        for role_tier in range(tier, 4):
            pool = [c for c in self._pool(team_id, TIER_ROLES[role_tier])
                    if c[2].capacity is None or c[0] < c[2].capacity]
            if not pool:
                continue
            best = min(pool, key=lambda c: (c[0], c[1] is not None, c[1] or _EPOCH, c[2].id))
            if now is not None:
                best[0] += 1
                best[1] = now
                self._picked.append(best[2])
            return best[2]  # type: ignore[no-any-return]
        return None

    def note_assigned(self, now: datetime) -> None:
        for user in self._picked:
            note_assigned(user, now)
        self._picked = []


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
