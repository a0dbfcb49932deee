"""Demo machines for the demo data: enrolled through one-time tokens and reporting through the same
service the server uses, over the demo's 90 days, with their metric history. One laptop's disk
fills up (a probe alert ticket, with a technician's disk-usage diagnostic on it); one PC's disk,
cleaned a month ago, is filling again fast (a forecast opens a preventive ticket); one workstation
runs short of memory and its alert flaps all afternoon (damped: two notes and one summary); one
laptop's battery stops charging and another's is wearing out; one notebook's full disk was cleaned
(its alert ticket resolved itself); one PC has been silent for days (an "unseen" alert). The board,
the forecasts, the alert loop and the intake dialog all show real content."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from agent_probe.collect.snapshot import Alert, DiskInfo, ReportBody, Snapshot
from shared import demo_inventory
from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.i18n import _
from shared.models import Ticket
from shared.services import alert_loop, alerts, enrolment, forecast, history
from shared.services.diagnostics import Outcome, RunOutcome, record_run

GB = 1024**3


@dataclass(frozen=True)
class DemoMachine:
    hostname: str
    owner: str  # a demo requester's user name
    os_name: str
    os_release: str
    os_version: str
    disk_gb: int
    disk_used_start: float  # share of the disk used 90 days ago
    disk_used_end: float  # and today
    memory_gb: int
    memory_percent: float
    battery: tuple[float, bool] | None  # percent, plugged in
    silent_days: int = 0  # stopped reporting this many days ago
    disk_curve: tuple[tuple[float, float], ...] = ()  # (progress, used share) breakpoints, else start→end
    battery_health: tuple[float, float] | None = None  # percent of design capacity 90 days ago, today
    flaps: bool = False  # the memory alert comes and goes in the last hours


MACHINES = (
    DemoMachine("LAPTOP-RINA", "rina.kusuma", "Windows", "11", "10.0.22631", 256, 0.58, 0.96, 16, 61.0, (74.0, True),
                battery_health=(84.0, 71.0)),
    DemoMachine("PC-AGUS-FIN", "agus.salim", "Windows", "10", "10.0.19045", 512, 0.62, 0.89, 8, 55.0, None,
                disk_curve=((0.0, 0.62), (0.6, 0.81), (0.62, 0.50), (1.0, 0.89))),
    DemoMachine("LAPTOP-SITI", "siti.rahmawati", "Windows", "11", "10.0.22631", 512, 0.33, 0.38, 16, 48.0,
                (11.0, False)),
    DemoMachine("NB-JOKO", "joko.susilo", "Linux", "Ubuntu 22.04.4 LTS", "6.5.0-35-generic", 512, 0.22, 0.29, 16,
                37.0, (88.0, True), disk_curve=((0.0, 0.84), (0.75, 0.93), (0.8, 0.41), (1.0, 0.43)),
                battery_health=(97.0, 95.0)),
    DemoMachine("PC-PUTRI-HR", "putri.anggraini", "Windows", "11", "10.0.22631", 256, 0.50, 0.55, 8, 63.0, None,
                silent_days=5),
    DemoMachine("WS-FINANCE-01", "bambang.hartono", "Windows", "10", "10.0.19045", 1024, 0.61, 0.66, 8, 97.0, None,
                flaps=True),
    DemoMachine("LAPTOP-BAMBANG", "bambang.hartono", "Windows", "11", "10.0.22631", 512, 0.44, 0.52, 16, 58.0,
                (67.0, True)),
    DemoMachine("DEV-DANIEL", "daniel.chen", "Linux", "Debian GNU/Linux 12", "6.1.0-21-amd64", 1024, 0.35, 0.42, 32,
                44.0, None),
)
REPORT_EVERY = timedelta(days=6)


def used_share(m: DemoMachine, progress: float) -> float:
    """The disk's used share at `progress` (0 = 90 days ago, 1 = today)."""
    curve = m.disk_curve or ((0.0, m.disk_used_start), (1.0, m.disk_used_end))
    for (p0, u0), (p1, u1) in itertools.pairwise(curve):
        if p0 <= progress <= p1:
            return u0 + (u1 - u0) * (progress - p0) / (p1 - p0)
    return curve[-1][1]


def _disk(m: DemoMachine, used_share: float) -> DiskInfo:
    total = m.disk_gb * GB
    used = int(total * used_share)
    mount = "C:\\" if m.os_name == "Windows" else "/"
    device = "C:\\" if m.os_name == "Windows" else "/dev/nvme0n1p2"
    return {"device": device, "mountpoint": mount, "fstype": "NTFS" if m.os_name == "Windows" else "ext4",
            "total": total, "used": used, "free": total - used, "percent": round(used_share * 100, 1), "error": None}


