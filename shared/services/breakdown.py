"""The service-desk KPIs broken down per agent, team, category or ticket type, for a period: what a
supervisor reviews each week and each month. Counts, rates and CSAT come from the report
aggregates (models/reports.py); exact medians from the aggregates' duration bins plus a short read
of each group's tickets in its middle bin (report_ranges.group_medians); the backlog from the active
tickets."""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, text

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models import Category, Team, Ticket, User
from shared.models.enums import TicketType, label
from shared.models.reports import AGENT, CATEGORY, RESOLUTION, RESPONSE, TEAM, TYPE
from shared.services import report_ranges as ranges
from shared.services.queue import ACTIVE_SQL
from shared.services.report_sql import COUNTERS
from shared.services.uow import UnitOfWork


class GroupBy(StrEnum):
    AGENT = "agent"
    TEAM = "team"
    CATEGORY = "category"
    TYPE = "type"


@dataclass(frozen=True)
class GroupKpis:
    key: str  # the agent's, team's or category's name, or the type's label
    created: int  # in the period
    resolved: int  # in the period
    fcr_rate: float | None
    first_response_median_s: float | None
    resolution_median_s: float | None
    sla_compliance: float | None
    csat_average: float | None
    csat_responses: int
    backlog: int  # open now


def _column(group: GroupBy) -> Any:
    return {GroupBy.AGENT: Ticket.assignee_id, GroupBy.TEAM: Ticket.team_id, GroupBy.CATEGORY: Ticket.category_id,
            GroupBy.TYPE: Ticket.ticket_type}[group]


def _names(uow: UnitOfWork, group: GroupBy, ids: Iterable[Any] | None = None) -> dict[Any, str]:
    """Display names by key; for agents and teams only those of `ids` when given (a desk has tens
    of thousands of users, and a breakdown names its few dozen agents)."""
    s = uow.session
    if group in (GroupBy.AGENT, GroupBy.TEAM):
        model = User if group is GroupBy.AGENT else Team
        name = User.full_name if group is GroupBy.AGENT else Team.name
        query = select(model.id, name)
        if ids is not None:
            wanted = sorted({i for i in ids if i is not None})
            if not wanted:
                return {}
            query = query.where(model.id.in_(wanted))
        return {i: n for i, n in s.connection().execute(query).all()}
    if group is GroupBy.CATEGORY:
        return {c.id: c.path for c in s.scalars(select(Category))}
    return {t.value: label(t) for t in TicketType}


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def breakdown(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime, group: GroupBy | str) -> list[GroupKpis]:
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
    dim = {GroupBy.AGENT: AGENT, GroupBy.TEAM: TEAM, GroupBy.CATEGORY: CATEGORY, GroupBy.TYPE: TYPE}[group]
    with uow:
        s = uow.session
        # Counts, rates and CSAT of the period from the report aggregates, keyed as the column is.
        period = {_column_value(group, key): row for key, row in ranges.totals(s, dim, start, end).items()}
        backlog: dict[Any, int] = {k: n for k, n in s.execute(select(column, func.count())
                                                              .where(text(ACTIVE_SQL)).group_by(column)).all()}
        # Medians: each group's bin from the aggregates, its middle values from its tickets in that bin.
        resolution, response = ({_column_value(group, k): m for k, m in ranges.group_medians(
            s, metric, dim, start, end).items()} for metric in (RESOLUTION, RESPONSE))
        names = _names(uow, group, {*period, *backlog})
    none = {GroupBy.AGENT: _("Unassigned"), GroupBy.TEAM: _("No team"),
            GroupBy.CATEGORY: _("Uncategorised"), GroupBy.TYPE: _("Incident")}[group]
    rows = []
    zero = dict.fromkeys(COUNTERS, 0)
    for key in {k for k, r in period.items() if r["created"] or r["resolved"] or r["csat_n"]} | set(backlog):
        r = period.get(key, zero)
        n, with_sla = r["resolved"], r["sla_with"]
        rows.append(GroupKpis(names.get(key, str(key)) if key is not None else none, r["created"], n,
                              r["fcr"] / n if n else None, response.get(key),
                              resolution.get(key), r["sla_met"] / with_sla if with_sla else None,
                              r["csat_sum"] / r["csat_n"] if r["csat_n"] else None, r["csat_n"],
                              int(backlog.get(key, 0))))
    return sorted(rows, key=lambda r: (-r.resolved, -r.created, r.key))


def _column_value(group: GroupBy, key: str) -> Any:
    """An aggregate's key ("" for none, ids as text) as the ticket column holds it."""
    if key == "":
        return None
    return key if group is GroupBy.TYPE else int(key)


def to_csv(rows: list[GroupKpis], group: GroupBy | str) -> str:
    """The breakdown as CSV with machine-readable columns (ratios 0–1, durations in seconds)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(GroupBy(group)), "created", "resolved", "fcr_rate", "first_response_median_s",
                     "resolution_median_s", "sla_compliance", "csat_average", "csat_responses", "backlog"])

    def cell(value: float | None) -> str:
        return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")

    for r in rows:
        writer.writerow([r.key, r.created, r.resolved, cell(r.fcr_rate), cell(r.first_response_median_s),
                         cell(r.resolution_median_s), cell(r.sla_compliance), cell(r.csat_average),
                         r.csat_responses, r.backlog])
    return out.getvalue()
