"""Metric history: three tiers kept as reports arrive, reboots seen, expiry per tier, reading back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models import MachineHealth, MachineSample
from shared.models.health import DAILY, HOURLY, RAW
from shared.services import alerts, enrolment, history
from tests.conftest import FakeClock
from tests.http.reports import report
from tests.statements import recorded

GB = 1024**3


def machine(db: Database, name: str = "pc-1") -> int:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    return enrolment.enrol(db.uow(), token, name, "Linux 6.1", None)[0]


def sample(at: datetime, *, cpu: float = 10.0, free_gb: float = 50.0, uptime_h: float = 5.0) -> history.Sample:
    return history.Sample(at=at, cpu=cpu, mem=40.0, uptime_s=int(uptime_h * 3600), battery_health=90.0,
                          disks=(("/", 100 * GB, int(free_gb * GB)),), user="budi")


def counts(db: Database, mid: int) -> dict[int, int]:
    with db.uow() as uow:
        rows = uow.session.execute(select(MachineSample.tier, func.count()).where(
            MachineSample.machine_id == mid).group_by(MachineSample.tier))
        return {tier: n for tier, n in rows}


def feed(db: Database, clock: FakeClock, mid: int, hours: float, every_min: int = 15, **kw: float) -> None:
    with db.uow() as uow:
        for _ in range(int(hours * 60 / every_min)):
            clock.advance(minutes=every_min)
            history.record(uow, mid, sample(clock(), **kw))
        uow.commit()


def test_each_tier_keeps_its_window(db: Database, clock: FakeClock) -> None:
    mid = machine(db)
    feed(db, clock, mid, hours=24 * 3, every_min=60)  # three days, hourly
    n = counts(db, mid)
    assert n[RAW] == 48  # full resolution for 48 hours only
    assert n[HOURLY] == 71 and n[DAILY] == 3  # the hours and days closed (the current ones roll up later)
    feed(db, clock, mid, hours=24 * 40, every_min=24 * 60)  # then forty days, daily
    n = counts(db, mid)
    assert n[RAW] == 2 and n[HOURLY] == 29 and n[DAILY] >= 39


def test_an_hour_is_the_average_of_its_reports(db: Database, clock: FakeClock) -> None:
    mid = machine(db)
    clock.set(clock().replace(minute=0))
    with db.uow() as uow:
        for cpu in (10.0, 20.0, 30.0, 40.0, 99.0):  # the fifth, in the next hour, closes the first
            clock.advance(minutes=14)
            history.record(uow, mid, sample(clock(), cpu=cpu))
        uow.commit()
    with db.uow() as uow:
        hour = uow.session.scalars(select(MachineSample).where(MachineSample.machine_id == mid,
                                                               MachineSample.tier == HOURLY)).one()
        assert (hour.n, hour.cpu / 100) == (4, 25.0)


def test_a_reboot_is_counted_once(db: Database, clock: FakeClock) -> None:
    mid = machine(db)
    with db.uow() as uow:
        for uptime_h in (5.0, 5.25, 0.1, 0.35):  # booted again between the 2nd and 3rd report
            clock.advance(minutes=15)
            history.record(uow, mid, sample(clock(), uptime_h=uptime_h))
        uow.commit()
    data = history.series(db.uow(), SYSTEM, mid, days=1)
    assert [p.reboots for p in data.points] == [0, 0, 1, 0]


def test_a_replayed_sample_is_ignored_and_a_late_one_leaves_the_board_alone(db: Database, clock: FakeClock) -> None:
    mid = machine(db)
    now = clock()
    with db.uow() as uow:
        history.record(uow, mid, sample(now, cpu=50.0))
        history.record(uow, mid, sample(now, cpu=99.0))
        history.record(uow, mid, sample(now - timedelta(minutes=30), cpu=5.0), latest=False)
        uow.commit()
    data = history.series(db.uow(), SYSTEM, mid, days=1)
    assert [p.cpu for p in data.points] == [5.0, 50.0]
    with db.uow() as uow:
        health = uow.session.get(MachineHealth, mid)
        assert health is not None and (health.cpu, health.disk_free_pct, health.last_user) == (50.0, 50.0, "budi")


def test_reading_uses_the_finest_tier_for_each_part(db: Database, clock: FakeClock) -> None:
    mid = machine(db)
    feed(db, clock, mid, hours=24 * 5, every_min=60, free_gb=40.0)
    data = history.series(db.uow(), SYSTEM, mid, days=30)
    times = [p.at for p in data.points]
    assert times == sorted(times) and len(times) == len(set(times))
    assert len(data.points) == 5 * 24  # raw for 48 h, hourly before: every hour once
    (volume,) = data.volumes
    assert volume.mountpoint == "/" and round(volume.points[-1][1] / GB) == 40


def test_a_report_records_history(db: Database, clock: FakeClock) -> None:
    mid = machine(db)
    alerts.ingest_report(db.uow(), mid, report())
    assert counts(db, mid)[RAW] == 1


def test_a_probe_reporting_battery_wear_has_it_in_the_history(db: Database, clock: FakeClock) -> None:
    # agent_probe/collect/battery.py sends health_percent where the OS reports it (Linux sysfs).
    mid = machine(db)
    body = report()
    body["snapshot"]["battery"] = {"percent": 64.0, "power_plugged": False, "seconds_left": 5400,
                                   "health_percent": 73.2}
    body["snapshot"]["collected_at"] = clock().isoformat()  # on the test's clock, so "the last day" holds it
    alerts.ingest_report(db.uow(), mid, body)
    points = history.series(db.uow(), SYSTEM, mid, days=1).points
    assert [p.battery_health for p in points] == [73.2]


@pytest.mark.parametrize("case", ["fresh", "repeated last minute", "history before", "out of order"])
def test_a_backfill_stores_what_recording_each_sample_in_turn_would(db: Database, clock: FakeClock,
                                                                    case: str) -> None:
    """backfill prunes and refreshes the sparkline once, for the last hour closed, instead of at
    every hour's close, and writes a new machine's samples set-based: the rows and the board's row
    must be the same as recording one by one. A machine with history, or samples out of order, take
    the sample-by-sample path."""
    one_by_one, backfilled = machine(db, "pc-a"), machine(db, "pc-b")
    start = clock()
    # Five days every 37 minutes, then a sample within the same hour as the last: a backfill's
    # last sample need not close an hour. CPU, free space and a reboot vary along the way.
    samples = [sample(start + timedelta(minutes=37 * i), cpu=float(i % 97), free_gb=80 - i / 10,
                      uptime_h=(i % 60) * 37 / 60) for i in range(5 * 24 * 60 // 37)]
    samples.append(sample(samples[-1].at + timedelta(minutes=1), cpu=3.0))
    if case == "repeated last minute":  # skipped, as a spool's replay is: the board keeps the one before
        samples.append(sample(samples[-1].at + timedelta(seconds=20), cpu=77.0))
    if case == "out of order":
        samples[40], samples[41] = samples[41], samples[40]
    with db.uow() as uow:
        saved = uow.clock
        if case == "history before":
            for mid in (one_by_one, backfilled):
                uow.clock = lambda: start - timedelta(hours=3)
                history.record(uow, mid, sample(start - timedelta(hours=3), cpu=50.0))
        for i, s in enumerate(samples):  # what backfill did before: record, each at its own time
            uow.clock = lambda at=s.at: at  # type: ignore[misc]
            history.record(uow, one_by_one, s, latest=i == len(samples) - 1)
        uow.clock = saved
        with recorded(db) as statements:
            history.backfill(uow, backfilled, samples)
        uow.commit()
    assert (len(statements) < 20) == (case in ("fresh", "repeated last minute"))  # set-based, or not

    def stored(mid: int) -> tuple[list[tuple[object, ...]], tuple[object, ...]]:
        with db.uow() as uow:
            m = MachineSample
            rows = [tuple(r) for r in uow.session.execute(
                select(m.tier, m.t, m.n, m.cpu, m.mem, m.uptime, m.reboots, m.battery, m.free1)
                .where(m.machine_id == mid).order_by(m.tier, m.t))]
            h = uow.session.get(MachineHealth, mid)
            assert h is not None
            return rows, (h.cpu, h.mem, h.disk_free_pct, h.last_user, h.updated_at, h.spark)

    expected = stored(one_by_one)
    assert {r[0] for r in expected[0]} == {RAW, HOURLY, DAILY}  # every tier, some of it pruned
    assert any(r[6] for r in expected[0])  # reboots were seen
    assert stored(backfilled) == expected
