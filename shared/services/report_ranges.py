"""Reading the report aggregates over a range [start, end): whole UTC days from the aggregates, the
partial days at either end from the tickets table (through its created_at / resolved_at /
submitted_at indexes). Exact for any range in any time zone; the cost does not grow with the range."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from shared.models import Ticket
from shared.models.reports import RESPONSE, ReportDay, ReportDuration, ReportQuarter
from shared.services.report_sql import COUNTERS, DAY_S, QUARTER_S, bin_bounds, durations, sources, window_params

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Totals = dict[str, int]


def _split(start: datetime, end: datetime, unit_s: int) -> tuple[int, int, list[tuple[datetime, datetime]]]:
    """Whole units [u0, u1) inside the range, and the partial windows left at its ends."""
    u0 = -int(-(start - EPOCH).total_seconds() // unit_s)  # ceiling
    u1 = int((end - EPOCH).total_seconds() // unit_s)
    if u0 >= u1:
        return 0, 0, [(start, end)]
    edges = [(start, EPOCH + timedelta(seconds=u0 * unit_s)), (EPOCH + timedelta(seconds=u1 * unit_s), end)]
    return u0, u1, [(a, b) for a, b in edges if a < b]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def totals(session: Session, dim: str, start: datetime, end: datetime) -> dict[str, Totals]:
    """COUNTERS per key of `dim` for tickets created / resolved / rated in the range."""
    d0, d1, edges = _split(start, end, DAY_S)
    out: dict[str, Totals] = {}

    def add(key: str, values: Any) -> None:
        row = out.setdefault(key, dict.fromkeys(COUNTERS, 0))
        for name, value in zip(COUNTERS, values, strict=True):
            row[name] += int(value or 0)

    if d0 < d1:
        for key, *values in session.execute(
                select(ReportDay.key, *[func.sum(getattr(ReportDay, c)) for c in COUNTERS])
                .where(ReportDay.dim == dim, ReportDay.day >= d0, ReportDay.day < d1).group_by(ReportDay.key)):
            add(key, values)
    for window in edges:
        for _day, key, *values in session.execute(sources(_dialect(session), dim, True, False),
                                                  window_params(window)):
            add(key, values)
    return out


def _offsets(start: datetime, end: datetime, tz: ZoneInfo) -> list[tuple[int, int]]:
    """(first quarter bucket, UTC offset in quarters) for each stretch of constant offset."""
    def offset(at: datetime) -> int:
        delta = at.astimezone(tz).utcoffset() or timedelta(0)
        return int(delta.total_seconds()) // QUARTER_S

    out = [(0, offset(start))]
    at = start
    while at < end:
        step = min(at + timedelta(days=1), end)
        if offset(step) != out[-1][1]:
            lo, hi = at, step  # find the switch to the quarter hour
            while hi - lo > timedelta(seconds=QUARTER_S):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if offset(mid) == out[-1][1] else (lo, mid)
            bucket = int((hi - EPOCH).total_seconds()) // QUARTER_S
            out.append((bucket, offset(EPOCH + timedelta(seconds=bucket * QUARTER_S))))
        at = step
    return out


def created_per_day(session: Session, start: datetime, end: datetime, tz: ZoneInfo) -> Counter[date]:
    """Tickets created in the range per day of `tz`, grouped in the database (a row per day)."""
    q0, q1, edges = _split(start, end, QUARTER_S)
    days: Counter[date] = Counter()
    if q0 < q1:
        stretches = _offsets(start, end, tz)
        shift: Any = literal(stretches[0][1])
        if len(stretches) > 1:
            shift = case(*[(ReportQuarter.bucket < b, off) for (b, _o), (_b, off) in zip(
                stretches[1:], stretches, strict=False)], else_=stretches[-1][1])
        local_day = ((ReportQuarter.bucket + shift) // 96).label("local_day")  # 96 quarters a day
        for n, count in session.execute(select(local_day, func.sum(ReportQuarter.created))
                                        .where(ReportQuarter.bucket >= q0, ReportQuarter.bucket < q1)
                                        .group_by(local_day)):
            days[date(1970, 1, 1) + timedelta(days=int(n))] += int(count)
    for a, b in edges:
        for when in session.scalars(select(Ticket.created_at).where(Ticket.created_at >= a, Ticket.created_at < b)):
            days[when.astimezone(tz).date()] += 1
    return days


def median(session: Session, metric: str, start: datetime, end: datetime) -> float | None:
    """The exact median first-response (tickets created in the range) or resolution (resolved in the
    range) time: the bin holding the middle is found from the aggregates, then the middle values
    are read from the tickets whose time lies in that bin, through a partial index."""
    d0, d1, edges = _split(start, end, DAY_S)
    bins: Counter[int] = Counter()
    if d0 < d1:
        for b, n in session.execute(select(ReportDuration.bin, func.sum(ReportDuration.n))
                                    .where(ReportDuration.metric == metric, ReportDuration.day >= d0,
                                           ReportDuration.day < d1).group_by(ReportDuration.bin)):
            bins[int(b)] += int(n)
    for window in edges:
        for _day, b, n in session.execute(durations(_dialect(session), metric, True, False), window_params(window)):
            bins[int(b)] += int(n)
    total = sum(bins.values())
    if not total:
        return None
    value, when = ((Ticket.first_response_seconds, Ticket.created_at) if metric == RESPONSE
                   else (Ticket.resolution_seconds, Ticket.resolved_at))
    middle: list[int] = []
    for rank in sorted({(total - 1) // 2, total // 2}):
        below = 0
        for b in sorted(bins):
            if below + bins[b] > rank:
                break
            below += bins[b]
        low, high = bin_bounds(b)
        where = [value.is_not(None), when >= start, when < end]
        where += [value >= low] if low is not None else []
        where += [value < high] if high is not None else []
        found = session.scalars(select(value).where(and_(*where)).order_by(value).offset(rank - below).limit(1)).one()
        middle.append(int(found or 0))  # never None: the bin holds this rank
    return float(statistics.fmean(middle))