def _snapshot(m: DemoMachine, at: datetime, progress: float, rng: random.Random) -> Snapshot:
    memory_total = m.memory_gb * GB
    memory_percent = min(99.0, max(5.0, m.memory_percent + rng.uniform(-4, 4) * (1 - progress)))
    boot = at - timedelta(hours=rng.randint(3, 96))
    return {
        "schema_version": 1, "collected_at": at.isoformat(timespec="seconds"), "probe_version": "0.1.0",
        "system": {"hostname": m.hostname, "os_name": m.os_name, "os_version": m.os_version,
                   "os_release": m.os_release, "platform": f"{m.os_name}-{m.os_release}", "machine": "AMD64"
                   if m.os_name == "Windows" else "x86_64", "boot_time": boot.isoformat(timespec="seconds"),
                   "uptime_seconds": int((at - boot).total_seconds())},
        "cpu": {"model": "Intel(R) Core(TM) i5-1235U", "logical_count": 12, "physical_count": 10,
                "percent": round(rng.uniform(3, 35), 1), "load_average": None if m.os_name == "Windows" else
                [round(rng.uniform(0.1, 2.0), 2) for _ in range(3)]},
        "memory": {"total": memory_total, "available": int(memory_total * (1 - memory_percent / 100)),
                   "used": int(memory_total * memory_percent / 100), "percent": round(memory_percent, 1),
                   "swap_total": 4 * GB, "swap_used": int(4 * GB * (0.9 if memory_percent > 90 else 0.1)),
                   "swap_percent": 90.0 if memory_percent > 90 else 10.0},
        "disks": [_disk(m, used_share(m, progress))],
        "network": [{"name": "Wi-Fi" if m.battery else "Ethernet", "is_up": True, "speed_mbps": 866 if m.battery
                     else 1000, "mtu": 1500, "addresses": [{"family": "ipv4", "address": f"10.20.{rng.randint(1, 9)}."
                                                            f"{rng.randint(10, 250)}", "netmask": "255.255.255.0"}]}],
        "battery": {"percent": m.battery[0], "power_plugged": m.battery[1], "seconds_left": None if m.battery[1]
                    else 2400} if m.battery else None,
        "users": [{"name": m.owner, "terminal": None, "host": None, "started": boot.isoformat(timespec="seconds")}],
        "processes": {"total": rng.randint(180, 320), "access_denied": 0, "top_cpu": [], "top_memory": []},
        "errors": [],
    }


def _alerts(snapshot: Snapshot) -> list[Alert]:
    """What the probe's health rules would say (the same keys and thresholds as agent_probe.health)."""
    alerts: list[Alert] = []
    for disk in snapshot["disks"]:
        percent = disk["percent"] or 0.0
        if percent > 90:
            free_gb = (disk["free"] or 0) / GB
            alerts.append({"key": f"disk_full:{disk['mountpoint']}", "rule": "disk_full",
                           "severity": "critical" if percent >= 95 else "warning",
                           "summary": _("Disk {mount} is {percent:.0f}% full ({free} free)").format(
                               mount=disk["mountpoint"], percent=percent, free=f"{free_gb:.1f} GB"),
                           "details": {"mountpoint": disk["mountpoint"], "percent": percent, "free": disk["free"]}})
    memory = snapshot["memory"]
    if memory["percent"] > 90 and memory["swap_percent"] > 80:
        alerts.append({"key": "memory_pressure", "rule": "memory_pressure", "severity": "warning",
                       "summary": _("Memory is low: {available:.0f}% available and swap is {swap:.0f}% used").format(
                           available=100 - memory["percent"], swap=memory["swap_percent"]),
                       # the probe's own detail names (agent_probe/health.py): the server words the alert
                       # from them in each reader's language
                       "details": {"available_percent": round(100 - memory["percent"], 1),
                                   "swap_percent": memory["swap_percent"]}})
    battery = snapshot["battery"]
    if battery is not None and battery["percent"] < 15 and battery["power_plugged"] is False:
        alerts.append({"key": "battery_low", "rule": "battery_low", "severity": "warning",
                       "summary": _("Battery is at {percent:.0f}% and not charging").format(percent=battery["percent"]),
                       "details": {"percent": battery["percent"]}})
    return sorted(alerts, key=lambda a: a["key"])


