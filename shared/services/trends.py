"""Trends: categories rising week over week, and problems that keep coming back on one machine or
for one requester. For the dashboard's trends panel and the weekly report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from shared.auth.permissions import Actor, Permission, require
from shared.i18n import _
from shared.models import Category, Machine, Ticket, User
from shared.services.names import shown_path
from shared.services.uow import UnitOfWork, number_in

RISE_MIN = 3  # fewer tickets than this in a week is no trend, whatever the ratio
RISE_RATIO = 1.5
RECUR_MIN = 3  # tickets of one category for one machine or person in the period
RECUR_DAYS = 30


@dataclass(frozen=True)
class CategoryTrend:
    category: str
    this_week: int
    last_week: int

    @property
    def change(self) -> float | None:
        """+0.5 = half as many again; None when last week had none."""
        return self.this_week / self.last_week - 1 if self.last_week else None


@dataclass(frozen=True)
class Recurring:
    kind: str  # "machine" or "requester"
    name: str  # hostname or full name
    category: str
    count: int
    ticket_ids: tuple[int, ...]
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class Trends:
    rising: tuple[CategoryTrend, ...]
    recurring: tuple[Recurring, ...]


def _paths(uow: UnitOfWork) -> dict[int | None, str]:
    paths: dict[int | None, str] = {c.id: shown_path(c.path) for c in uow.session.scalars(select(Category))}
    paths[None] = _("Uncategorised")
    return paths


def rising(uow: UnitOfWork, end: datetime) -> list[CategoryTrend]:
    """Categories with at least RISE_MIN tickets in the 7 days to `end` and RISE_RATIO times the
    7 days before (or new), biggest rise first. Inside the caller's transaction."""
    s, week = uow.session, timedelta(days=7)
    def counts(start: datetime, stop: datetime) -> dict[int | None, int]:
        return {k: n for k, n in s.execute(select(Ticket.category_id, func.count()).where(
            Ticket.created_at >= start, Ticket.created_at < stop).group_by(Ticket.category_id)).all()}
    now_counts, before = counts(end - week, end), counts(end - 2 * week, end - week)
    paths = _paths(uow)
    out = [CategoryTrend(paths.get(k, "?"), n, before.get(k, 0)) for k, n in now_counts.items()
           if n >= RISE_MIN and n >= RISE_RATIO * before.get(k, 0) and n > before.get(k, 0)]
    return sorted(out, key=lambda t: (-(t.this_week - t.last_week), t.category))


def recurring(uow: UnitOfWork, end: datetime, days: int = RECUR_DAYS) -> list[Recurring]:
    """Machines and requesters with RECUR_MIN or more tickets of one category in the `days` to `end`,
    most first. Probe alerts count for the machine only (their requester is the probe's owner)."""
    s = uow.session
    since = end - timedelta(days=days)
    paths = _paths(uow)
    out: list[Recurring] = []
    def machine_names(ids: list[int]) -> dict[int, str]:
        return {i: n for i, n in s.execute(select(Machine.id, Machine.hostname).where(Machine.id.in_(ids)))}

    def person_names(ids: list[int]) -> dict[int, str]:
        return {i: n for i, n in s.execute(select(User.id, User.full_name).where(User.id.in_(ids)))}

    for kind, column, names in (("machine", Ticket.machine_id, machine_names),
                                ("requester", Ticket.requester_id, person_names)):
        groups = s.execute(select(column, Ticket.category_id, func.count()).where(
            Ticket.created_at >= since, Ticket.created_at < end, column.is_not(None), Ticket.merged_into_id.is_(None))
            .group_by(column, Ticket.category_id).having(func.count() >= RECUR_MIN)).all()
        if not groups:
            continue
        who = names([g[0] for g in groups])
        ids: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for owner, category, ticket_id in s.execute(select(column, Ticket.category_id, Ticket.id).where(
                Ticket.created_at >= since, Ticket.created_at < end, column.in_([g[0] for g in groups]),
                Ticket.merged_into_id.is_(None)).order_by(Ticket.id)):
            ids[(owner, category)].append(ticket_id)
        for owner, category, n in groups:
            found = tuple(ids[(owner, category)])
            out.append(Recurring(kind, str(who.get(owner, owner)), paths.get(category, "?"), int(n), found,
                                 tuple(number_in(s, i) for i in found)))
    return sorted(out, key=lambda r: (-r.count, r.kind, r.name))


def trends(uow: UnitOfWork, actor: Actor, *, end: datetime | None = None) -> Trends:
    """Rising categories (this week against last) and recurring problems (the last 30 days).
    Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    with uow:
        stop = end or uow.now()
        return Trends(tuple(rising(uow, stop)), tuple(recurring(uow, stop)[:20]))
