"""Shifts and workload: auto-assignment gives work only to agents on shift and below capacity, leave
and holidays take agents off, cover puts them on, and a supervisor sees each agent's load."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models import AuditLog
from shared.models.enums import Role, ShiftExceptionKind
from shared.services import roster, workflow, workload
from tests import factories as f
from tests.conftest import FakeClock

DESK = "Service Desk"


def day_shift(db: Database, boss, agent, days: str = "mon-fri") -> None:  # type: ignore[no-untyped-def]
    roster.add_shifts(db.uow(), boss, team_id=f.team_id(db, DESK), user_id=agent.id,
                      weekdays=roster.parse_weekdays(days), start="08:00", end="17:00")


def test_weekdays_are_read_like_people_write_them() -> None:
    assert roster.parse_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert roster.parse_weekdays("sat, sun") == [5, 6]
    assert roster.parse_weekdays("fri-mon") == [0, 4, 5, 6]
    with pytest.raises(ValidationFailed, match="weekdays"):
        roster.parse_weekdays("someday")


def test_weekdays_are_written_back_the_way_they_are_read() -> None:
    for text in ("mon-fri", "sat-sun", "mon,wed", "mon-wed,fri", "sun"):
        assert roster.format_weekdays(roster.parse_weekdays(text)) == text


def test_the_roster_editor_removes_one_row_and_withdraws_leave(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=(DESK,))
    agent = f.agent(db, name="dewi")
    day_shift(db, boss, agent)
    weekend = roster.add_shifts(db.uow(), boss, team_id=f.team_id(db, DESK), user_id=agent.id,
                                weekdays=[5], start="09:00", end="13:00")
    desk = next(t for t in roster.teams_for_roster(db.uow(), boss) if t.name == DESK)
    assert [a.username for a in desk.agents if a.username == "dewi"] == ["dewi"]
    assert roster.remove_shift_ids(db.uow(), boss, [s.id for s in weekend]) == 1
    assert sorted({s.weekday for s in roster.roster(db.uow(), boss) if s.user_id == agent.id}) == [0, 1, 2, 3, 4]

    now = clock()
    leave = roster.add_exception(db.uow(), agent, kind="leave", user_id=agent.id, starts_at=now,
                                 ends_at=now + timedelta(days=2), note="Cuti")
    with pytest.raises(PermissionDenied):  # someone else's leave is the supervisor's to withdraw
        roster.cancel_exception(db.uow(), f.agent(db, name="rizky"), leave.id)
    roster.cancel_exception(db.uow(), agent, leave.id)  # one's own: allowed
    assert roster.upcoming_exceptions(db.uow(), boss) == []
    with db.uow() as uow:
        actions = set(uow.session.scalars(select(AuditLog.action).where(AuditLog.action.like("shift.%"))))
    assert {"shift.add", "shift.remove", "shift.leave", "shift.cancel"} <= actions
    with pytest.raises(PermissionDenied):
        roster.teams_for_roster(db.uow(), agent)


def test_new_tickets_go_to_whoever_is_on_shift(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=(DESK,))
    day = f.agent(db, name="dewi")  # clock: Monday 09:00 in Jakarta
    night = f.agent(db, name="rizky")
    day_shift(db, boss, day)
    roster.add_shifts(db.uow(), boss, team_id=f.team_id(db, DESK), user_id=night.id,
                      weekdays=roster.parse_weekdays("mon-sun"), start="17:00", end="08:00")
    requester = f.user(db)
    assert f.ticket(db, requester).assignee.id == day.id  # type: ignore[union-attr]
    assert f.ticket(db, requester).assignee.id == day.id  # type: ignore[union-attr]  # rizky is off now
    clock.advance(hours=10)  # 19:00
    assert f.ticket(db, requester).assignee.id == night.id  # type: ignore[union-attr]
    clock.advance(days=5)  # Saturday evening: dewi has no shift, rizky does
    assert f.ticket(db, requester).assignee.id == night.id  # type: ignore[union-attr]


def test_leave_holidays_and_cover(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=(DESK,))
    dewi = f.agent(db, name="dewi")
    day_shift(db, boss, dewi)
    requester = f.user(db)
    roster.add_exception(db.uow(), dewi, kind="leave", user_id=dewi.id, starts_at=clock.now,
                         ends_at=clock.now + timedelta(days=1), note="Doctor")  # her own leave
    assert f.ticket(db, requester).assignee is None  # nobody on shift: unassigned, never to someone away
    clock.advance(days=1)
    assert f.ticket(db, requester).assignee.id == dewi.id  # type: ignore[union-attr]
    roster.add_exception(db.uow(), boss, kind=ShiftExceptionKind.HOLIDAY, team_id=f.team_id(db, DESK),
                         starts_at=clock.now, ends_at=clock.now + timedelta(hours=24), note="Nyepi")
    assert f.ticket(db, requester).assignee is None
    clock.advance(hours=12)  # 21:00, off shift; she covers tonight
    roster.add_exception(db.uow(), dewi, kind="cover", user_id=dewi.id, starts_at=clock.now,
                         ends_at=clock.now + timedelta(hours=2))
    assert f.ticket(db, requester).assignee is None  # the holiday still runs until 09:00
    clock.advance(hours=13)  # Thursday 10:00
    assert f.ticket(db, requester).assignee.id == dewi.id  # type: ignore[union-attr]
    with db.uow() as uow:
        actions = uow.session.scalars(select(AuditLog.action).where(AuditLog.action.like("shift.%"))).all()
    assert sorted(actions) == ["shift.add", "shift.cover", "shift.holiday", "shift.leave"]
    with pytest.raises(PermissionDenied):  # agents record their own leave, not holidays
        roster.add_exception(db.uow(), dewi, kind="holiday", starts_at=clock.now, ends_at=clock.now + timedelta(1))
    with pytest.raises(PermissionDenied):  # nor someone else's leave
        roster.add_exception(db.uow(), dewi, kind="leave", user_id=boss.id, starts_at=clock.now,
                             ends_at=clock.now + timedelta(1))
    with pytest.raises(ValidationFailed, match="after the start"):
        roster.add_exception(db.uow(), boss, kind="leave", user_id=dewi.id, starts_at=clock.now, ends_at=clock.now)


def test_capacity_sends_work_to_the_next_agent(db: Database) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=(DESK,))
    dewi, rizky = f.agent(db, name="dewi"), f.agent(db, name="rizky")
    roster.set_capacity(db.uow(), boss, dewi.id, 1)
    roster.set_capacity(db.uow(), boss, rizky.id, 1)
    requester = f.user(db)
    first, second, third = (f.ticket(db, requester) for _ in range(3))
    assert {first.assignee.id, second.assignee.id} == {dewi.id, rizky.id}  # type: ignore[union-attr]
    assert third.assignee is None  # everyone is full: it waits in Unassigned
    with pytest.raises(ValidationFailed):
        roster.set_capacity(db.uow(), boss, dewi.id, 0)
    with pytest.raises(PermissionDenied):
        roster.set_capacity(db.uow(), dewi, dewi.id, None)


def test_a_shift_needs_a_team_member_and_real_times(db: Database) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=(DESK,))
    outsider = f.agent(db, tier=2)  # in Desktop Support, not the Service Desk
    team = f.team_id(db, DESK)
    with pytest.raises(ValidationFailed, match="not a member"):
        roster.add_shifts(db.uow(), boss, team_id=team, user_id=outsider.id, weekdays=[0], start="08:00", end="17:00")
    with pytest.raises(ValidationFailed, match="time of day"):
        roster.add_shifts(db.uow(), boss, team_id=team, user_id=boss.id, weekdays=[0], start="8am", end="17:00")
    with pytest.raises(ValidationFailed, match="time zone"):
        roster.add_shifts(db.uow(), boss, team_id=team, user_id=boss.id, weekdays=[0], start="08:00", end="17:00",
                          timezone="Mars/Olympus")
    shown = roster.add_shifts(db.uow(), boss, team_id=team, user_id=boss.id, weekdays=[5, 6], start="22:00",
                              end="06:00")
    assert [(s.weekday, s.start, s.end) for s in shown] == [(5, "22:00", "06:00"), (6, "22:00", "06:00")]
    assert len(roster.roster(db.uow(), boss, team_id=team)) == 2
    assert roster.remove_shifts(db.uow(), boss, user_id=boss.id) == 2 and roster.roster(db.uow(), boss) == []


def test_workload_shows_open_due_soon_overdue_and_shift(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=(DESK,))
    dewi, rizky = f.agent(db, name="dewi", full_name="Dewi Lestari"), f.agent(db, name="rizky")
    day_shift(db, boss, rizky, "sat-sun")  # off today (Monday)
    requester = f.user(db)
    urgent = f.ticket(db, requester, impact="high", urgency="high")  # P1: 30 minutes to respond
    normal = f.ticket(db, requester)
    pending = f.ticket(db, requester, impact="high", urgency="high")
    workflow.change_status(db.uow(), dewi, pending.id, "pending_user", reason="Waiting for the log file")
    assert {urgent.assignee.id, normal.assignee.id, pending.assignee.id} == {dewi.id}  # type: ignore[union-attr]
    clock.advance(minutes=20)
    rows = {r.name: r for r in workload.workload(db.uow(), boss)}
    assert (rows["Dewi Lestari"].open, rows["Dewi Lestari"].due_soon, rows["Dewi Lestari"].overdue) == (3, 1, 0)
    assert rows["Dewi Lestari"].on_shift and not rows["Rizky"].on_shift and rows["Rizky"].open == 0
    clock.advance(minutes=20)  # the P1's response target has passed; the paused one does not count
    rows = {r.name: r for r in workload.workload(db.uow(), boss)}
    assert (rows["Dewi Lestari"].due_soon, rows["Dewi Lestari"].overdue) == (0, 1)
    assert workload.workload(db.uow(), boss)[0].name == "Dewi Lestari"  # the most overdue first
    with pytest.raises(PermissionDenied):
        workload.workload(db.uow(), dewi)
