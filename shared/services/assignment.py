"""Who gets a ticket: the least-loaded on-duty agent of the right team and tier who is on shift now
and below their capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Select, String, Table, bindparam, func, literal_column, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.selectable import ExecutableReturnsRows

from shared.models import Team, Ticket, User, team_members
from shared.models.enums import ACTIVE_STATUSES, Role
from shared.services._common import PERSON_COLUMNS, Person, loaded_user
from shared.services.queue import ACTIVE_SQL
from shared.services.roster import on_leave, on_shift_now

if TYPE_CHECKING:
    from shared.services.reference import Roster

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_USERS: Table = User.__table__  # type: ignore[assignment]

TIER_ROLES = {1: Role.L1_AGENT, 2: Role.L2_TECHNICIAN, 3: Role.L3_ENGINEER}


# The definition the triggers of migration 0023 keep: the backfill and the repair recount with it.
RECOUNT_SQL = ("UPDATE users SET open_tickets = (SELECT count(*) FROM tickets WHERE tickets.assignee_id = users.id "
               f"AND {ACTIVE_SQL})")


@dataclass(slots=True)
class Candidate:
    """An agent who could get a ticket, as the pick needs them: columns, not a loaded User."""
    id: int
    full_name: str
    capacity: int | None
    load: int  # active tickets assigned: users.open_tickets, plus this transaction's picks
    last_assigned_at: datetime | None


_CANDIDATES: dict[Role, Select[tuple[int, str, int | None, int, datetime | None]]] = {}


def _candidates_statement(role: Role) -> Select[tuple[int, str, int | None, int, datetime | None]]:
    """Built once per role: it runs for every new ticket, and building it cost more than running
    it. Core columns, run on the connection: the ORM's execution of a column select costs more
    Python. The role is written into the SQL (one of three agent roles), not bound: with a bound
    role PostgreSQL's plan for any role (estimated at a sixth of all users) looked dearer than a
    plan for the role given, so it planned the statement again at every run (~0.1-0.2 ms of the
    server's time per ticket, pg_stat_statements' `plans` = `calls`); with the role in the text
    each role's prepared statement keeps one plan."""
    found = _CANDIDATES.get(role)
    if found is None:
        u = _USERS.c
        found = _CANDIDATES[role] = (
            select(u.id, u.full_name, u.capacity, u.open_tickets, u.last_assigned_at)
            .join(team_members, team_members.c.user_id == u.id)
            .where(team_members.c.team_id == bindparam("team_id"), u.active.is_(True), u.on_duty.is_(True),
                   u.role == literal_column(f"'{Role(role).value}'", String))
            .order_by(u.id))
    return found


def _candidates(session: Session, team_id: int, role: Role) -> list[Candidate]:
    # The load is the stored count (migration 0023's triggers keep it exact at every commit), not a
    # count of each candidate's backlog; the rows are plain columns: only the picked agent is read.
    return [Candidate(*row) for row in session.connection().execute(
        _candidates_statement(role), {"team_id": team_id}).all()]


def least_loaded_agent(session: Session, team_id: int | None, tier: int, now: datetime) -> User | None:
    """On duty, active, in the team, working at `tier` (or the next tier up when nobody is), on shift
    at `now` (agents without a roster count as on shift) and below their capacity.

    Load is the number of active tickets assigned; ties go to whoever was assigned longest ago,
    so work is shared round-robin among equals.
    """
    picked = AgentPicker(session, now).pick(team_id, tier, None)
    return session.get(User, picked.id) if picked is not None else None


