"""The reports as they were computed before the aggregates (migration 0012): straight from the
tickets table. The oracle the aggregate-backed reports must equal (tests/services/test_report_aggregates.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, case, func, select, text

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models import Category, CsatResponse, Ticket
from shared.services.breakdown import GroupBy, GroupKpis, _column, _median, _names
from shared.services.metrics import AGE_BUCKETS, BUCKET_S, CategoryTrend, Report, _bucket, _mean_median
from shared.services.queue import ACTIVE_SQL
from shared.services.uow import UnitOfWork


def report_direct(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime, *, timezone: str | None = None,
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


def breakdown_direct(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime,
                     group: GroupBy | str) -> list[GroupKpis]:
    """KPIs per group for tickets created / resolved in [start, end), busiest first; tickets with no
    agent, team or category form a group of their own. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    try:
        group = GroupBy(group)
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a grouping; use agent, team, category or type.").format(
            value=group), field="by") from None
    if end <= start:
        raise ValidationFailed(_("The end of the period must be after its start."), field="to")
    column = _column(group)
    with uow:
        s = uow.session
        created_in = and_(Ticket.created_at >= start, Ticket.created_at < end)
        resolved_in = and_(Ticket.resolved_at >= start, Ticket.resolved_at < end)
        created: dict[Any, int] = {k: n for k, n in s.execute(select(column, func.count())
                                                              .where(created_in).group_by(column)).all()}
        backlog: dict[Any, int] = {k: n for k, n in s.execute(select(column, func.count())
                                                              .where(text(ACTIVE_SQL)).group_by(column)).all()}
        resolved: dict[Any, tuple[int, int, int, int]] = {}
        for key, n, fcr, with_sla, met in s.execute(select(
                column, func.count(),
                func.sum(((Ticket.reopen_count == 0) & (Ticket.agent_replies <= 1) & (Ticket.max_tier <= 1))
                         .cast(Integer)),
                func.count(Ticket.resolution_due_at),
                func.sum((Ticket.resolution_due_at.is_not(None) & ~Ticket.resolution_breached
                          & ~Ticket.response_breached).cast(Integer))).where(resolved_in).group_by(column)).all():
            resolved[key] = (int(n), int(fcr or 0), int(with_sla or 0), int(met or 0))
        # Medians need the values: one narrow read of the period's resolved (and answered) tickets.
        resolution: dict[Any, list[int]] = defaultdict(list)
        for key, seconds in s.execute(select(column, Ticket.resolution_seconds)
                                      .where(resolved_in, Ticket.resolution_seconds.is_not(None))).all():
            resolution[key].append(seconds)
        response: dict[Any, list[int]] = defaultdict(list)
        for key, seconds in s.execute(select(column, Ticket.first_response_seconds)
                                      .where(created_in, Ticket.first_response_seconds.is_not(None))).all():
            response[key].append(seconds)
        csat = {key: (float(avg), int(n)) for key, avg, n in s.execute(
            select(column, func.avg(CsatResponse.rating), func.count())
            .join(Ticket, Ticket.id == CsatResponse.ticket_id)
            .where(CsatResponse.submitted_at >= start, CsatResponse.submitted_at < end).group_by(column)).all()}
        names = _names(uow, group)
    rows = []
    for key in set(created) | set(backlog) | set(resolved) | set(csat):
        n, fcr, with_sla, met = resolved.get(key, (0, 0, 0, 0))
        average, responses = csat.get(key, (None, 0))
        none = {GroupBy.AGENT: _("Unassigned"), GroupBy.TEAM: _("No team"),
                GroupBy.CATEGORY: _("Uncategorised"), GroupBy.TYPE: _("Incident")}[group]
        rows.append(GroupKpis(names.get(key, str(key)) if key is not None else none, int(created.get(key, 0)), n,
                              fcr / n if n else None, _median(response.get(key, [])),
                              _median(resolution.get(key, [])), met / with_sla if with_sla else None,
                              average, responses, int(backlog.get(key, 0))))
    return sorted(rows, key=lambda r: (-r.resolved, -r.created, r.key))
