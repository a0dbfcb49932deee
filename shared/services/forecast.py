"""Forecasts from the metric history: when a disk fills, when a battery wears out, when memory
runs out, and faults that keep coming back. Each one within `Settings.forecast_days_ahead` opens
one preventive ticket (deduplicated by its alert key while active) and every forecast in sight is
written to the board's health row, as messages that read in each reader's language.

The disk fit: free space per day (the median of that day's samples), cut after the last cleanup
(a rise in free space well above the day-to-day noise), then a Theil–Sen line (the median of all
pairwise slopes) over that segment: robust to bursts and noise, and blind to the cleanup itself.
The pure functions (`disk_forecast`, `trend`) are what bench/forecast_bench.py measures.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.i18n import Said, said_text, say, say_date
from shared.models import Category, Machine, MachineHealth, Ticket
from shared.models.enums import ACTIVE_STATUSES, Channel, Level
from shared.services import history, tickets
from shared.services.alerts import _ensure_probe_account, _open_alert_ticket, _size
from shared.services.dto import ticket_number
from shared.services.uow import UnitOfWork

MIN_DAYS = 5  # a trend needs this many days of one segment
CLEANUP_SHARE = 0.02  # a rise of 2 % of the disk (and well above the noise) is a cleanup
BATTERY_LIMIT = 60.0  # percent of design capacity: below this a battery is worn out
MEMORY_LIMIT = 95.0  # percent of memory in use on average
RECURRING = 3  # faults of one category on one machine (or for one requester) in 30 days


@dataclass(frozen=True)
class Trend:
    slope: float  # units per day
    level: float  # the fitted value today
    since: date  # the first day of the segment fitted


@dataclass(frozen=True)
class DiskForecast:
    free: int  # bytes now
    per_day: float  # bytes lost per day (> 0)
    since: date
    full_on: date

    def explain(self, mount: str) -> Said:
        return say("{mount}: {free} free, falling {rate} a day since {since}: full around {date}", mount=mount,
                   free=_size(self.free), rate=_size(self.per_day), since=say_date(self.since),
                   date=say_date(self.full_on))


def daily(points: Sequence[tuple[datetime, float]]) -> list[tuple[date, float]]:
    """The median value of each day."""
    days: dict[date, list[float]] = {}
    for at, value in points:
        days.setdefault(at.date(), []).append(value)
    return [(d, statistics.median(v)) for d, v in sorted(days.items())]


def theil_sen(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Slope and intercept: the median of pairwise slopes, then the median residual."""
    slopes = [(ys[j] - ys[i]) / (xs[j] - xs[i]) for i in range(len(xs)) for j in range(i + 1, len(xs))
              if xs[j] != xs[i]]
    slope = statistics.median(slopes) if slopes else 0.0
    return slope, statistics.median(y - slope * x for x, y in zip(xs, ys, strict=True))


def _since_cleanup(days: list[tuple[date, float]], total: float) -> list[tuple[date, float]]:
    """The days after the last jump up: a cleanup, an upgrade, a deleted download folder."""
    rises = [b - a for (_d, a), (_e, b) in itertools.pairwise(days)]
    noise = statistics.median(abs(r) for r in rises) if rises else 0.0
    start = 0
    for i, rise in enumerate(rises):
        if rise > max(CLEANUP_SHARE * total, 4 * noise):
            start = i + 1
    return days[start:]


def trend(days: list[tuple[date, float]], today: date) -> Trend | None:
    """A Theil–Sen line through the last 60 days, or None with too few days."""
    days = days[-60:]
    if len(days) < MIN_DAYS or (days[-1][0] - days[0][0]).days < MIN_DAYS - 1:
        return None
    xs = [float((d - today).days) for d, _v in days]
    slope, intercept = theil_sen(xs, [v for _d, v in days])
    return Trend(slope, intercept, days[0][0])


def disk_forecast(points: Sequence[tuple[datetime, int]], total: int, today: date) -> DiskForecast | None:
    """When the volume fills, from its free-space history; None when it is not filling."""
    days = _since_cleanup(daily([(at, float(free)) for at, free in points]), float(total))
    fit = trend(days, today)
    if fit is None or fit.slope >= -0.0005 * total:  # less than 0.05 % a day: not filling
        return None
    free = max(0.0, min(days[-1][1], fit.level))
    return DiskForecast(int(free), -fit.slope, fit.since, today + timedelta(days=int(free / -fit.slope)))


