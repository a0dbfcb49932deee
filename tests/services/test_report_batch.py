"""Probe reports ingested as a batch (shared.services.report_batch) write exactly the rows that
`alerts.ingest_report` writes report by report, with a number of statements that does not grow
with the batch."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from shared import demo_inventory
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models import (
    Machine,
    MachineHealth,
    MachineInventory,
    MachineSample,
    MachineVolume,
    ProbeReport,
    Ticket,
    TimelineEntry,
)
from shared.services import alerts, enrolment, report_batch
from shared.services.alerts import IngestResult
from tests import factories as f
from tests.conftest import FakeClock
from tests.http.reports import report
from tests.statements import recorded

GIB = 1024**3


def enrolled(db: Database, hostname: str) -> int:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    return enrolment.enrol(db.uow(), token, hostname, "Linux 6.1", None)[0]


def body(at: datetime, *, full_disk: bool = False, cpu: float = 12.5, free_gb: int = 40, uptime_h: float = 3,
         report_id: str | None = None, inventory: bool = False) -> dict[str, Any]:
    out = report(full_disk=full_disk)
    snap = out["snapshot"]
    snap["collected_at"] = at.isoformat()
    snap["cpu"]["percent"] = cpu
    snap["system"]["uptime_seconds"] = int(uptime_h * 3600)
    snap["disks"].append({"device": "/dev/data", "mountpoint": "/data", "fstype": "ext4", "total": 100 * GIB,
                          "used": (100 - free_gb) * GIB, "free": free_gb * GIB, "percent": 100.0 - free_gb,
                          "error": None})
    if report_id:
        out["report_id"] = report_id
    if inventory:
        out["inventory"] = demo_inventory.inventory("PC", "Linux", "6.1", "6.1.0", at, "2026-01-01T08:00:00+00:00",
                                                    at)
    return out


def rows_of(db: Database, mid: int) -> dict[str, Any]:
    """Everything a report writes about one machine, without the machine's id and host name."""
    with db.uow() as uow:
        s = uow.session
        m = s.get(Machine, mid)
        assert m is not None
        tickets = list(s.scalars(select(Ticket).where(Ticket.machine_id == mid).order_by(Ticket.id)))
        # (without the duplicate finder's "possibly the same problem as": the two sets of machines
        # in this test raise the same alerts, so the second set's tickets point at the first's)
        notes = {t.alert_key: [e.data for e in s.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == t.id).order_by(TimelineEntry.id))
            if "Possibly the same problem" not in str(e.data)] for t in tickets}
        samples = [tuple(getattr(r, c) for c in ("tier", "t", "n", "cpu", "mem", "battery", "uptime", "reboots",
                                                  "free1", "free2", "free3", "free4"))
                   for r in s.scalars(select(MachineSample).where(MachineSample.machine_id == mid)
                                      .order_by(MachineSample.tier, MachineSample.t))]
        health = s.get(MachineHealth, mid)
        return {
            "machine": (m.last_seen_at, m.snapshot_at, m.alert_state, m.os_name, m.os_version, m.probe_version,
                        m.snapshot),
            "reports": [(r.report_id, r.received_at, r.collected_at) for r in s.scalars(
                select(ProbeReport).where(ProbeReport.machine_id == mid).order_by(ProbeReport.id))],
            "samples": samples,
            "volumes": [(v.vol, v.mountpoint, v.total_mb) for v in s.scalars(
                select(MachineVolume).where(MachineVolume.machine_id == mid).order_by(MachineVolume.vol))],
            "health": health and (health.cpu, health.mem, health.disk_free_pct, health.last_user, health.spark,
                                  health.updated_at),
            "tickets": [(t.alert_key, t.status, t.impact, t.urgency, t.channel) for t in tickets],
            "notes": [(k, [str(d)[:200] if d else None for d in v]) for k, v in notes.items()],
            "inventories": [(i.collected_at, i.digest) for i in s.scalars(
                select(MachineInventory).where(MachineInventory.machine_id == mid).order_by(MachineInventory.id))],
        }