class AgentPicker:
    """`least_loaded_agent` for the tickets of one transaction: each team and tier's candidates are
    read once with their loads, and the loads and last-assigned times are kept current in memory
    as tickets are handed out, so a batch spreads over the team as single creates would."""

    def __init__(self, session: Session, now: datetime, roster: Roster | None = None, *,
                 exclude: frozenset[int] = frozenset(), any_shift: bool = False) -> None:
        self.session = session
        self.now = now
        self.roster = roster  # the roster cached at this transaction's reference stamp, if any
        self.exclude = exclude  # never picked (an agent whose tickets are being handed over)
        self.any_shift = any_shift  # on shift or not, but not on leave (a hand-over's tickets, not a new one's)
        self._pools: dict[tuple[int, Role], list[Candidate]] = {}
        self._picked: set[int] = set()

    def _pool(self, team_id: int, role: Role) -> list[Candidate]:
        if (team_id, role) not in self._pools:
            candidates = [c for c in _candidates(self.session, team_id, role) if c.id not in self.exclude]
            ids = [c.id for c in candidates]
            if self.any_shift:  # off shift is fine, away on leave is not: they would not see the tickets
                working = set(ids) - on_leave(self.session, ids, self.now)
            elif self.roster is not None:
                working = self.roster.on_shift(ids, self.now)
            else:
                working = on_shift_now(self.session, ids, self.now)
            self._pools[team_id, role] = [c for c in candidates if c.id in working]
        return self._pools[team_id, role]

    def pick(self, team_id: int | None, tier: int, now: datetime | None) -> Candidate | None:
        """The agent for one more ticket; with `now`, counted as assigned to them at `now` (and
        `claim` then stamps them and loads them)."""
        if team_id is None or tier not in TIER_ROLES:
            return None
        for role_tier in range(tier, 4):
            pool = [c for c in self._pool(team_id, TIER_ROLES[role_tier])
                    if c.capacity is None or c.load < c.capacity]
            if not pool:
                continue
            best = min(pool, key=lambda c: (c.load, c.last_assigned_at is not None,
                                            c.last_assigned_at or _EPOCH, c.id))
            if now is not None:
                best.load += 1
                best.last_assigned_at = now
                self._picked.add(best.id)
            return best
        return None

    def claim(self, now: datetime) -> dict[int, User | Person]:
        """Stamp the agents picked since the last claim as assigned at `now` and return them: one
        UPDATE … RETURNING for them all (the same instant for each), which also reads what a new
        ticket needs of them (a Person; the session's own User, given the stamp, when it holds
        one). Their rows are locked in ascending id order on PostgreSQL, before the tickets'
        triggers touch them."""
        if not self._picked:
            return {}
        ids, self._picked = sorted(self._picked), set()
        stamped: dict[int, User | Person] = {}
        conn = self.session.connection()
        rows = conn.execute(_stamp_statement(False), {"user_id": ids[0], "now": now}) if len(ids) == 1 \
            else conn.execute(_stamp_statement(True), {"ids": ids, "now": now})
        for row in rows.all():
            user = loaded_user(self.session, row[0])
            if user is None:
                stamped[row[0]] = Person(*row)
            else:  # one already in the session keeps its loaded state: give it the stamp
                set_committed_value(user, "last_assigned_at", now)
                stamped[row[0]] = user
        return stamped


_STAMP: dict[bool, ExecutableReturnsRows] = {}


def _stamp_statement(many: bool) -> ExecutableReturnsRows:
    """A Core UPDATE … RETURNING a Person's columns: the ORM's own bulk UPDATE (with its session
    synchronisation), or loading every column as Users, cost more Python than the candidates' whole
    pick. One agent (a single ticket's) is matched without an expanding IN, which renders at each run."""
    if many not in _STAMP:
        _STAMP[many] = update(_USERS).where(_USERS.c.id.in_(bindparam("ids", expanding=True)) if many
                                            else _USERS.c.id == bindparam("user_id")) \
            .values(last_assigned_at=bindparam("now")).returning(*PERSON_COLUMNS)
    return _STAMP[many]


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


def rebuild_open_tickets(conn: Connection) -> None:
    """Recount every user's `open_tickets` from the tickets (a repair; the triggers keep it otherwise)."""
    conn.execute(text(RECOUNT_SQL))
