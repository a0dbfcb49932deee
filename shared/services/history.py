"""Each machine's metrics over time, kept compactly as reports arrive.

Three tiers: every report (RAW) for 48 hours, hourly averages for 30 days, daily averages for a
year. Each report writes its RAW sample; the first report of a new hour rolls the previous hour up,
set-based (INSERT … SELECT … GROUP BY over that hour's rows of one machine, on the primary key),
and that hour's day with it, then prunes each tier's expired rows. A typical report costs a
lookup and two inserts; once an hour a handful of small statements, whatever the history's length.
`record` runs inside the report's transaction (`alerts.ingest_report`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.db.in_list import in_list
from shared.models.health import DAILY, HOURLY, MAX_VOLUMES, RAW, MachineHealth, MachineSample, MachineVolume
from shared.services.uow import UnitOfWork

MIB = 1024 * 1024
HOUR, DAY = 60, 1440  # minutes
KEEP = {RAW: 48 * HOUR, HOURLY: 30 * DAY, DAILY: 365 * DAY}  # how far back each tier reaches
WIDTH = {HOURLY: HOUR, DAILY: DAY}
SAMPLES = cast("Table", MachineSample.__table__)
FREE = tuple(f"free{v}" for v in range(1, MAX_VOLUMES + 1))
REBOOT_SLACK = 5  # minutes: two samples whose boot times differ by more saw a reboot between them


def minutes(at: datetime) -> int:
    return int(at.timestamp() // 60)


def moment(t: int) -> datetime:
    return datetime.fromtimestamp(t * 60, UTC)


@dataclass(frozen=True)
class Sample:
    """One report's figures: what `record` stores."""

    at: datetime
    cpu: float  # percent
    mem: float  # percent
    uptime_s: int
    battery_health: float | None  # percent of design capacity, where the probe knows it
    disks: tuple[tuple[str, int, int], ...]  # mountpoint, total bytes, free bytes
    user: str | None


def sample_of(snapshot: Mapping[str, Any]) -> Sample:
    """The figures of a validated probe snapshot."""
    battery = snapshot.get("battery") or {}
    health = battery.get("health_percent")  # optional: where the OS reports it (agent_probe/collect/battery.py)
    users = snapshot.get("users") or []
    return Sample(
        at=datetime.fromisoformat(snapshot["collected_at"]), cpu=float(snapshot["cpu"]["percent"]),
        mem=float(snapshot["memory"]["percent"]), uptime_s=int(snapshot["system"]["uptime_seconds"]),
        battery_health=float(health) if isinstance(health, int | float) else None,
        disks=tuple((d["mountpoint"], int(d["total"] or 0), int(d["free"] or 0)) for d in snapshot["disks"]
                    if not d.get("error") and d.get("total")),
        user=str(users[0]["name"])[:120] if users else None)


def _rebooted(t: int, uptime: int, previous: Sequence[int] | None) -> bool:
    """Whether a sample at minute `t`, up `uptime` minutes, follows a reboot since `previous` (the
    last stored sample's minute and uptime): their boot times differ by more than the slack."""
    return previous is not None and abs((t - uptime) - (previous[0] - previous[1])) > REBOOT_SLACK


def _hundredths(percent: float) -> int:
    return max(0, min(10000, round(percent * 100)))


