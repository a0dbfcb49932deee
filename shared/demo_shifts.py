"""The demo desk's rosters: day shifts for the service desk and the technicians, a late shift that
covers the evening and Saturday, and one agent's leave next week — so the workload view and
auto-assignment show shifts at work. Added after the demo's history, which was worked without them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.services import roster, users

JAKARTA = ZoneInfo("Asia/Jakarta")
ROSTER = (  # team, agent, days, from, to
    ("Service Desk", "agent1", "mon-fri", "08:00", "17:00"),
    ("Service Desk", "agent2", "mon-fri", "08:00", "17:00"),
    ("Service Desk", "agent3", "mon-sat", "13:00", "22:00"),
    ("Desktop Support", "tech1", "mon-fri", "08:00", "17:00"),
    ("Desktop Support", "tech2", "tue-sat", "09:00", "18:00"),
    ("Infrastructure", "eng1", "mon-fri", "09:00", "18:00"),
)


def load_shifts(db: Database, supervisor: Actor, staff: dict[str, Actor], now: datetime) -> None:
    def user_id(name: str) -> int:
        actor_id = staff[name].id
        assert actor_id is not None  # demo staff are accounts, never the system
        return actor_id

    for team, agent, days, start, end in ROSTER:
        roster.add_shifts(db.uow(), supervisor, team_id=users.team_by_name(db.uow(), team), user_id=user_id(agent),
                          weekdays=roster.parse_weekdays(days), start=start, end=end)
    local = (now + timedelta(days=7)).astimezone(JAKARTA)
    leave_from = datetime.combine(local.date(), time(0), tzinfo=JAKARTA)
    roster.add_exception(db.uow(), supervisor, kind="leave", user_id=user_id("agent2"),
                         starts_at=leave_from, ends_at=leave_from + timedelta(days=3), note="Cuti tahunan")
    roster.set_capacity(db.uow(), supervisor, user_id("agent3"), 15)