@dataclass(frozen=True)
class Finding:
    key: str  # the preventive ticket's alert key
    due: date  # when the trouble arrives
    summary: Said
    explanation: Said


def findings(h: history.History, today: date) -> list[Finding]:
    """Every forecast for one machine, soonest first."""
    found: list[Finding] = []
    for volume in h.volumes:
        disk = disk_forecast(volume.points, volume.total_bytes, today)
        if disk is not None:
            found.append(Finding(f"forecast:disk:{volume.mountpoint}"[:120], disk.full_on,
                                 say("Disk {mount} will be full around {date}", mount=volume.mountpoint,
                                     date=say_date(disk.full_on)), disk.explain(volume.mountpoint)))
    battery = [(p.at, p.battery_health) for p in h.points if p.battery_health is not None]
    fit = trend(daily([(a, float(b)) for a, b in battery]), today) if battery else None
    if fit is not None and fit.slope < 0 and fit.level > BATTERY_LIMIT:
        due = today + timedelta(days=int((fit.level - BATTERY_LIMIT) / -fit.slope))
        found.append(Finding("forecast:battery", due, say("Battery will be worn out around {date}",
                                                          date=say_date(due)),
                             say("The battery holds {health}% of its design capacity, losing {rate} points a month "
                                 "since {since}: below {limit}% around {date}", health=round(fit.level),
                                 rate=round(-fit.slope * 30, 1), since=say_date(fit.since),
                                 limit=round(BATTERY_LIMIT), date=say_date(due))))
    fit = trend(daily([(p.at, p.mem) for p in h.points]), today)
    if fit is not None and fit.slope > 0.05 and fit.level < MEMORY_LIMIT:
        due = today + timedelta(days=int((MEMORY_LIMIT - fit.level) / fit.slope))
        found.append(Finding("forecast:memory", due, say("Memory will run short around {date}", date=say_date(due)),
                             say("Memory use averages {level}%, rising {rate} points a week since {since}: "
                                 "{limit}% around {date}", level=round(fit.level), rate=round(fit.slope * 7, 1),
                                 since=say_date(fit.since), limit=round(MEMORY_LIMIT), date=say_date(due))))
    return sorted(found, key=lambda f: f.due)


@dataclass(frozen=True)
class RunResult:
    machines: int
    opened: tuple[int, ...] = field(default=())


def run(uow: UnitOfWork, actor: Actor = SYSTEM, *, batch: int = 500) -> RunResult:
    """Forecast every enrolled machine, write the board's explanations, open preventive tickets
    for what is due within `forecast_days_ahead` (one per alert key while active), and one for each
    recurring fault. Permission: machine:enrol (the scheduler runs it as the system).
    """
    require(actor, Permission.MACHINE_ENROL)
    _ensure_probe_account(uow)
    opened: list[int] = []
    with uow:
        ids = list(uow.session.scalars(select(Machine.id).where(Machine.token_hash.is_not(None))
                                       .order_by(Machine.id)))
    for start in range(0, len(ids), batch):  # one transaction per batch keeps locks short
        with uow:
            for machine_id in ids[start:start + batch]:
                opened.extend(_machine(uow, machine_id))
            uow.commit()
    with uow:
        opened.extend(_recurring(uow))
        opened.extend(_recurring_requesters(uow))
        uow.commit()
    return RunResult(len(ids), tuple(opened))


def _active_keys(uow: UnitOfWork, machine_id: int) -> set[str]:
    return set(uow.session.scalars(select(Ticket.alert_key).where(
        Ticket.machine_id == machine_id, Ticket.alert_key.is_not(None), Ticket.status.in_(ACTIVE_STATUSES))))