def _volumes(s: Session, machine_id: int, disks: Sequence[tuple[str, int, int]],
             known: dict[str, MachineVolume] | None = None) -> dict[str, int]:
    """Volume numbers by mount point, numbering new ones and keeping totals current. `known`: the
    machine's volumes by mount point, when the caller loaded them already."""
    if known is None:
        known = {v.mountpoint: v for v in s.scalars(select(MachineVolume)
                                                   .where(MachineVolume.machine_id == machine_id))}
    nxt = max((v.vol for v in known.values()), default=0) + 1
    for mount, total, _free in disks:
        volume = known.get(mount)
        if volume is None and nxt > MAX_VOLUMES:
            continue  # a fifth volume is not followed (its free space is in the snapshot)
        if volume is None:
            volume = known[mount] = MachineVolume(machine_id=machine_id, vol=nxt, mountpoint=mount[:255],
                                                  total_mb=total // MIB)
            s.add(volume)
            s.flush()  # the session does not autoflush: the next report must find it
            nxt += 1
        elif volume.total_mb != total // MIB:
            volume.total_mb = total // MIB
    return {mount: v.vol for mount, v in known.items()}


def record(uow: UnitOfWork, machine_id: int, sample: Sample, *, latest: bool = True) -> None:
    """Store one report's sample and roll its hour and day up (in the caller's transaction).

    `latest` is False for a late replay: it joins the history but does not touch the board's row.
    A sample at a minute already stored is ignored (a probe's spool may replay).
    """
    _record(uow, machine_id, sample, latest=latest, tidy=True)


def _record(uow: UnitOfWork, machine_id: int, sample: Sample, *, latest: bool, tidy: bool) -> int | None:
    """`record`, returning the sample's minute when it closed an hour (else None). With `tidy`
    False the pruning and the sparkline that close calls for are left to the caller."""
    s = uow.session
    t = minutes(sample.at)
    m = MachineSample
    if s.scalar(select(m.t).where(m.machine_id == machine_id, m.tier == RAW, m.t == t)) is not None:
        return None
    newest = s.scalar(select(func.max(m.t)).where(m.machine_id == machine_id, m.tier == RAW))
    previous = s.execute(select(m.t, m.uptime).where(m.machine_id == machine_id, m.tier == RAW, m.t < t)
                         .order_by(m.t.desc()).limit(1)).first()
    uptime = sample.uptime_s // 60
    rebooted = _rebooted(t, uptime, previous)
    # Core statements, not ORM objects: samples never enter the session's identity map, so a
    # batch of thousands (the demo's backfill) costs the same per sample as one report.
    s.execute(insert(SAMPLES), _sample_row(machine_id, sample, t, rebooted, _volumes(s, machine_id, sample.disks)))
    # An hour is rolled up once, when the first report of the next hour arrives, and a day when
    # the next day's does: rows are not rewritten per report, which keeps PostgreSQL's tables
    # free of dead tuples. A late replay rolls its own hour and day up again at once.
    if newest is not None and t < newest:
        _roll_up(s, machine_id, HOURLY, RAW, t - t % HOUR)
        _roll_up(s, machine_id, DAILY, HOURLY, t - t % DAY)
        if latest:
            _update_health(s, machine_id, sample, uow.now())
        return None
    return _after_insert(uow, machine_id, sample, latest, t, newest, tidy)


def _sample_row(machine_id: int, sample: Sample, t: int, rebooted: bool, vols: dict[str, int]) -> dict[str, Any]:
    """A raw sample as column values (every free-space column, NULL where no volume is followed)."""
    free: dict[str, int | None] = dict.fromkeys(FREE)
    free.update({f"free{vols[mount]}": value // MIB for mount, _total, value in sample.disks if mount in vols})
    return {"machine_id": machine_id, "tier": RAW, "t": t, "n": 1, "cpu": _hundredths(sample.cpu),
            "mem": _hundredths(sample.mem), "uptime": sample.uptime_s // 60, "reboots": int(rebooted),
            "battery": None if sample.battery_health is None else _hundredths(sample.battery_health), **free}


def _after_insert(uow: UnitOfWork, machine_id: int, sample: Sample, latest: bool, t: int,
                  previous: int | None, tidy: bool) -> int | None:
    """After an in-order sample at `t` (the machine's newest before it: `previous`): the hour and
    day it closed are rolled up, old rows pruned (unless not `tidy`), the sparkline refreshed, the
    board's row updated. Returns `t` when the sample closed an hour, else None."""
    s = uow.session
    closed = None
    if previous is not None and previous // HOUR != t // HOUR:
        _roll_up(s, machine_id, HOURLY, RAW, previous - previous % HOUR)
        if previous // DAY != t // DAY:
            _roll_up(s, machine_id, DAILY, HOURLY, previous - previous % DAY)
        closed = t
        if tidy:
            _tidy(s, machine_id, minutes(uow.now()), t)
    if latest:
        _update_health(s, machine_id, sample, uow.now())
    return closed


def _tidy(s: Session, machine_id: int, now: int, t: int) -> None:
    """What an hour's close by the sample at minute `t` calls for besides its roll-ups: the tiers
    pruned to their windows before `now` and the board's sparkline read up to `t`."""
    _prune(s, machine_id, now)
    _refresh_spark(s, machine_id, t)


# `record_many`'s reads, built once: building a statement (and its cache key) on every batch cost
# more CPU than running it. `ids`: the machines of the batch (`in_list`: one text for any batch).
_TOP = select(MachineSample.machine_id, func.max(MachineSample.t).label("t")).where(
    in_list(MachineSample.machine_id, "ids"), MachineSample.tier == RAW).group_by(MachineSample.machine_id).subquery()
_NEWEST = select(MachineSample.machine_id, MachineSample.t, MachineSample.uptime).join(
    _TOP, (MachineSample.machine_id == _TOP.c.machine_id) & (MachineSample.t == _TOP.c.t)).where(
    MachineSample.tier == RAW)
_VOLUMES_OF = select(MachineVolume).where(in_list(MachineVolume.machine_id, "ids"))
_HEALTH_OF = select(MachineHealth).where(in_list(MachineHealth.machine_id, "ids"))


def record_many(uow: UnitOfWork, samples: Sequence[tuple[int, Sample, bool]]) -> None:
    """`record` for a batch of reports of different machines (each machine at most once): the
    same rows, with one statement per step for the whole batch instead of one per report: the
    machines' newest samples, their volumes and health rows are read at once and the new samples
    inserted at once. A late replay (older than the machine's newest sample) goes through `record`."""
    if not samples:
        return
    s = uow.session
    ids = [machine_id for machine_id, _sample, _latest in samples]
    assert len(set(ids)) == len(ids), "one sample per machine in a batch"
    newest: dict[int, tuple[int, int]] = {r[0]: (r[1], r[2]) for r in s.execute(_NEWEST, {"ids": ids})}
    volumes: dict[int, dict[str, MachineVolume]] = {i: {} for i in ids}
    for v in s.scalars(_VOLUMES_OF, {"ids": ids}):
        volumes[v.machine_id][v.mountpoint] = v
    # Held while the batch runs: the session's identity map keeps objects only as long as they are referenced.
    health = list(s.scalars(_HEALTH_OF, {"ids": ids}))
    rows: list[dict[str, Any]] = []
    stored: list[tuple[int, Sample, bool, int, int | None]] = []
    late: list[tuple[int, Sample, bool]] = []
    for machine_id, sample, latest in samples:
        t = minutes(sample.at)
        last = newest.get(machine_id)
        if last is not None and t <= last[0]:
            if t < last[0]:
                late.append((machine_id, sample, latest))
            continue  # t == the newest: a sample at this minute is stored already
        rebooted = _rebooted(t, sample.uptime_s // 60, last)
        rows.append(_sample_row(machine_id, sample, t, rebooted,
                                _volumes(s, machine_id, sample.disks, volumes[machine_id])))
        stored.append((machine_id, sample, latest, t, last[0] if last else None))
    if rows:
        s.execute(insert(SAMPLES), rows)
    for machine_id, sample, latest, t, previous in stored:
        _after_insert(uow, machine_id, sample, latest, t, previous, tidy=True)
    for machine_id, sample, latest in late:
        record(uow, machine_id, sample, latest=latest)
    del health


# The roll-up and pruning statements, written once as SQL both backends run: building them with
# the expression language on every report cost more than running them.
_COLUMNS = ", ".join(FREE)
# A roll-up row: its key (machine, tier, bucket start), then the finer rows' figures, weighted by n.
_ROLL_INSERT = f"INSERT INTO machine_samples (machine_id, tier, t, n, cpu, mem, battery, uptime, reboots, {_COLUMNS}) "
_ROLL_FIGURES = ("SUM(n), ROUND(SUM(cpu * n) / SUM(n)), ROUND(SUM(mem * n) / SUM(n)), ROUND(AVG(battery)), "
                 f"MAX(uptime), SUM(reboots), {', '.join(f'ROUND(AVG({c}))' for c in FREE)} FROM machine_samples ")
_ROLL = (
    text("DELETE FROM machine_samples WHERE machine_id = :mid AND tier = :tier AND t = :start"),
    text(_ROLL_INSERT + "SELECT CAST(:mid AS INTEGER), CAST(:tier AS SMALLINT), CAST(:start AS INTEGER), "
         + _ROLL_FIGURES + "WHERE machine_id = :mid AND tier = :source AND t >= :start AND t < :end "
         "HAVING COUNT(*) > 0"))
_PRUNE = text("DELETE FROM machine_samples WHERE machine_id = :mid AND tier = :tier AND t <= :before")


def _roll_up(s: Session, machine_id: int, tier: int, source: int, start: int) -> None:
    """Recompute one bucket of `tier` from the rows of the finer `source` tier (weighted by n)."""
    params = {"mid": machine_id, "tier": tier, "source": source, "start": start, "end": start + WIDTH[tier]}
    for statement in _ROLL:
        s.execute(statement, params)


def _prune(s: Session, machine_id: int, now: int) -> None:
    for tier, keep in KEEP.items():
        s.execute(_PRUNE, {"mid": machine_id, "tier": tier, "before": now - keep})


def _refresh_spark(s: Session, machine_id: int, now: int) -> None:
    cpu, mem, disk = sparklines(s, [machine_id], now)[machine_id]
    row = _health_row(s, machine_id)
    row.spark = {"cpu": [round(v) for v in cpu], "mem": [round(v) for v in mem], "disk": [round(v) for v in disk]}


def _health_row(s: Session, machine_id: int) -> MachineHealth:
    row = s.get(MachineHealth, machine_id)
    if row is None:
        row = MachineHealth(machine_id=machine_id)
        s.add(row)
        s.flush()  # the session does not autoflush: the next report must find it
    return row


def _update_health(s: Session, machine_id: int, sample: Sample, now: datetime) -> None:
    shares = [free / total * 100 for _m, total, free in sample.disks if total]
    row = _health_row(s, machine_id)
    row.cpu, row.mem = round(sample.cpu, 1), round(sample.mem, 1)
    row.disk_free_pct = round(min(shares), 1) if shares else None
    row.last_user = sample.user
    row.updated_at = now


# Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    at: datetime
    cpu: float
    mem: float
    battery_health: float | None
    uptime_hours: float
    reboots: int


@dataclass(frozen=True)
class VolumeSeries:
    mountpoint: str
    total_bytes: int
    points: tuple[tuple[datetime, int], ...]  # when, free bytes


@dataclass(frozen=True)
class History:
    machine_id: int
    points: tuple[Point, ...]
    volumes: tuple[VolumeSeries, ...]


def _tier_plan(now: int, since: int) -> list[tuple[int, int, int]]:
    """(tier, from, to) minutes covering [since, now] with the finest tier that reaches each part."""
    plan = []
    edges = [(tier, now - KEEP[tier] + 1) for tier in (RAW, HOURLY, DAILY)]  # what pruning leaves
    upper = now + 1
    for tier, lower in edges:
        lo = max(lower, since)
        if lo < upper:
            plan.append((tier, lo, upper))
            upper = lo
    return plan


def series(uow: UnitOfWork, actor: Actor, machine_id: int, *, days: int = 30) -> History:
    """The machine's history over the last `days`, each part at the finest resolution kept.

    Permission: machine:view.
    """
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        return read(uow.session, machine_id, minutes(uow.now()), days)


def read(s: Session, machine_id: int, now: int, days: int) -> History:
    """The history (no permission check: for services that already made one)."""
    m = MachineSample
    plan = _tier_plan(now, now - days * DAY)
    points: list[Point] = []
    free: dict[int, list[tuple[datetime, int]]] = {}
    for tier, lo, hi in reversed(plan):  # oldest part first
        for r in s.scalars(select(m).where(m.machine_id == machine_id, m.tier == tier, m.t >= lo, m.t < hi)
                           .order_by(m.t)):
            at = moment(r.t)
            points.append(Point(at, r.cpu / 100, r.mem / 100, None if r.battery is None else r.battery / 100,
                                r.uptime / 60, r.reboots))
            for vol, column in enumerate(FREE, start=1):
                value = getattr(r, column)
                if value is not None:
                    free.setdefault(vol, []).append((at, value * MIB))
    vols = s.scalars(select(MachineVolume).where(MachineVolume.machine_id == machine_id)
                     .order_by(MachineVolume.vol))
    return History(machine_id, tuple(points), tuple(
        VolumeSeries(v.mountpoint, v.total_mb * MIB, tuple(free.get(v.vol, ()))) for v in vols))


def sparklines(s: Session, machine_ids: Sequence[int], now: int) -> dict[int, tuple[tuple[float, ...], ...]]:
    """Per machine, the hourly CPU, memory and fullest-disk-used series of the last 48 hours."""
    if not machine_ids:
        return {}
    m = MachineSample
    totals: dict[int, dict[int, int]] = {i: {} for i in machine_ids}
    for v in s.scalars(select(MachineVolume).where(MachineVolume.machine_id.in_(machine_ids))):
        totals[v.machine_id][v.vol] = v.total_mb
    cpu: dict[int, list[float]] = {i: [] for i in machine_ids}
    mem: dict[int, list[float]] = {i: [] for i in machine_ids}
    used: dict[int, list[float]] = {i: [] for i in machine_ids}
    for r in s.execute(select(m.machine_id, m.cpu, m.mem, *(getattr(m, c) for c in FREE)).where(
            m.machine_id.in_(machine_ids), m.tier == HOURLY, m.t >= now - 48 * HOUR).order_by(m.machine_id, m.t)):
        cpu[r[0]].append(r[1] / 100)
        mem[r[0]].append(r[2] / 100)
        shares = [100 - f / totals[r[0]][vol] * 100 for vol, f in enumerate(r[3:], start=1)
                  if f is not None and totals[r[0]].get(vol)]
        if shares:
            used[r[0]].append(max(shares))
    return {i: (tuple(cpu[i]), tuple(mem[i]), tuple(used[i])) for i in machine_ids}


def backfill(uow: UnitOfWork, machine_id: int, samples: Sequence[Sample]) -> None:
    """Record many past samples in order (the demo's 90 days), in the caller's transaction; the
    clock is each sample's own time, so each tier keeps what it would have kept.

    Pruning and the sparkline are done once, for the last hour closed, not at every hour's close
    (a third of the demo's history went there): the same rows result. Each tier's window only
    moves forward, so the last prune deletes everything the earlier ones would have; the roll-ups
    between read the hour or day just closed, which no window had reached yet (the finest keeps
    48 hours); and the sparkline is a row each refresh overwrote.

    A machine with no history yet gets its samples set-based (`_backfill_fresh`): one INSERT for
    the raw samples and one INSERT … SELECT … GROUP BY per tier, instead of ~5 statements a
    sample (the demo's 1,878 samples were a fifth of its load)."""
    if _backfill_fresh(uow, machine_id, samples):
        return
    clock = uow.clock
    closed: int | None = None
    try:
        for i, sample in enumerate(samples):
            uow.clock = lambda at=sample.at: at  # type: ignore[misc]
            at = _record(uow, machine_id, sample, latest=i == len(samples) - 1, tidy=False)
            closed = at if at is not None else closed
    finally:
        uow.clock = clock
    if closed is not None:  # the clock was that sample's own time: `now` and `t` are its minute
        _tidy(uow.session, machine_id, closed, closed)


# Every hour (day) of a fresh machine's backfill before its last sample's, rolled up at once: `_ROLL`
# grouped by bucket instead of one bucket per statement. The bucket is grouped by its place in the
# select list: PostgreSQL takes two `t - t % $n` for different expressions.
_ROLL_ALL = text(_ROLL_INSERT + "SELECT CAST(:mid AS INTEGER), CAST(:tier AS SMALLINT), t - t % :width, "
                 + _ROLL_FIGURES + "WHERE machine_id = :mid AND tier = :source AND t < :end GROUP BY 3")
_ANY_SAMPLE = text("SELECT 1 FROM machine_samples WHERE machine_id = :mid LIMIT 1")


def _backfill_fresh(uow: UnitOfWork, machine_id: int, samples: Sequence[Sample]) -> bool:
    """`backfill` for a machine with no samples yet and samples in order (a repeated minute is
    skipped, as `record` skips it); False, having written nothing, for any other case. Recording
    them one by one would store the same rows: each hour is rolled up when a later hour's sample
    arrives, so every hour before the last sample's is; likewise every day before its day, from
    the hours, which are all rolled up by then; nothing is pruned before the end."""
    s = uow.session
    minutes_of = [minutes(sample.at) for sample in samples]
    if not samples or any(b < a for a, b in pairwise(minutes_of)) \
            or s.execute(_ANY_SAMPLE, {"mid": machine_id}).first() is not None:
        return False
    known = {v.mountpoint: v for v in s.scalars(select(MachineVolume).where(MachineVolume.machine_id == machine_id))}
    rows: list[dict[str, Any]] = []
    closed: int | None = None
    previous: tuple[int, int] | None = None  # the last stored sample's minute and uptime (minutes)
    last_stored = False  # `record` skips a repeated minute before it updates the board's row
    for sample, t in zip(samples, minutes_of, strict=True):
        last_stored = previous is None or t != previous[0]
        if not last_stored:
            continue
        uptime = sample.uptime_s // 60
        rebooted = _rebooted(t, uptime, previous)
        if previous is not None and previous[0] // HOUR != t // HOUR:
            closed = t
        rows.append(_sample_row(machine_id, sample, t, rebooted, _volumes(s, machine_id, sample.disks, known)))
        previous = (t, uptime)
    s.execute(insert(SAMPLES), rows)
    last = minutes_of[-1]
    for tier, source in ((HOURLY, RAW), (DAILY, HOURLY)):
        width = WIDTH[tier]
        s.execute(_ROLL_ALL, {"mid": machine_id, "tier": tier, "source": source, "width": width,
                              "end": last - last % width})
    if last_stored:
        _update_health(s, machine_id, samples[-1], samples[-1].at)
    if closed is not None:
        _tidy(s, machine_id, closed, closed)
    return True
