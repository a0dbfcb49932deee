"""Reading the report aggregates over a range [start, end): whole UTC days from the aggregates, the
partial days at either end from the tickets table (through its created_at / resolved_at /
submitted_at indexes). Exact for any range in any time zone; the cost does not grow with the range.
Counters come per block of BLOCK_DAYS days (report_blocks) for the whole blocks, per day for the
other whole days. Duration histograms also come per block (report_key_durations): whole blocks
from there, the rest of the range by day (desk-wide); per group, whole weeks from the roll-ups
(report_key_rollups: weeks, 112 and 448 days, with the blocks) and under a week at either end
from the tickets."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, func, literal, or_, select, text, union_all
from sqlalchemy.orm import Session

from shared.models import Ticket
from shared.models.reports import (
    ALL,
    BLOCK_DAYS,
    ROLLUP_DIMENSIONS,
    ROLLUP_SPANS,
    TYPE,
    ReportBlock,
    ReportDay,
    ReportDuration,
    ReportKeyDuration,
    ReportKeyRollup,
    ReportQuarter,
)
from shared.services.report_sql import (
    BLOCK_S,
    COUNTERS,
    DAY_S,
    QUARTER_S,
    bin_bounds,
    dim_column,
    duration_columns,
    durations,
    key_durations,
    sources,
    window_params,
)

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
    """COUNTERS per key of `dim` for tickets created / resolved / rated in the range: whole blocks of
    BLOCK_DAYS days from report_blocks, the other whole days from report_days, the partial days at
    the ends from the tickets."""
    d0, d1, edges = _split(start, end, DAY_S)
    out: dict[str, Totals] = {}

    def add(key: str, values: Any) -> None:
        row = out.setdefault(key, dict.fromkeys(COUNTERS, 0))
        for name, value in zip(COUNTERS, values, strict=True):
            row[name] += int(value or 0)

    b0, b1 = -(-d0 // BLOCK_DAYS), d1 // BLOCK_DAYS
    days = [(d0, d1)] if b0 >= b1 else [(d0, b0 * BLOCK_DAYS), (b1 * BLOCK_DAYS, d1)]
    conn = session.connection()  # Core rows: a row per key and statement
    if b0 < b1:
        for key, *values in conn.execute(
                select(ReportBlock.key, *[func.sum(getattr(ReportBlock, c)) for c in COUNTERS])
                .where(ReportBlock.dim == dim, ReportBlock.block >= b0, ReportBlock.block < b1)
                .group_by(ReportBlock.key)):
            add(key, values)
    days = [(a, b) for a, b in days if a < b]
    if days:
        for key, *values in conn.execute(
                select(ReportDay.key, *[func.sum(getattr(ReportDay, c)) for c in COUNTERS])
                .where(ReportDay.dim == dim, or_(*[and_(ReportDay.day >= a, ReportDay.day < b) for a, b in days]))
                .group_by(ReportDay.key)):
            add(key, values)
    for window in edges:
        for _day, key, *values in conn.execute(sources(_dialect(session), dim, True, False), window_params(window)):
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
        if len(stretches) == 1 and q1 - q0 > _SHIFTED_FROM * 96:
            days.update(_whole_local_days(session, q0, q1, stretches[0][1]))
        else:
            days.update(_local_days(session, q0, q1, stretches))
    for a, b in edges:
        for when in session.scalars(select(Ticket.created_at).where(Ticket.created_at >= a, Ticket.created_at < b)):
            days[when.astimezone(tz).date()] += 1
    return days


def _day_bins(session: Session, metric: str, start: datetime, end: datetime) -> Counter[int]:
    """The desk's duration histogram of the range: whole UTC days from report_durations, the
    partial days at the ends from the tickets."""
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
    return bins


def _block_bins(session: Session, metric: str, dim: str, k0: int, k1: int) -> dict[str, Counter[int]]:
    """Histograms per key of `dim` over the whole blocks [k0, k1)."""
    out: dict[str, Counter[int]] = defaultdict(Counter)
    if k0 < k1:  # Core, not ORM, rows: thousands of (key, bin) rows at a long range
        for key, b, n in session.connection().execute(
                select(ReportKeyDuration.key, ReportKeyDuration.bin, func.sum(ReportKeyDuration.n))
                .where(ReportKeyDuration.metric == metric, ReportKeyDuration.dim == dim,
                       ReportKeyDuration.block >= k0, ReportKeyDuration.block < k1)
                .group_by(ReportKeyDuration.key, ReportKeyDuration.bin)):
            out[str(key)][int(b)] += int(n)
    return out


def _exact_median(session: Session, metric: str, bins: Counter[int], start: datetime, end: datetime,
                  *where: Any) -> float | None:
    """The median of the values the histogram `bins` counts (those of the range, narrowed by
    `where`), like statistics.median: each middle value is read from the tickets of its bin."""
    total = sum(bins.values())
    if not total:
        return None
    value, when = duration_columns(metric)
    middle: list[int] = []
    for rank in sorted({(total - 1) // 2, total // 2}):
        below = 0
        for b in sorted(bins):
            if below + bins[b] > rank:
                break
            below += bins[b]
        low, high = bin_bounds(b)
        cond = [*where, value.is_not(None), when >= start, when < end]
        cond += [value >= low] if low is not None else []
        cond += [value < high] if high is not None else []
        found = session.scalars(select(value).where(and_(*cond)).order_by(value).offset(rank - below).limit(1)).one()
        middle.append(int(found or 0))  # never None: the bin holds this rank
    return float(statistics.fmean(middle))


_MIN_BLOCKS = 4


_SHIFTED_FROM = 8  # days: from here on whole local days come from UTC days plus the shifted quarters


def _local_days(session: Session, q0: int, q1: int, stretches: list[tuple[int, int]]) -> Counter[date]:
    """Creations in quarter buckets [q0, q1) per local day, every quarter row grouped by its day."""
    days: Counter[date] = Counter()
    shift: Any = literal(stretches[0][1])
    if len(stretches) > 1:
        shift = case(*[(ReportQuarter.bucket < b, off) for (b, _o), (_b, off) in zip(
            stretches[1:], stretches, strict=False)], else_=stretches[-1][1])
    local_day = ((ReportQuarter.bucket + shift) // 96).label("local_day")  # 96 quarters a day
    for n, count in session.execute(select(local_day, func.sum(ReportQuarter.created))
                                    .where(ReportQuarter.bucket >= q0, ReportQuarter.bucket < q1)
                                    .group_by(local_day)):
        days[date(1970, 1, 1) + timedelta(days=int(n))] += int(count)
    return days


def _whole_local_days(session: Session, q0: int, q1: int, offset: int) -> Counter[date]:
    """_local_days for one UTC offset (in quarters) over a long range, reading fewer rows: a local
    day L is the quarters [96 L - offset, +96), i.e. UTC day d = L + (-offset) // 96 without its
    first r = (-offset) % 96 quarters, plus the first r quarters of day d + 1. UTC days' totals come
    from report_days (a row a day); only the quarters on the smaller side of r are read, summed per
    UTC day: count(L) = utc(d) - head(d) + head(d + 1) = tail(d) + utc(d + 1) - tail(d + 1)."""
    first = -((q0 + offset) // -96)  # the first whole local day (ceiling)
    last = (q1 + offset) // 96  # one past the last
    a, b = 96 * first - offset, 96 * last - offset
    days = _local_days(session, q0, a, [(0, offset)]) if q0 < a else Counter()
    if b < q1:
        days.update(_local_days(session, b, q1, [(0, offset)]))
    r = (-offset) % 96
    d0 = first + (-offset) // 96  # the UTC day where local day `first` starts
    n = last - first
    utc: Counter[int] = Counter({int(d): int(c or 0) for d, c in session.execute(
        select(ReportDay.day, ReportDay.created).where(ReportDay.dim == ALL, ReportDay.key == "",
                                                       ReportDay.day >= d0, ReportDay.day <= d0 + n))})
    part: Counter[int] = Counter()
    if r:
        head = r <= 48
        slot = ReportQuarter.bucket % 96
        day = (ReportQuarter.bucket // 96).label("day")
        for d, c in session.execute(select(day, func.sum(ReportQuarter.created))
                                    .where(ReportQuarter.bucket >= 96 * d0, ReportQuarter.bucket < 96 * (d0 + n + 1),
                                           slot < r if head else slot >= r).group_by(day)):
            part[int(d)] = int(c or 0)
    for i in range(n):
        d = d0 + i
        if not r:
            count = utc[d]
        elif head:
            count = utc[d] - part[d] + part[d + 1]
        else:
            count = part[d] + utc[d + 1] - part[d + 1]
        if count:
            days[date(1970, 1, 1) + timedelta(days=first + i)] += count
    return days


def median(session: Session, metric: str, start: datetime, end: datetime) -> float | None:
    """The exact median first-response (tickets created in the range) or resolution (resolved in the
    range) time: the bin holding the middle is found from the aggregates (whole blocks, then whole
    days, then the partial days' tickets), then the middle values are read from the tickets whose
    time lies in that bin, through a partial index."""
    k0, k1, edges = _split(start, end, BLOCK_S)
    if k1 - k0 < _MIN_BLOCKS:  # a few blocks save fewer day rows than their extra statements cost
        return _exact_median(session, metric, _day_bins(session, metric, start, end), start, end)
    bins = _block_bins(session, metric, ALL, k0, k1)[""]
    for a, b in edges:
        bins.update(_day_bins(session, metric, a, b))
    return _exact_median(session, metric, bins, start, end)


def group_medians(session: Session, metric: str, dim: str, start: datetime, end: datetime) -> dict[str, float]:
    """The exact median first-response or resolution time per key of `dim` (as the aggregates key
    it: "" for none, ids as text), for the range: histograms from the roll-ups' units covering its
    whole weeks plus the rest (under a week at either end) counted from the tickets (for a dimension
    without roll-ups, the whole blocks plus under two blocks); each middle then read from the group's
    tickets in its bin through the (group, duration, time) partial indexes of migration 0020."""
    k0, k1, edges = _split(start, end, BLOCK_S)
    if k0 >= k1:  # under two blocks of tickets: ranking them is cheaper than bins and a read per group
        return _ranked_medians(session, metric, dim, start, end)
    if dim in ROLLUP_DIMENSIONS:  # whole weeks from the roll-ups, under a week at either end from the tickets
        w0, w1, edges = _split(start, end, _WEEK_S)
        hist = _covered_bins(session, metric, dim, _cover(w0 * _WEEK_DAYS, w1 * _WEEK_DAYS))
    else:
        hist = _block_bins(session, metric, dim, k0, k1)
    for window in edges:
        for _block, key, b, n in session.connection().execute(
                key_durations(_dialect(session), metric, dim, True, False), window_params(window)):
            hist[str(key)][int(b)] += int(n)
    # Where each group's middle values lie: (key, bin, offset in the bin, how many to read).
    wants: list[tuple[str, int, int, int]] = []
    for key, bins in hist.items():
        total = sum(bins.values())
        if not total:
            continue
        for rank in sorted({(total - 1) // 2, total // 2}):
            b, below = _locate(bins, rank)
            if wants and wants[-1][:2] == (key, b):  # the second middle in the same bin: read two
                wants[-1] = (key, b, wants[-1][2], 2)
            else:
                wants.append((key, b, rank - below, 1))
    values: dict[str, list[int]] = defaultdict(list)
    for at in range(0, len(wants), _PER_STATEMENT):
        chunk = wants[at:at + _PER_STATEMENT]
        build = _middles_lateral if _dialect(session) == "postgresql" else _middles
        for i, v in session.connection().execute(*build(metric, dim, chunk, start, end)):
            values[chunk[int(i)][0]].append(int(v))
    return {key: float(statistics.fmean(found)) for key, found in values.items()}


_WEEK_DAYS = ROLLUP_SPANS[0]
_WEEK_S = _WEEK_DAYS * DAY_S
_SPANS = tuple(sorted({*ROLLUP_SPANS, BLOCK_DAYS}, reverse=True))  # days; the grains, largest first
Cover = list[tuple[int, int, int]]  # (span in days, first unit, end unit)


def _cover(d0: int, d1: int, spans: tuple[int, ...] = _SPANS) -> Cover:
    """The UTC days [d0, d1), multiples of the smallest span, as units of the spans: the largest
    units that fit, then smaller ones toward each end (at most a few units of each span)."""
    if d0 >= d1:
        return []
    span, smaller = spans[0], spans[1:]
    u0, u1 = -(-d0 // span), d1 // span
    if not smaller:
        return [(span, u0, u1)]
    if u0 >= u1:
        return _cover(d0, d1, smaller)
    return [*_cover(d0, u0 * span, smaller), (span, u0, u1), *_cover(u1 * span, d1, smaller)]


def _covered_bins(session: Session, metric: str, dim: str, cover: Cover) -> dict[str, Counter[int]]:
    """Histograms per key of `dim` over the units of `cover`: the blocks' from report_key_durations,
    the other spans' from report_key_rollups. One statement, grouped in the database."""
    out: dict[str, Counter[int]] = defaultdict(Counter)
    parts: list[Any] = []
    for span, u0, u1 in cover:  # a SELECT per run of units: SQLite reads each as one index range
        if span == BLOCK_DAYS:
            k = ReportKeyDuration
            parts.append(select(k.key, k.bin, k.n).where(k.metric == metric, k.dim == dim, k.block >= u0,
                                                         k.block < u1))
        else:
            r = ReportKeyRollup
            parts.append(select(r.key, r.bin, r.n).where(r.metric == metric, r.dim == dim, r.span == span,
                                                         r.unit >= u0, r.unit < u1))
    if not parts:
        return out
    rows = union_all(*parts).subquery()
    for key, b, n in session.connection().execute(
            select(rows.c.key, rows.c.bin, func.sum(rows.c.n)).group_by(rows.c.key, rows.c.bin)):
        out[str(key)][int(b)] += int(n)
    return out


def _ranked_medians(session: Session, metric: str, dim: str, start: datetime, end: datetime) -> dict[str, float]:
    """group_medians by ranking the range's values per group in the database, as statistics.median
    would: each group's values numbered in order, the one or two middle ones averaged there."""
    value, when = duration_columns(metric)
    column = dim_column(dim)
    ranked = select(column.label("k"), value.label("v"),
                    func.row_number().over(partition_by=column, order_by=value).label("rn"),
                    func.count().over(partition_by=column).label("n")
                    ).where(when >= start, when < end, value.is_not(None)).subquery()
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    return {"" if k is None else str(k): float(m) for k, m in session.connection().execute(
        select(ranked.c.k, func.avg(ranked.c.v)).where(middle).group_by(ranked.c.k))}


_PER_STATEMENT = 200  # groups' middle reads per statement (SQLite allows 500 terms in a compound SELECT)


def _locate(bins: Counter[int], rank: int) -> tuple[int, int]:
    """The bin holding the value of this rank (0-based, in value order), and the count below it."""
    below = 0
    for b in sorted(bins):
        if below + bins[b] > rank:
            return b, below
        below += bins[b]
    raise ValueError(rank)


def _middle_part(metric: str, dim: str, i: int, want: tuple[str, int, int, int], params: dict[str, Any]) -> str:
    """One group's middle read as a SELECT of (i, value), its key added to `params`."""
    value, when = duration_columns(metric)
    column = dim_column(dim)
    key, b, offset, count = want
    low, high = bin_bounds(b)
    conds = [f"{value.name} IS NOT NULL", f"{when.name} >= :s", f"{when.name} < :e"]
    if key == "":
        conds.append(f"{column.name} IS NULL")
    else:
        conds.append(f"{column.name} = :k{i}")
        params[f"k{i}"] = key if dim == TYPE else int(key)
    if low is not None:
        conds.append(f"{value.name} >= {int(low)}")
    if high is not None:
        conds.append(f"{value.name} < {int(high)}")
    return (f"SELECT {i} AS i, v FROM (SELECT {value.name} AS v FROM tickets WHERE {' AND '.join(conds)} "
            f"ORDER BY {value.name} LIMIT {int(count)} OFFSET {int(offset)}) AS m{i}")


def _middles_lateral(metric: str, dim: str, wants: list[tuple[str, int, int, int]], start: datetime,
                     end: datetime) -> tuple[Any, dict[str, Any]]:
    """_middles for PostgreSQL: the groups as a VALUES list joined LATERAL to one index read, so
    the statement is planned once rather than once per group (the group without a key, if any,
    keeps a branch of its own: `column = NULL` finds nothing)."""
    value, when = duration_columns(metric)
    column = dim_column(dim)
    rows: list[str] = []
    params: dict[str, Any] = {"s": start, "e": end}
    nulls = [(i, w) for i, w in enumerate(wants) if w[0] == ""]
    for i, (key, b, offset, count) in enumerate(wants):
        if key == "":
            continue
        low, high = bin_bounds(b)
        params[f"k{i}"] = key if dim == TYPE else int(key)
        rows.append(f"({i}, :k{i}, {int(low) if low is not None else -1}, "
                    f"{int(high) if high is not None else 2 ** 62}, {int(offset)}, {int(count)})")
    key_type = "text" if dim == TYPE else "integer"
    parts = []
    if rows:
        parts.append(
            f"SELECT w.i, m.v FROM (VALUES {', '.join(rows)}) AS w(i, k, lo, hi, off, cnt) CROSS JOIN LATERAL "
            f"(SELECT {value.name} AS v FROM tickets WHERE {column.name} = CAST(w.k AS {key_type}) "
            f"AND {value.name} >= w.lo AND {value.name} < w.hi AND {value.name} IS NOT NULL "
            f"AND {when.name} >= :s AND {when.name} < :e ORDER BY {value.name} LIMIT w.cnt OFFSET w.off) AS m")
    parts += [_middle_part(metric, dim, i, want, params) for i, want in nulls]
    statement = text(" UNION ALL ".join(parts)).bindparams(
        bindparam("s", type_=when.type), bindparam("e", type_=when.type))
    return statement, params


def _middles(metric: str, dim: str, wants: list[tuple[str, int, int, int]], start: datetime,
             end: datetime) -> tuple[Any, dict[str, Any]]:
    """One statement reading every group's middle values, each from that group's tickets in its bin
    (one index range of ix_tickets_<dim>_<metric> apiece): rows (position in `wants`, value). Plain
    SQL: built per call, and building a SQLAlchemy expression per group costs more than the reads."""
    _value, when = duration_columns(metric)
    params: dict[str, Any] = {"s": start, "e": end}
    parts = [_middle_part(metric, dim, i, want, params) for i, want in enumerate(wants)]
    statement = text(" UNION ALL ".join(parts)).bindparams(
        bindparam("s", type_=when.type), bindparam("e", type_=when.type))
    return statement, params