def shape(r: IngestResult) -> tuple[bool, int, int]:
    return r.duplicate, len(r.opened), len(r.noted)


def test_a_batch_writes_the_rows_report_by_report_writes(db: Database, clock: FakeClock) -> None:
    """Four machines fed one report at a time, four fed the same reports in batches: alerts that
    open, repeat and clear, a new hour (roll-up), a replayed report, a late one, an inventory, and
    two reports of one machine in one batch. Every row and every result is the same."""
    f.defaults(db)
    one = [enrolled(db, f"one-{i}") for i in range(4)]
    many = [enrolled(db, f"many-{i}") for i in range(4)]
    lone = [enrolled(db, f"lone-{i}") for i in range(4)]  # the server's lone report: a batch of one
    t0 = clock.now
    late_id = "late" + "0" * 28
    steps: list[list[tuple[int, dict[str, Any]]]] = []  # per step: (machine index, body)
    clock.advance(minutes=5)
    steps.append([(0, body(clock.now, full_disk=True, inventory=True)), (1, body(clock.now)),
                  (2, body(clock.now, cpu=80)), (3, body(clock.now, full_disk=True))])
    clock.advance(minutes=20)
    steps.append([(0, body(clock.now, full_disk=True, inventory=True)), (1, body(clock.now, full_disk=True)),
                  (2, body(clock.now, free_gb=10)), (3, body(clock.now))])  # 3 clears, 1 opens, 0 repeats
    clock.advance(minutes=50)  # a new hour: the previous one rolls up
    replay = steps[1][2][1]
    steps.append([(0, body(clock.now)), (1, body(clock.now, full_disk=True, uptime_h=0.1)),  # 1 rebooted
                  (2, replay), (3, body(t0, report_id=late_id))])  # 2: a replay; 3: a late report
    clock.advance(minutes=10)
    steps.append([(0, body(clock.now, full_disk=True)), (0, body(clock.now.replace(second=30))),  # twice
                  (1, body(clock.now, full_disk=True)), (2, body(clock.now, cpu=55))])
    clock.advance(days=1)  # a new day: the hours and the day roll up, old samples are pruned
    steps.append([(i, body(clock.now, cpu=20 + i)) for i in range(4)])
    for step in steps:
        singles = [shape(alerts.ingest_report(db.uow(), one[i], copy.deepcopy(b))) for i, b in step]
        batched = [shape(r) for r in alerts.ingest_many(db.uow(), [(many[i], copy.deepcopy(b)) for i, b in step])]
        assert batched == singles
        alone = [shape(alerts.ingest_one(db.uow(), lone[i], copy.deepcopy(b))) for i, b in step]
        assert alone == singles
    assert any(dup for dup, _o, _n in singles) is False  # (the last step has no replay)
    for a, b, c in zip(one, many, lone, strict=True):
        expected = rows_of(db, a)
        assert rows_of(db, b) == expected
        assert rows_of(db, c) == expected
    assert rows_of(db, one[3])["tickets"] and rows_of(db, one[0])["inventories"]  # the scenario did things
    assert {tier for tier, *_rest in rows_of(db, one[0])["samples"]} == {0, 1, 2}


def test_a_batch_costs_the_same_statements_whatever_its_size(db: Database, clock: FakeClock) -> None:
    f.defaults(db)
    ids = [enrolled(db, f"pc-{i}") for i in range(12)]
    for mid in ids:  # each machine's first report (health rows, volumes)
        alerts.ingest_report(db.uow(), mid, body(clock.now))
    clock.advance(minutes=5)
    with recorded(db) as small:
        alerts.ingest_many(db.uow(), [(mid, body(clock.now)) for mid in ids[:2]])
    with recorded(db) as large:
        alerts.ingest_many(db.uow(), [(mid, body(clock.now)) for mid in ids[2:]])
    with recorded(db) as single:
        clock.advance(minutes=5)
        alerts.ingest_report(db.uow(), ids[0], body(clock.now))
    assert len(large) == len(small)  # 10 reports cost what 2 cost
    assert len(large) <= len(single) + 2  # and about what one report costs alone


