"""Shift calendars: agents' weekly shifts per team, leave, public holidays and cover, and each
agent's capacity. Auto-assignment gives work only to agents on shift now and below capacity; an
agent with no shift at all keeps today's behaviour (their on-duty switch alone decides).
Every change is audited."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, Shift, ShiftException, Team, User, team_members
from shared.models.enums import ShiftExceptionKind
from shared.rules.shifts import MINUTES_PER_DAY, RosterException, Slot, on_shift, parse_clock
from shared.services.uow import UnitOfWork

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class ShiftView:
    id: int
    team_id: int
    team: str
    user_id: int
    agent: str
    weekday: int
    start: str  # "08:00"
    end: str
    timezone: str


@dataclass(frozen=True)
class ExceptionView:
    id: int
    kind: ShiftExceptionKind
    user_id: int | None
    agent: str | None
    team_id: int | None
    team: str | None
    starts_at: datetime
    ends_at: datetime
    note: str


@dataclass(frozen=True)
class RosterAgent:
    """A team member as the roster editor lists them."""
    id: int
    username: str
    full_name: str
    capacity: int | None  # None: no limit
    active: bool


@dataclass(frozen=True)
class RosterTeam:
    id: int
    name: str
    agents: tuple[RosterAgent, ...]


def format_weekdays(days: Sequence[int]) -> str:
    """[0, 1, 2, 3, 4] -> "mon-fri", [5, 6] -> "sat-sun", [0, 2] -> "mon,wed" (parse_weekdays reads it back)."""
    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ",".join(WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" for r in runs)


def parse_weekdays(text: str) -> list[int]:
    """"mon-fri", "sat,sun", "mon" -> weekday numbers (0 = Monday). Raises ValidationFailed."""
    days: list[int] = []
    for part in text.lower().replace(" ", "").split(","):
        first, _sep, last = part.partition("-")
        try:
            a = WEEKDAYS.index(first[:3])
            b = WEEKDAYS.index(last[:3]) if last else a
        except ValueError:
            raise ValidationFailed(_("'{value}' is not a list of weekdays like mon-fri or sat,sun.").format(
                value=text), field="days") from None
        days += list(range(a, b + 1)) if a <= b else [*range(a, 7), *range(0, b + 1)]
    return sorted(set(days))


def _clock(text: str) -> int:
    try:
        return parse_clock(text)
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a time of day like 08:00.").format(value=text),
                               field="time") from None


def _minutes(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def _audit(uow: UnitOfWork, actor: Actor, action: str, entity: str, entity_id: int | None, **detail: object) -> None:
    uow.session.add(AuditLog(actor_id=actor.id, action=action, entity=entity, entity_id=entity_id,
                             detail=detail, created_at=uow.now()))


def _member(session: Session, team_id: int, user_id: int) -> tuple[Team, User]:
    team, user = session.get(Team, team_id), session.get(User, user_id)
    if team is None:
        raise NotFound(_("No team with id {id}.").format(id=team_id))
    if user is None:
        raise NotFound(_("No user with id {id}.").format(id=user_id))
    if user not in team.members:
        raise ValidationFailed(_("{name} is not a member of {team}.").format(name=user.full_name, team=team.name),
                               field="user")
    return team, user


def add_shifts(uow: UnitOfWork, actor: Actor, *, team_id: int, user_id: int, weekdays: Sequence[int], start: str,
               end: str, timezone: str = "Asia/Jakarta") -> list[ShiftView]:
    """Put an agent on a team's roster for `start`–`end` on each weekday (an end at or before the start
    runs past midnight). Permission: shift:manage. Raises ValidationFailed, NotFound."""
    require(actor, Permission.SHIFT_MANAGE)
    start_m, end_m = _clock(start), _clock(end)
    if start_m >= MINUTES_PER_DAY:
        raise ValidationFailed(_("A shift starts before midnight."), field="time")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(_("Unknown time zone '{tz}'.").format(tz=timezone), field="timezone") from None
    if not weekdays or any(not 0 <= d <= 6 for d in weekdays):
        raise ValidationFailed(_("Name at least one weekday."), field="days")
    with uow:
        team, user = _member(uow.session, team_id, user_id)
        rows = [Shift(team_id=team.id, user_id=user.id, weekday=d, start_minute=start_m, end_minute=end_m % 1440 or
                      MINUTES_PER_DAY, timezone=timezone) for d in sorted(set(weekdays))]
        uow.session.add_all(rows)
        uow.session.flush()
        _audit(uow, actor, "shift.add", "user", user.id, team=team.name, weekdays=sorted(set(weekdays)),
               start=_minutes(start_m), end=_minutes(end_m), timezone=timezone)
        uow.commit()
        return [_shift_view(r, team, user) for r in rows]


def remove_shifts(uow: UnitOfWork, actor: Actor, *, user_id: int, team_id: int | None = None) -> int:
    """Take an agent off the roster (of one team, or of all). Permission: shift:manage."""
    require(actor, Permission.SHIFT_MANAGE)
    with uow:
        where = [Shift.user_id == user_id] + ([Shift.team_id == team_id] if team_id is not None else [])
        removed = len(uow.session.scalars(select(Shift.id).where(*where)).all())
        uow.session.execute(delete(Shift).where(*where))
        _audit(uow, actor, "shift.remove", "user", user_id, team_id=team_id, removed=removed)
        uow.commit()
        return removed


def remove_shift_ids(uow: UnitOfWork, actor: Actor, shift_ids: Sequence[int]) -> int:
    """Remove some weekly shifts (the roster editor removes one row: an agent's hours on some days).
    Permission: shift:manage. Audited per agent as shift.remove with the days and hours removed."""
    require(actor, Permission.SHIFT_MANAGE)
    with uow:
        rows = uow.session.scalars(select(Shift).where(Shift.id.in_(list(shift_ids)))).all()
        for user_id in sorted({r.user_id for r in rows}):
            mine = [r for r in rows if r.user_id == user_id]
            _audit(uow, actor, "shift.remove", "user", user_id, team_id=mine[0].team_id,
                   weekdays=sorted(r.weekday for r in mine), start=_minutes(mine[0].start_minute),
                   end=_minutes(mine[0].end_minute % MINUTES_PER_DAY), removed=len(mine))
        uow.session.execute(delete(Shift).where(Shift.id.in_([r.id for r in rows])))
        uow.commit()
        return len(rows)


def cancel_exception(uow: UnitOfWork, actor: Actor, exception_id: int) -> None:
    """Withdraw leave, a holiday or cover (plans change). Permission: shift:manage; agents may withdraw
    their own leave and cover. Raises NotFound. Audited as shift.cancel with what was withdrawn."""
    with uow:
        row = uow.session.get(ShiftException, exception_id)
        if row is None:
            raise NotFound(_("No leave, holiday or cover with id {id}.").format(id=exception_id))
        if not (row.user_id is not None and row.user_id == actor.id and row.kind != ShiftExceptionKind.HOLIDAY):
            require(actor, Permission.SHIFT_MANAGE)
        _audit(uow, actor, "shift.cancel", "user" if row.user_id else "team", row.user_id or row.team_id,
               kind=row.kind, starts_at=row.starts_at.isoformat(), ends_at=row.ends_at.isoformat(), note=row.note)
        uow.session.delete(row)
        uow.commit()


def teams_for_roster(uow: UnitOfWork, actor: Actor) -> list[RosterTeam]:
    """Every team with its members and their capacity, for the roster editor. Permission: shift:manage."""
    require(actor, Permission.SHIFT_MANAGE)
    with uow:
        s = uow.session
        members: dict[int, list[RosterAgent]] = defaultdict(list)
        for team_id, user in s.execute(select(team_members.c.team_id, User)
                                       .join(User, User.id == team_members.c.user_id)
                                       .order_by(User.full_name, User.id)).all():
            members[team_id].append(RosterAgent(user.id, user.username, user.full_name, user.capacity, user.active))
        return [RosterTeam(t.id, t.name, tuple(members[t.id])) for t in s.scalars(select(Team).order_by(Team.name))]


def add_exception(uow: UnitOfWork, actor: Actor, *, kind: ShiftExceptionKind | str, starts_at: datetime,
                  ends_at: datetime, user_id: int | None = None, team_id: int | None = None,
                  note: str = "") -> ExceptionView:
    """Leave (an agent), a holiday (a team, or everyone when no team is named) or cover (an agent on
    duty outside their shifts). Permission: shift:manage; agents may record their own leave and cover.
    Raises ValidationFailed, NotFound."""
    try:
        kind_v = ShiftExceptionKind(kind)
    except ValueError:
        raise ValidationFailed(_("Unknown kind '{value}'; use leave, holiday or cover.").format(value=kind),
                               field="kind") from None
    if not (user_id is not None and user_id == actor.id and kind_v is not ShiftExceptionKind.HOLIDAY):
        require(actor, Permission.SHIFT_MANAGE)
    if kind_v is ShiftExceptionKind.HOLIDAY and user_id is not None:
        raise ValidationFailed(_("A holiday is for a team or for everyone, not for one agent."), field="user")
    if kind_v is not ShiftExceptionKind.HOLIDAY and user_id is None:
        raise ValidationFailed(_("Leave and cover name an agent."), field="user")
    if ends_at <= starts_at:
        raise ValidationFailed(_("The end must be after the start."), field="ends_at")
    with uow:
        user = uow.session.get(User, user_id) if user_id is not None else None
        if user_id is not None and user is None:
            raise NotFound(_("No user with id {id}.").format(id=user_id))
        if team_id is not None and uow.session.get(Team, team_id) is None:
            raise NotFound(_("No team with id {id}.").format(id=team_id))
        row = ShiftException(user_id=user_id, team_id=team_id, kind=kind_v.value, starts_at=starts_at,
                             ends_at=ends_at, note=note.strip()[:500], created_by_id=actor.id, created_at=uow.now())
        uow.session.add(row)
        uow.session.flush()
        _audit(uow, actor, f"shift.{kind_v.value}", "user" if user_id else "team", user_id or team_id,
               starts_at=starts_at.isoformat(), ends_at=ends_at.isoformat(), note=row.note)
        uow.commit()
        team = uow.session.get(Team, team_id) if team_id is not None else None
        return ExceptionView(row.id, kind_v, user_id, user.full_name if user else None, team_id,
                             team.name if team else None, starts_at, ends_at, row.note)


def set_capacity(uow: UnitOfWork, actor: Actor, user_id: int, capacity: int | None) -> None:
    """The most active tickets auto-assignment gives the agent (None: no limit). Permission: shift:manage."""
    require(actor, Permission.SHIFT_MANAGE)
    if capacity is not None and not 1 <= capacity <= 1000:
        raise ValidationFailed(_("A capacity is from 1 to 1000 tickets."), field="capacity")
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound(_("No user with id {id}.").format(id=user_id))
        _audit(uow, actor, "user.capacity", "user", user.id, before=user.capacity, after=capacity)
        user.capacity = capacity
        uow.commit()


def _shift_view(r: Shift, team: Team, user: User) -> ShiftView:
    return ShiftView(r.id, team.id, team.name, user.id, user.full_name, r.weekday, _minutes(r.start_minute),
                     _minutes(r.end_minute), r.timezone)


def roster(uow: UnitOfWork, actor: Actor, *, team_id: int | None = None) -> list[ShiftView]:
    """The weekly shifts, by team, agent and weekday. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    with uow:
        query = (select(Shift, Team, User).join(Team, Team.id == Shift.team_id).join(User, User.id == Shift.user_id)
                 .order_by(Team.name, User.full_name, Shift.weekday, Shift.start_minute))
        if team_id is not None:
            query = query.where(Shift.team_id == team_id)
        return [_shift_view(r, t, u) for r, t, u in uow.session.execute(query).all()]


def upcoming_exceptions(uow: UnitOfWork, actor: Actor) -> list[ExceptionView]:
    """Leave, holidays and cover that have not ended yet. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    with uow:
        rows = uow.session.execute(
            select(ShiftException, User.full_name, Team.name).outerjoin(User, User.id == ShiftException.user_id)
            .outerjoin(Team, Team.id == ShiftException.team_id)
            .where(ShiftException.ends_at > uow.now()).order_by(ShiftException.starts_at)).all()
        return [ExceptionView(e.id, ShiftExceptionKind(e.kind), e.user_id, name, e.team_id, team, e.starts_at,
                              e.ends_at, e.note) for e, name, team in rows]


def on_leave(session: Session, user_ids: Sequence[int], when: datetime) -> set[int]:
    """Which of `user_ids` have their own leave at `when` (a team's holiday is not anyone's leave)."""
    if not user_ids:
        return set()
    return set(session.scalars(select(ShiftException.user_id).where(
        ShiftException.kind == ShiftExceptionKind.LEAVE, ShiftException.user_id.in_(user_ids),
        ShiftException.starts_at <= when, ShiftException.ends_at > when)))


def on_shift_now(session: Session, user_ids: Sequence[int], when: datetime) -> set[int]:
    """Which of `user_ids` are on shift at `when` (two queries for any number of agents)."""
    if not user_ids:
        return set()
    slots: dict[int, list[Slot]] = defaultdict(list)
    for r in session.scalars(select(Shift).where(Shift.user_id.in_(user_ids))):
        slots[r.user_id].append(Slot(r.weekday, r.start_minute, r.end_minute, r.timezone))
    teams: dict[int, set[int]] = defaultdict(set)
    for team_id, user_id in session.execute(select(team_members.c.team_id, team_members.c.user_id)
                                            .where(team_members.c.user_id.in_(user_ids))).all():
        teams[user_id].add(team_id)
    current = session.scalars(select(ShiftException).where(
        ShiftException.starts_at <= when, ShiftException.ends_at > when,
        or_(ShiftException.user_id.in_(user_ids), ShiftException.user_id.is_(None)))).all()
    working = set()
    for user_id in user_ids:
        mine = [RosterException(ShiftExceptionKind(e.kind), e.starts_at, e.ends_at) for e in current
                if e.user_id == user_id or (e.user_id is None and (e.team_id is None or e.team_id in teams[user_id]))]
        if on_shift(slots.get(user_id, ()), mine, when):
            working.add(user_id)
    return working