def _machine(uow: UnitOfWork, machine_id: int) -> list[int]:
    s = uow.session
    now = uow.now()
    found = findings(history.read(s, machine_id, history.minutes(now), days=90), now.date())
    ahead = now.date() + timedelta(days=uow.settings.forecast_days_ahead)
    health = s.get(MachineHealth, machine_id)
    if health is None:
        health = MachineHealth(machine_id=machine_id)
        s.add(health)
    health.forecast = [f.explanation for f in found if f.due <= now.date() + timedelta(days=90)] or None
    due = [f for f in found if f.due <= ahead]
    if not due:
        return []
    active = _active_keys(uow, machine_id)
    machine = s.get(Machine, machine_id)
    assert machine is not None
    # A disk the probe already reports as full has its alert ticket: no preventive one beside it.
    active |= {f"forecast:disk:{key.removeprefix('disk_full:')}" for key in active if key.startswith("disk_full:")}
    return [_open_alert_ticket(uow, machine, f.key, f.summary, "warning",
                               say("Preventive: {explanation}", explanation=f.explanation))
            for f in due if f.key not in active]


def _recurring(uow: UnitOfWork) -> list[int]:
    """A machine with three faults of one category in 30 days gets one preventive ticket."""
    s = uow.session
    since = uow.now() - timedelta(days=30)
    groups = s.execute(select(Ticket.machine_id, Ticket.category_id, func.count()).where(
        Ticket.created_at >= since, Ticket.machine_id.is_not(None), Ticket.category_id.is_not(None),
        Ticket.alert_key.is_(None)).group_by(Ticket.machine_id, Ticket.category_id)
        .having(func.count() >= RECURRING)).all()
    opened = []
    for machine_id, category_id, count in groups:
        key = f"recurring:{category_id}"
        if key in _active_keys(uow, machine_id):
            continue
        machine = s.get(Machine, machine_id)
        assert machine is not None
        opened.append(_open_alert_ticket(
            uow, machine, key, say("The same kind of fault came back {count} times in 30 days", count=count),
            "warning", say("Preventive: {count} tickets of one category on this machine in 30 days; "
                           "look for the common cause.", count=count)))
    return opened


def requester_key(requester_id: int, category_id: int) -> str:
    """The alert key of a requester's recurring-fault ticket (one per requester and category while active)."""
    return f"recurring:requester:{requester_id}:{category_id}"


def _recurring_requesters(uow: UnitOfWork) -> list[int]:
    """A requester with three tickets of one category in 30 days gets one preventive ticket, raised
    for them and listing the tickets, so the agent who takes it sees the pattern (a printer that
    fails one person on several machines, a training need). Where those tickets are on one machine,
    `_recurring` has already opened the machine's ticket: none is added for the person."""
    s = uow.session
    since = uow.now() - timedelta(days=30)
    groups = s.execute(select(Ticket.requester_id, Ticket.category_id, func.count()).where(
        Ticket.created_at >= since, Ticket.category_id.is_not(None), Ticket.alert_key.is_(None),
        Ticket.merged_into_id.is_(None)).group_by(Ticket.requester_id, Ticket.category_id)
        .having(func.count() >= RECURRING)).all()
    opened: list[int] = []
    for requester_id, category_id, count in groups:
        key = requester_key(requester_id, category_id)
        if s.scalar(select(Ticket.id).where(Ticket.alert_key == key, Ticket.status.in_(ACTIVE_STATUSES)).limit(1)):
            continue
        rows = s.execute(select(Ticket.id, Ticket.machine_id).where(
            Ticket.requester_id == requester_id, Ticket.category_id == category_id, Ticket.created_at >= since,
            Ticket.alert_key.is_(None), Ticket.merged_into_id.is_(None)).order_by(Ticket.id)).all()
        machines = [machine_id for _n, machine_id in rows]
        if any(m is not None and machines.count(m) >= RECURRING for m in set(machines)):
            continue  # the machine's own recurring-fault ticket covers it
        category = s.get(Category, category_id)
        name = category.name if category is not None else str(category_id)
        numbers = ", ".join(ticket_number(ticket_id, uow.settings.ticket_prefix) for ticket_id, _m in rows)
        summary = say("{count} tickets of category {category} from this requester in 30 days", count=count,
                      category=name)
        description = say("Preventive: this requester raised {count} tickets of category {category} in 30 days "
                          "({numbers}); look for the common cause.", count=count, category=name, numbers=numbers)
        detail = tickets.create(
            uow, SYSTEM, subject=said_text(summary)[:200], description=said_text(description),
            said={"subject": summary, "description": description}, requester_id=requester_id,
            channel=Channel.PROBE, category_id=category_id, impact=Level.LOW, urgency=Level.MEDIUM, alert_key=key)
        opened.append(detail.id)
    return opened