def test_a_lone_report_takes_the_batchs_statements(db: Database, clock: FakeClock) -> None:
    """A report that arrives alone (`ingest_one`, the server's path) runs the batch's statements:
    fewer than report by report, no look-up of the probe account once this process has seen it,
    and the machine's stored snapshot is not loaded (it is only replaced)."""
    f.defaults(db)
    mid = enrolled(db, "pc-1")
    alerts.ingest_one(db.uow(), mid, body(clock.now, full_disk=True))  # first report: volumes, health, account
    clock.advance(minutes=5)
    alerts.ingest_one(db.uow(), mid, body(clock.now, full_disk=True))  # finds the account: remembered
    clock.advance(minutes=5)
    with recorded(db) as lone:
        result = alerts.ingest_one(db.uow(), mid, body(clock.now, full_disk=True))
    clock.advance(minutes=5)
    with recorded(db) as single:
        alerts.ingest_report(db.uow(), mid, body(clock.now, full_disk=True))
    assert not result.duplicate
    assert len(sql(lone)) < len(sql(single))
    assert not [s for s in lone + single if "FROM users" in s]  # the alert's account: known already
    machine_read = next(s for s in lone if s.startswith("SELECT") and "FROM machines" in s)
    assert "machines.snapshot_at" in machine_read
    assert not re.search(r"machines\.snapshot(?!_)", machine_read)


def sql(statements: list[str]) -> list[str]:
    """Without the test harness's savepoints."""
    return [s for s in statements if "SAVEPOINT" not in s]


def test_a_lone_replay_is_a_duplicate(db: Database, clock: FakeClock) -> None:
    f.defaults(db)
    mid = enrolled(db, "pc-1")
    first = body(clock.now, full_disk=True)
    assert alerts.ingest_one(db.uow(), mid, copy.deepcopy(first)).opened
    again = alerts.ingest_one(db.uow(), mid, copy.deepcopy(first))
    assert again == IngestResult(duplicate=True)
    with db.uow() as uow:
        assert len(uow.session.scalars(select(ProbeReport).where(ProbeReport.machine_id == mid)).all()) == 1


def test_rounds_keep_each_machines_reports_in_order() -> None:
    assert report_batch.rounds([7, 3, 7, 3, 7, 5]) == [[1, 5, 0], [3, 2], [4]]


def test_a_repeated_alert_loads_no_ticket_and_a_changed_one_is_loaded_whole(db: Database, clock: FakeClock) -> None:
    """The active alert tickets are read as ids: a report that repeats its alert reads no ticket
    row (its ticket is left alone), one whose alert changes severity loads that ticket and notes it."""
    f.defaults(db)
    mid = enrolled(db, "pc-1")
    opened = alerts.ingest_one(db.uow(), mid, body(clock.now, full_disk=True)).opened
    assert len(opened) == 1
    clock.advance(minutes=5)
    with recorded(db) as repeat:
        result = alerts.ingest_many(db.uow(), [(mid, body(clock.now, full_disk=True))])
    assert result[0].noted == () and result[0].opened == ()
    ticket_reads = [s for s in repeat if s.startswith("SELECT") and "FROM tickets" in s]
    assert ticket_reads and not [s for s in ticket_reads if "tickets.subject" in s]
    clock.advance(minutes=5)
    changed = body(clock.now, full_disk=True)
    alert = next(a for a in changed["alerts"] if a["severity"] == "critical" or a["severity"] == "warning")
    alert["severity"] = "warning" if alert["severity"] == "critical" else "critical"
    with recorded(db) as severity:
        result = alerts.ingest_many(db.uow(), [(mid, changed)])
    assert result[0].noted == opened
    assert [s for s in severity if s.startswith("SELECT") and "tickets.subject" in s]  # loaded whole, by id
    with db.uow() as uow:
        notes = uow.session.scalars(select(TimelineEntry).where(TimelineEntry.ticket_id == opened[0])).all()
        assert any("Severity changed" in str(n.data) for n in notes)
