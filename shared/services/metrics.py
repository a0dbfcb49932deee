"""Service-desk KPIs over a date range, computed with aggregate queries in the database."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, case, func, select, text
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models import Category, CsatResponse, Ticket
from shared.services.queue import ACTIVE_SQL
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
# counting per bucket in SQL and turning buckets into local days in Python is exact in any zone.
BUCKET_S = 900


def _bucket(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.floor(func.extract("epoch", column) / BUCKET_S).cast(Integer)
    return func.cast(func.strftime("%s", column), Integer) // BUCKET_S  # integer division


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


def report(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime, *, timezone: str | None = None,
           top: int = 5) -> Report:
    """KPIs for tickets created / resolved in [start, end). Permission: report:view.

    First contact resolution: resolved, never reopened, at most one agent reply, never escalated
    beyond L1. SLA compliance: resolved tickets that had targets and breached neither.
    Days and weeks are counted in `timezone` (default: the actor's).
    Every figure is an aggregate in the database (covering indexes of migration 0002): nothing
    scales with the number of tickets in Python.
    """
    require(actor, Permission.REPORT_VIEW)
    if end <= start:
        raise ValidationFailed(_("The end of the period must be after its start."), field="to")
    tz = ZoneInfo(timezone or actor.timezone or "UTC")
    with uow:
        s = uow.session
        created_in = and_(Ticket.created_at >= start, Ticket.created_at < end)
        resolved_in = and_(Ticket.resolved_at >= start, Ticket.resolved_at < end)

        bucket = _bucket(s, Ticket.created_at).label("bucket")
        created_buckets = s.execute(select(bucket, func.count()).where(created_in).group_by(bucket)).all()
        resolved = s.execute(select(
            func.count(),
            func.sum(((Ticket.reopen_count == 0) & (Ticket.agent_replies <= 1) & (Ticket.max_tier <= 1))
                     .cast(Integer)),
            func.count(Ticket.resolution_due_at),
            func.sum((Ticket.resolution_due_at.is_not(None) & ~Ticket.resolution_breached
                      & ~Ticket.response_breached).cast(Integer)),
        ).where(resolved_in)).one()
        n_resolved, n_fcr, n_with_sla, n_met = (int(v or 0) for v in resolved)
        resolution_mean, resolution_median = _mean_median(
            s, Ticket.resolution_seconds, and_(resolved_in, Ticket.resolution_seconds.is_not(None)))
        response_mean, response_median = _mean_median(
            s, Ticket.first_response_seconds, and_(created_in, Ticket.first_response_seconds.is_not(None)))
        csat = s.execute(select(func.avg(CsatResponse.rating), func.count()).where(
            CsatResponse.submitted_at >= start, CsatResponse.submitted_at < end)).one()

        now = uow.now()
        age_bucket = case(*[(Ticket.created_at > now - limit, i) for i, (limit, _n) in enumerate(AGE_BUCKETS)
                            if limit is not None], else_=len(AGE_BUCKETS) - 1).label("age")
        open_rows = s.execute(select(Ticket.tier, age_bucket, func.count()).where(text(ACTIVE_SQL))
                              .group_by(Ticket.tier, age_bucket)).all()
        ages: Counter[str] = Counter()
        tiers: Counter[int] = Counter()
        for tier, age, n in open_rows:
            ages[AGE_BUCKETS[age][1]] += n
            tiers[tier] += n

        length = end - start
        paths = {c.id: c.path for c in s.scalars(select(Category))}

        def by_category(a: datetime, b: datetime) -> dict[str, int]:
            rows = s.execute(select(Ticket.category_id, func.count())
                             .where(Ticket.created_at >= a, Ticket.created_at < b)
                             .group_by(Ticket.category_id)).all()
            return {paths.get(cid, "") if cid else _("Uncategorised"): int(n) for cid, n in rows}
        current, previous = by_category(start, end), by_category(start - length, start)
        top_rows = sorted(current.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

    days: Counter[date] = Counter()
    for b, n in created_buckets:
        days[datetime.fromtimestamp(int(b) * BUCKET_S, UTC).astimezone(tz).date()] += n
    first_day, last_day = start.astimezone(tz).date(), (end - timedelta(microseconds=1)).astimezone(tz).date()
    per_day = []
    d = first_day
    while d <= last_day:
        per_day.append((d, days.get(d, 0)))
        d += timedelta(days=1)
    weeks: Counter[date] = Counter()
    for day, n in per_day:
        weeks[day - timedelta(days=day.weekday())] += n

    return Report(
        start=start, end=end, created=sum(days.values()), resolved=n_resolved,
        open_backlog=sum(tiers.values()),
        fcr_rate=n_fcr / n_resolved if n_resolved else None,
        first_response_mean_s=response_mean, first_response_median_s=response_median,
        resolution_mean_s=resolution_mean, resolution_median_s=resolution_median,
        sla_compliance=n_met / n_with_sla if n_with_sla else None,
        csat_average=float(csat[0]) if csat[0] is not None else None, csat_responses=int(csat[1] or 0),
        per_day=tuple(per_day), per_week=tuple(sorted(weeks.items())),
        backlog_by_age=tuple((name, ages.get(name, 0)) for _l, name in AGE_BUCKETS),
        backlog_by_tier=tuple(sorted(tiers.items())),
        top_categories=tuple(CategoryTrend(name, n, previous.get(name, 0)) for name, n in top_rows),
    )
