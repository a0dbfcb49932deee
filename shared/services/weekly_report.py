"""The weekly report mailed to supervisors: last week's KPIs and each team's, queued in the outbox
by the scheduler on Monday morning (the desk's time zone), once per week and supervisor whatever
how often the job runs (the outbox's dedup key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.models import User
from shared.models.enums import OutboxChannel, Role
from shared.services import metrics, notify, trends
from shared.services.breakdown import GroupBy, breakdown
from shared.services.uow import UnitOfWork

SEND_AFTER = time(7, 0)  # Monday, in the desk's time zone
RECIPIENT_ROLES = (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class Week:
    label: str  # "2026-W49"
    start: datetime  # Monday 00:00, desk time
    end: datetime


def last_week(now: datetime, zone: str) -> Week | None:
    """The ISO week before `now`'s, once it is past Monday 07:00 in `zone`; None before that."""
    local = now.astimezone(ZoneInfo(zone))
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(0), tzinfo=ZoneInfo(zone))
    if local < monday.replace(hour=SEND_AFTER.hour, minute=SEND_AFTER.minute):
        return None
    start = monday - timedelta(days=7)
    year, week, _day = start.isocalendar()
    return Week(f"{year}-W{week:02d}", start, monday)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def queue_weekly_report(uow: UnitOfWork, actor: Actor = SYSTEM, *, zone: str = "Asia/Jakarta") -> int:
    """Queue last week's report for every active supervisor and admin with an e-mail address, once
    per week. Returns how many were queued now (0 before Monday 07:00 or when already queued).
    Permission: report:view (the scheduler runs it as the system)."""
    require(actor, Permission.REPORT_VIEW)
    week = last_week(uow.now(), zone)
    if week is None:
        return 0
    report = metrics.report(uow, actor, week.start, week.end, timezone=zone)
    teams = breakdown(uow, actor, week.start, week.end, GroupBy.TEAM)
    payload = {
        "week": week.label, "created": report.created, "resolved": report.resolved,
        "backlog": report.open_backlog, "fcr": _percent(report.fcr_rate), "sla": _percent(report.sla_compliance),
        "csat": "—" if report.csat_average is None else f"{report.csat_average:.2f} ({report.csat_responses})",
        "teams": [{"team": t.key, "resolved": t.resolved, "sla": _percent(t.sla_compliance), "backlog": t.backlog}
                  for t in teams],
    }
    found = trends.trends(uow, actor, end=week.end)
    payload["rising"] = [{"category": t.category, "last_week": t.last_week, "this_week": t.this_week}
                         for t in found.rising[:5]]
    payload["recurring"] = [{"name": r.name, "kind": r.kind, "category": r.category, "count": r.count}
                            for r in found.recurring[:5]]
    queued = 0
    with uow:
        s = uow.session
        for person in s.scalars(select(User).where(User.active.is_(True), User.role.in_(RECIPIENT_ROLES),
                                                   User.email.is_not(None)).order_by(User.id)):
            key = f"weekly_report:{week.label}"
            before = len(s.new)
            notify.enqueue(s, uow.now(), "weekly_report", None, person, payload, channels=(OutboxChannel.EMAIL,),
                           dedup_key=key)
            queued += len(s.new) - before
        uow.commit()
    return queued
