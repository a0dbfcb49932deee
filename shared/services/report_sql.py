"""The report aggregates as SQL over the tickets table: one definition used to backfill and rebuild
them (migration 0012, `helpdesk report rebuild-aggregates`), to add the partial days at the ends
of a range, and, in tests, to check the incremental upkeep (services/report_aggregates.py)
against a recomputation. Every statement is set-based and runs on SQLite and PostgreSQL."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, Select

from shared.models import CsatResponse, Ticket
from shared.models.enums import ACTIVE_STATUSES
from shared.models.reports import (
    AGENT,
    ALL,
    BLOCK_DAYS,
    CATEGORY,
    DIMENSIONS,
    RESOLUTION,
    RESPONSE,
    ROLLUP_DIMENSIONS,
    ROLLUP_SPANS,
    TEAM,
    TYPE,
    ReportBlock,
    ReportDay,
    ReportDuration,
    ReportKeyDuration,
    ReportKeyRollup,
    ReportOpen,
    ReportQuarter,
)

DAY_S, QUARTER_S = 86400, 900
BLOCK_S = BLOCK_DAYS * DAY_S
COUNTERS = ("created", "response_n", "response_sum", "resolved", "fcr", "sla_with", "sla_met", "resolution_n",
            "resolution_sum", "csat_n", "csat_sum")
# Upper bounds of the duration bins, in seconds: a quarter octave apart (about 19 %), up to ~8 years.
# A bin holds a few per cent of the tickets, so the exact read that finishes a median is short.
BINS: tuple[int, ...] = tuple(sorted({round(2 ** (i / 4)) for i in range(4 * 28)}))


def bin_of(seconds: int) -> int:
    return bisect_right(BINS, seconds)


def bin_bounds(b: int) -> tuple[int | None, int | None]:
    """[low, high) of bin `b`; None for an open end."""
    return (BINS[b - 1] if b > 0 else None), (BINS[b] if b < len(BINS) else None)


def bin_sql(column: Any) -> ColumnElement[Any]:
    """bin_of in SQL: a binary search of nested CASEs, so a row costs ~7 comparisons, not one per
    bin up to its own (a flat CASE of 112 bins made the partial days' reads CPU-bound)."""
    return _bin_between(column, 0, len(BINS))


def _bin_between(column: Any, lo: int, hi: int) -> ColumnElement[Any]:
    """The bin of `column`, known to be one of lo..hi: bin i holds BINS[i-1] <= v < BINS[i]. The
    constants are written into the SQL, not bound: 220 parameters per execution cost the client
    more than the statement (and a constant text lets PostgreSQL reuse its prepared plan)."""
    if lo == hi:
        return literal_column(str(int(lo)), Integer)
    mid = (lo + hi) // 2  # v < BINS[mid] means a bin <= mid
    return case((column < literal_column(str(int(BINS[mid])), Integer), _bin_between(column, lo, mid)),
                else_=_bin_between(column, mid + 1, hi))


def epoch_div(dialect: str, column: Any, seconds: int) -> ColumnElement[int]:
    """floor(unix time / seconds) of a UTC timestamp column."""
    if dialect == "postgresql":
        return cast(func.floor(func.extract("epoch", column) / seconds), Integer)
    return cast(func.strftime("%s", column), Integer) // seconds


def dim_column(dim: str) -> Any:
    """The ticket column a dimension other than ALL groups by."""
    return {AGENT: Ticket.assignee_id, TEAM: Ticket.team_id, CATEGORY: Ticket.category_id,
            TYPE: Ticket.ticket_type}[dim]


def dim_key(dim: str) -> ColumnElement[str]:
    if dim == ALL:
        return literal("", String)
    if dim == TYPE:
        return cast(Ticket.ticket_type, String)
    column = {AGENT: Ticket.assignee_id, TEAM: Ticket.team_id, CATEGORY: Ticket.category_id}[dim]
    return func.coalesce(cast(column, String), "")


def fcr_sql() -> ColumnElement[int]:
    return cast((Ticket.reopen_count == 0) & (Ticket.agent_replies <= 1) & (Ticket.max_tier <= 1), Integer)


def sla_met_sql() -> ColumnElement[int]:
    return cast(Ticket.resolution_due_at.is_not(None) & ~Ticket.resolution_breached & ~Ticket.response_breached,
                Integer)


def _zero() -> ColumnElement[int]:
    return literal(0, Integer)


def window_params(window: tuple[datetime, datetime]) -> dict[str, datetime]:
    """The parameters of a windowed `sources` or `durations` statement."""
    return {"lo": window[0], "hi": window[1]}


def _in_window(column: Any, windowed: bool) -> Any:
    if not windowed:
        return column.is_not(None)
    return and_(column >= bindparam("lo", type_=column.type), column < bindparam("hi", type_=column.type))


@cache
def sources(dialect: str, dim: str, windowed: bool, by_day: bool) -> Select[Any]:
    """Rows (day, key, *COUNTERS) of one dimension from the tickets: per UTC day (or, with
    by_day=False, for the whole window as day 0), tickets created, resolved and rated — all of
    them, or (windowed, parameters from window_params) those in a window. Built once: the
    statement is large, and building it costs more than running it on a partial day."""
    key = dim_key(dim).label("key")

    def in_window(column: Any) -> Any:
        return _in_window(column, windowed)

    def day(column: Any) -> Any:
        return (epoch_div(dialect, column, DAY_S) if by_day else _zero()).label("day")

    z = _zero
    created_day = day(Ticket.created_at)
    response = Ticket.first_response_seconds
    created = select(created_day, key, func.count().label("created"),
                     func.count(response), func.coalesce(func.sum(response), 0),
                     z(), z(), z(), z(), z(), z(), z(), z()
                     ).where(in_window(Ticket.created_at)).group_by(created_day, key)
    resolved_day = day(Ticket.resolved_at)
    resolved = select(resolved_day, key, z(), z(), z(), func.count(), func.sum(fcr_sql()),
                      func.count(Ticket.resolution_due_at), func.sum(sla_met_sql()),
                      func.count(Ticket.resolution_seconds), func.coalesce(func.sum(Ticket.resolution_seconds), 0),
                      z(), z()).where(in_window(Ticket.resolved_at)).group_by(resolved_day, key)
    rated_day = day(CsatResponse.submitted_at)
    rated = select(rated_day, key, *[z() for _c in COUNTERS[:-2]], func.count(), func.sum(CsatResponse.rating)
                   ).join(Ticket, Ticket.id == CsatResponse.ticket_id).where(in_window(CsatResponse.submitted_at)
                                                                              ).group_by(rated_day, key)
    parts = union_all(created, resolved, rated).subquery()
    cols = list(parts.c)
    return select(cols[0], cols[1], *[func.sum(c) for c in cols[2:]]).group_by(cols[0], cols[1])


@cache
def durations(dialect: str, metric: str, windowed: bool, by_day: bool) -> Select[Any]:
    """Rows (day, bin, n): first-response times by creation day, or resolution times by resolution
    day; windowed as `sources`."""
    value, when = ((Ticket.first_response_seconds, Ticket.created_at) if metric == RESPONSE
                   else (Ticket.resolution_seconds, Ticket.resolved_at))
    day = (epoch_div(dialect, when, DAY_S) if by_day else _zero()).label("day")
    b = bin_sql(value).label("bin")
    where = value.is_not(None) & _in_window(when, windowed)
    return select(day, b, func.count()).where(where).group_by(day, b)


def duration_columns(metric: str) -> tuple[Any, Any]:
    """(value, time) of a duration metric: first response by creation, resolution by resolution."""
    return ((Ticket.first_response_seconds, Ticket.created_at) if metric == RESPONSE
            else (Ticket.resolution_seconds, Ticket.resolved_at))


@cache
def key_durations(dialect: str, metric: str, dim: str, windowed: bool, by_block: bool,
                  unit_s: int = BLOCK_S) -> Select[Any]:
    """Rows (block, key, bin, n) of one dimension: per block of BLOCK_DAYS UTC days, or of unit_s
    seconds (or, with by_block=False, for the whole window as block 0); windowed as `sources`."""
    value, when = duration_columns(metric)
    block = (epoch_div(dialect, when, unit_s) if by_block else _zero()).label("block")
    key = dim_key(dim).label("key")
    b = bin_sql(value).label("bin")
    return (select(block, key, b, func.count()).where(value.is_not(None) & _in_window(when, windowed))
            .group_by(block, key, b))


def rebuild_key_durations(conn: Connection) -> None:
    """Recompute report_key_durations (migration 0020) from the tickets, set-based."""
    conn.execute(delete(ReportKeyDuration))
    for metric in (RESPONSE, RESOLUTION):
        for dim in DIMENSIONS:
            rows = key_durations(conn.dialect.name, metric, dim, False, True).subquery()
            conn.execute(insert(ReportKeyDuration).from_select(
                ["metric", "dim", "block", "key", "bin", "n"],
                select(literal(metric, String), literal(dim, String), *rows.c)))


def rebuild_rollups(conn: Connection) -> None:
    """Recompute the roll-ups of migration 0022, set-based: report_blocks as report_days summed per
    block (run after report_days is rebuilt), report_key_rollups from the tickets at each grain."""
    conn.execute(delete(ReportBlock))
    block = (ReportDay.day // BLOCK_DAYS).label("block")
    conn.execute(insert(ReportBlock).from_select(
        ["dim", "block", "key", *COUNTERS],
        select(ReportDay.dim, block, ReportDay.key, *[func.sum(getattr(ReportDay, c)) for c in COUNTERS])
        .group_by(ReportDay.dim, block, ReportDay.key)))
    conn.execute(delete(ReportKeyRollup))
    for metric in (RESPONSE, RESOLUTION):
        for dim in ROLLUP_DIMENSIONS:
            for span in ROLLUP_SPANS:
                rows = key_durations(conn.dialect.name, metric, dim, False, True, span * DAY_S).subquery()
                conn.execute(insert(ReportKeyRollup).from_select(
                    ["metric", "dim", "span", "unit", "key", "bin", "n"],
                    select(literal(metric, String), literal(dim, String), literal(span, Integer), *rows.c)))


def rebuild(conn: Connection) -> None:
    """Recompute every aggregate from the tickets, set-based, in the caller's transaction."""
    rebuild_0012(conn)
    rebuild_key_durations(conn)
    rebuild_rollups(conn)


def rebuild_0012(conn: Connection) -> None:
    """The aggregates of migration 0012 (which runs this, before later revisions' tables exist)."""
    dialect = conn.dialect.name
    for table in (ReportDay, ReportQuarter, ReportDuration, ReportOpen):
        conn.execute(delete(table))
    for dim in DIMENSIONS:
        rows = sources(dialect, dim, False, True).subquery()
        cols = list(rows.c)
        conn.execute(insert(ReportDay).from_select(
            ["dim", "day", "key", *COUNTERS], select(literal(dim, String), *cols)))
    quarter = epoch_div(dialect, Ticket.created_at, QUARTER_S).label("bucket")
    conn.execute(insert(ReportQuarter).from_select(
        ["bucket", "created"], select(quarter, func.count()).group_by(quarter)))
    created_day = epoch_div(dialect, Ticket.created_at, DAY_S).label("day")
    conn.execute(insert(ReportOpen).from_select(
        ["tier", "day", "n"], select(Ticket.tier, created_day, func.count())
        .where(Ticket.status.in_([s.value for s in ACTIVE_STATUSES])).group_by(Ticket.tier, created_day)))
    for metric in (RESPONSE, RESOLUTION):
        rows = durations(dialect, metric, False, True).subquery()
        conn.execute(insert(ReportDuration).from_select(
            ["metric", "day", "bin", "n"], select(literal(metric, String), *rows.c)))