def load_machines(db: Database, set_clock: Callable[[datetime], None], rng: random.Random, start: datetime,
                  end: datetime, admin: Actor, technician: Actor, people: dict[str, Actor]) -> int:
    """Enrol and run the demo machines from `start` to `end`; returns how many were enrolled."""
    ids: dict[str, int] = {}
    set_clock(start)
    for m in MACHINES:
        owner = people.get(m.owner)
        token = enrolment.issue_enrolment_token(db.uow(), admin, owner_id=owner.id if owner else None)
        ids[m.hostname], _token = enrolment.enrol(db.uow(), token, m.hostname, f"{m.os_name} {m.os_release}")
    span = end - start
    moments = [start + k * REPORT_EVERY for k in range(int(span / REPORT_EVERY) + 1)]
    for m in MACHINES:
        _history(db, ids[m.hostname], m, start, end, rng)
    for when in [*[t for t in moments if t < end], end]:
        for m in MACHINES:
            if m.silent_days and when > end - timedelta(days=m.silent_days):
                continue
            if m.flaps and when == end:
                _flap(db, set_clock, ids[m.hostname], m, end, rng)
            set_clock(when)
            snapshot = _snapshot(m, when, (when - start) / span, rng)
            _report(db, ids[m.hostname], snapshot, rng,
                    inventory=demo_inventory.inventory(m.hostname, m.os_name, m.os_release, m.os_version, when,
                                                       snapshot["system"]["boot_time"], end))
    set_clock(end)
    alerts.check_unseen(db.uow(), hours=48)
    _diagnose_the_full_disk(db, technician, ids["LAPTOP-RINA"])
    alert_loop.run(db.uow())  # the cleaned notebook's ticket resolves; the flapping is summed up
    forecast.run(db.uow())  # the filling PC gets its preventive ticket
    return len(MACHINES)


def _report(db: Database, machine_id: int, snapshot: Snapshot, rng: random.Random, *,
            inventory: Any = None) -> None:
    body: ReportBody = {"report_id": uuid.UUID(int=rng.getrandbits(128)).hex, "snapshot": snapshot,
                        "alerts": _alerts(snapshot)}
    if inventory is not None:
        body["inventory"] = inventory
    alerts.ingest_report(db.uow(), machine_id, body)


def _flap(db: Database, set_clock: Callable[[datetime], None], machine_id: int, m: DemoMachine, end: datetime,
          rng: random.Random) -> None:
    """An afternoon of reports every 30 minutes whose memory alert comes and goes."""
    first = end - timedelta(hours=8)
    for k in range(13):
        when = first + timedelta(minutes=30 * k)
        set_clock(when)
        snapshot = _snapshot(m, when, 1.0, rng)
        if k % 2:
            memory = snapshot["memory"]
            memory["percent"], memory["swap_percent"] = 84.0, 30.0
            memory["available"] = int(memory["total"] * 0.16)
        _report(db, machine_id, snapshot, rng)


def _history(db: Database, machine_id: int, m: DemoMachine, start: datetime, end: datetime,
             rng: random.Random) -> None:
    """The metric history between the reports: every 12 hours, then hourly for the last two days."""
    stop = end - timedelta(days=m.silent_days) if m.silent_days else end
    recent = end - timedelta(hours=48)
    moments = [start + timedelta(hours=12 * k) for k in range(int((recent - start) / timedelta(hours=12)))]
    moments += [recent + timedelta(hours=h, minutes=7) for h in range(48)]
    samples = []
    for at in (t for t in moments if t < stop):
        progress = (at - start) / (end - start)
        total = m.disk_gb * GB
        health = None
        if m.battery_health:
            health = m.battery_health[0] + (m.battery_health[1] - m.battery_health[0]) * progress
        memory = m.memory_percent + rng.uniform(-3, 3)
        samples.append(history.Sample(
            at=at, cpu=rng.uniform(3, 35) + (25 if 9 <= at.hour <= 11 else 0), mem=min(99.0, max(5.0, memory)),
            uptime_s=int((at - start).total_seconds()) % (7 * 86400) + 600, battery_health=health,
            disks=((_disk(m, 0)["mountpoint"], total, int(total * (1 - used_share(m, progress)))),), user=m.owner))
    with db.uow() as uow:
        history.backfill(uow, machine_id, samples)
        uow.commit()


def _diagnose_the_full_disk(db: Database, technician: Actor, machine_id: int) -> None:
    """A technician ran the disk-usage diagnostic on the full laptop's alert ticket."""
    with db.uow() as uow:
        ticket_id = uow.session.scalar(select(Ticket.id).where(Ticket.machine_id == machine_id)
                                       .order_by(Ticket.id.desc()).limit(1))
    output = ("Drive  Size      Used      Free     Use%\n"
              "C:\\    238.0 GB  228.5 GB  9.5 GB   96%\n\n"
              "Largest folders under C:\\Users\\rina.kusuma:\n"
              "  61.2 GB  Videos\\Zoom\n  18.4 GB  Downloads\n   9.7 GB  AppData\\Local\\Temp\n")
    record_run(db.uow(), technician, ticket_id, machine_id, None,
               RunOutcome(outcome=Outcome.COMPLETED, command="disk_usage", exit_code=0, stdout=output, duration_ms=812,
                          ssh_exit_status=0))
