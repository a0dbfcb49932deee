"""Report aggregates: what the dashboard and the breakdown read instead of the tickets table.

Kept up to date in the transaction that changes a ticket (services/report_aggregates.py) and
recomputable from the tickets at any time (`helpdesk report rebuild-aggregates`).

Grain. Counters are per UTC day (`day` = days since 1970-01-01 UTC). A range whose ends are not
UTC midnights — a local day in Jakarta starts at 17:00 UTC — adds the two partial days at its
ends, read from the tickets table through its time indexes (at most 2 x 24 hours of tickets), so
any range in any time zone is exact. The per-day chart needs the days of the reader's zone, so
ticket creations are also counted per quarter hour: every UTC offset in use (+05:30, +05:45,
+08:45) and every DST switch falls on a quarter hour, while hourly buckets would serve only
whole-hour zones such as WIB/WITA/WIT.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base

# Dimensions of report_days. ALL is the desk as a whole (key ""); the others are keyed by the
# ticket's current assignee, team or category id (as text, "" for none) or its type.
ALL, AGENT, TEAM, CATEGORY, TYPE = "all", "agent", "team", "category", "type"
DIMENSIONS = (ALL, AGENT, TEAM, CATEGORY, TYPE)
RESPONSE, RESOLUTION = "response", "resolution"
BLOCK_DAYS = 28  # the grain of report_key_durations and report_blocks: four weeks
# The grains of report_key_rollups, in UTC days: a week, four blocks, sixteen blocks. Each divides
# the next (and BLOCK_DAYS sits between the first two), so a range of whole weeks is covered
# exactly by a few units of each grain.
ROLLUP_SPANS = (7, 4 * BLOCK_DAYS, 16 * BLOCK_DAYS)
ROLLUP_DIMENSIONS = (AGENT, TEAM, CATEGORY, TYPE)  # the breakdown's groups (ALL reads report_durations)


class ReportDay(Base):
    """One UTC day of one group: tickets created that day (with their first-response time), tickets
    resolved that day (FCR, SLA, resolution time), and CSAT answers submitted that day."""

    __tablename__ = "report_days"

    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    created: Mapped[int] = mapped_column(Integer)
    response_n: Mapped[int] = mapped_column(Integer)  # created that day and answered
    response_sum: Mapped[int] = mapped_column(BigInteger)  # their first-response seconds
    resolved: Mapped[int] = mapped_column(Integer)
    fcr: Mapped[int] = mapped_column(Integer)
    sla_with: Mapped[int] = mapped_column(Integer)  # resolved with a resolution target
    sla_met: Mapped[int] = mapped_column(Integer)  # ... that breached neither target
    resolution_n: Mapped[int] = mapped_column(Integer)
    resolution_sum: Mapped[int] = mapped_column(BigInteger)
    csat_n: Mapped[int] = mapped_column(Integer)
    csat_sum: Mapped[int] = mapped_column(Integer)


class ReportQuarter(Base):
    """Tickets created per quarter hour (`bucket` = quarter hours since 1970 UTC): the per-day chart
    in any time zone."""

    __tablename__ = "report_quarters"

    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    created: Mapped[int] = mapped_column(Integer)


class ReportDuration(Base):
    """How many first-response (by creation day) or resolution (by resolution day) times of a UTC
    day fall in each logarithmic bin (services/report_ranges.BINS). A median is located in one bin
    from these counts, then read exactly from the few tickets whose time lies in that bin."""

    __tablename__ = "report_durations"

    metric: Mapped[str] = mapped_column(String(10), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportOpen(Base):
    """Open tickets (new … pending vendor) per tier and UTC creation day: the backlog by tier and by
    age without counting the open tickets one by one (the age buckets' boundary days are read
    from the tickets through the active-status index)."""

    __tablename__ = "report_open"

    tier: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportKeyDuration(Base):
    """First-response and resolution times per group (every dimension, ALL included) and block of
    BLOCK_DAYS UTC days, in the bins of ReportDuration: the breakdown's per-group medians, and the
    dashboard's over long ranges, without reading the period's tickets. A median is located in one
    bin from these counts (the days outside whole blocks are counted from the tickets, at most two
    blocks' worth), then read exactly from the group's tickets in that bin through a per-group
    partial index (migration 0020)."""

    __tablename__ = "report_key_durations"

    metric: Mapped[str] = mapped_column(String(10), primary_key=True)
    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    block: Mapped[int] = mapped_column(Integer, primary_key=True)  # UTC days since 1970 // BLOCK_DAYS
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportBlock(Base):
    """report_days rolled up per block of BLOCK_DAYS UTC days (`block` = days since 1970 //
    BLOCK_DAYS): a breakdown over a year reads a row per block and group instead of one per day
    and group; report_days serves the whole days outside whole blocks (migration 0022)."""

    __tablename__ = "report_blocks"

    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    block: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    created: Mapped[int] = mapped_column(Integer)
    response_n: Mapped[int] = mapped_column(Integer)
    response_sum: Mapped[int] = mapped_column(BigInteger)
    resolved: Mapped[int] = mapped_column(Integer)
    fcr: Mapped[int] = mapped_column(Integer)
    sla_with: Mapped[int] = mapped_column(Integer)
    sla_met: Mapped[int] = mapped_column(Integer)
    resolution_n: Mapped[int] = mapped_column(Integer)
    resolution_sum: Mapped[int] = mapped_column(BigInteger)
    csat_n: Mapped[int] = mapped_column(Integer)
    csat_sum: Mapped[int] = mapped_column(Integer)


class ReportKeyRollup(Base):
    """report_key_durations at the other grains of ROLLUP_SPANS (`unit` = UTC days since 1970 //
    `span`), for the breakdown's dimensions: a per-group median over a long range reads a few
    sixteen- and four-block units, the blocks and weeks at its ends, and the tickets of under a
    week at either end, instead of every block and up to two blocks of tickets (migration 0022)."""

    __tablename__ = "report_key_rollups"

    metric: Mapped[str] = mapped_column(String(10), primary_key=True)
    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    span: Mapped[int] = mapped_column(Integer, primary_key=True)  # days per unit, one of ROLLUP_SPANS
    unit: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
