"""Service-desk KPIs over a date range, read from the report aggregates (models/reports.py)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models import Category, Ticket
from shared.models.reports import CATEGORY, RESOLUTION, RESPONSE, ReportOpen
from shared.services import report_ranges as ranges
from shared.services.queue import ACTIVE_SQL
from shared.services.report_sql import COUNTERS, DAY_S, QUARTER_S, epoch_div
from shared.services.uow import UnitOfWork

AGE_BUCKETS = ((timedelta(days=1), "< 1d"), (timedelta(days=3), "1–3d"), (timedelta(days=7), "3–7d"),
               (timedelta(days=30), "7–30d"), (None, "> 30d"))


@dataclass(frozen=True)
class CategoryTrend:
    category: str
    count: int
    previous: int  # the same-length period just before

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class Report:
    start: datetime
    end: datetime
    created: int
    resolved: int
    open_backlog: int
    fcr_rate: float | None  # share of resolved tickets solved at first contact
    first_response_mean_s: float | None
    first_response_median_s: float | None
    resolution_mean_s: float | None
    resolution_median_s: float | None
    sla_compliance: float | None  # share of resolved tickets with an SLA that met both targets
    csat_average: float | None
    csat_responses: int
    per_day: tuple[tuple[date, int], ...]
    per_week: tuple[tuple[date, int], ...]  # Monday of the ISO week
    backlog_by_age: tuple[tuple[str, int], ...]
    backlog_by_tier: tuple[tuple[int, int], ...]
    top_categories: tuple[CategoryTrend, ...]


# Quarter-hour buckets: every real UTC offset, and every DST switch, falls on a quarter hour, so
# counting per bucket and turning buckets into local days is exact in any zone.
BUCKET_S = QUARTER_S


def _bucket(session: Session, column: Any) -> Any:
    return epoch_div(session.get_bind().dialect.name, column, BUCKET_S)


def _mean_median(session: Session, column: Any, where: Any) -> tuple[float | None, float | None]:
    """Mean and median of a column, computed in the database (the median like statistics.median)."""
    if session.get_bind().dialect.name == "postgresql":
        mean, median = session.execute(select(
            func.avg(column), func.percentile_cont(0.5).within_group(column)).where(where)).one()
        return (float(mean) if mean is not None else None, float(median) if median is not None else None)
    n, mean = session.execute(select(func.count(column), func.avg(column)).where(where)).one()
    if not n:
        return None, None
    middle = list(session.scalars(select(column).where(where).order_by(column)
                                  .offset((n - 1) // 2).limit(2 - n % 2)))
    return float(mean), float(statistics.fmean(middle))


def _backlog(s: Session, now: datetime) -> tuple[Counter[int], Counter[str]]:
    """The open backlog now, by tier and by age, from the open-ticket counters per tier and UTC
    creation day: each age boundary adds the open tickets of its own partial day, read through
    the active-status index (a day of open tickets at most)."""
    tiers: Counter[int] = Counter({int(t): int(n) for t, n in s.execute(
        select(ReportOpen.tier, func.sum(ReportOpen.n)).group_by(ReportOpen.tier)) if n})
    newer = []  # open tickets created after each boundary, youngest bucket first
    for limit, _name in AGE_BUCKETS:
        if limit is None:
            continue
        boundary = now - limit
        day = int(boundary.timestamp()) // DAY_S
        day_end = datetime.fromtimestamp((day + 1) * DAY_S, UTC)
        whole = s.execute(select(func.sum(ReportOpen.n)).where(ReportOpen.day > day)).scalar_one()
        partial = s.execute(select(func.count()).select_from(Ticket).where(
            text(ACTIVE_SQL), Ticket.created_at > boundary, Ticket.created_at < day_end)).scalar_one()
        newer.append(int(whole or 0) + int(partial))
    total = sum(tiers.values())
    ages: Counter[str] = Counter()
    for i, (_limit, name) in enumerate(AGE_BUCKETS):
        upto = newer[i] if i < len(newer) else total
        ages[name] = upto - (newer[i - 1] if i else 0)
    return tiers, ages


def report(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime, *, timezone: str | None = None,
           top: int = 5) -> Report:
    """KPIs for tickets created / resolved in [start, end). Permission: report:view.

    First contact resolution: resolved, never reopened, at most one agent reply, never escalated
    beyond L1. SLA compliance: resolved tickets that had targets and breached neither.
    Days and weeks are counted in `timezone` (default: the actor's).
    Every figure of the period is read from the report aggregates (migration 0012), so the cost
    does not grow with the range; the open backlog is counted through the active-status indexes.
    """
    require(actor, Permission.REPORT_VIEW)
    if end <= start:
        raise ValidationFailed(_("The end of the period must be after its start."), field="to")
    tz = ZoneInfo(timezone or actor.timezone or "UTC")
    with uow:
        s = uow.session
        # Every ticket (and CSAT answer) counts under exactly one category key ("" for none), so
        # the desk's totals are the sum of the per-category ones: one read serves both.
        per_category = ranges.totals(s, CATEGORY, start, end)
        period = {name: sum(row[name] for row in per_category.values()) for name in COUNTERS}
        response_median = ranges.median(s, RESPONSE, start, end)
        resolution_median = ranges.median(s, RESOLUTION, start, end)
        days = ranges.created_per_day(s, start, end, tz)

        tiers, ages = _backlog(s, uow.now())

        length = end - start
        paths = {c.id: c.path for c in s.scalars(select(Category))}

        def by_category(rows: dict[str, ranges.Totals]) -> dict[str, int]:
            return {paths.get(int(key), "") if key else _("Uncategorised"): row["created"]
                    for key, row in rows.items() if row["created"]}
        current = by_category(per_category)
        previous = by_category(ranges.totals(s, CATEGORY, start - length, start))
        top_rows = sorted(current.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

    first_day, last_day = start.astimezone(tz).date(), (end - timedelta(microseconds=1)).astimezone(tz).date()
    per_day = []
    d = first_day
    while d <= last_day:
        per_day.append((d, days.get(d, 0)))
        d += timedelta(days=1)
    weeks: Counter[date] = Counter()
    for day, n in per_day:
        weeks[day - timedelta(days=day.weekday())] += n
    n_resolved, n_with_sla = period["resolved"], period["sla_with"]

    def mean(total: str, n: str) -> float | None:
        return period[total] / period[n] if period[n] else None

    return Report(
        start=start, end=end, created=period["created"], resolved=n_resolved,
        open_backlog=sum(tiers.values()),
        fcr_rate=period["fcr"] / n_resolved if n_resolved else None,
        first_response_mean_s=mean("response_sum", "response_n"), first_response_median_s=response_median,
        resolution_mean_s=mean("resolution_sum", "resolution_n"), resolution_median_s=resolution_median,
        sla_compliance=period["sla_met"] / n_with_sla if n_with_sla else None,
        csat_average=mean("csat_sum", "csat_n"), csat_responses=period["csat_n"],
        per_day=tuple(per_day), per_week=tuple(sorted(weeks.items())),
        backlog_by_age=tuple((name, ages.get(name, 0)) for _l, name in AGE_BUCKETS),
        backlog_by_tier=tuple(sorted(tiers.items())),
        top_categories=tuple(CategoryTrend(name, n, previous.get(name, 0)) for name, n in top_rows),
    )
