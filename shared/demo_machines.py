"""Demo machines for the demo data: enrolled through one-time tokens and reporting through the same
service the server uses, over the demo's 90 days. One laptop's disk fills up (a probe alert ticket,
with a technician's disk-usage diagnostic on it), one workstation runs short of memory, one laptop's
battery stops charging, one PC has been silent for days (an "unseen" alert), the rest are healthy:
the Machines tab, the alert loop and the intake dialog all show real content."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from agent_probe.collect.snapshot import Alert, DiskInfo, ReportBody, Snapshot
from shared import demo_inventory
from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.i18n import _
from shared.models import Ticket
from shared.services import alerts, enrolment
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


MACHINES = (
    DemoMachine("LAPTOP-RINA", "rina.kusuma", "Windows", "11", "10.0.22631", 256, 0.58, 0.96, 16, 61.0, (74.0, True)),
    DemoMachine("PC-AGUS-FIN", "agus.salim", "Windows", "10", "10.0.19045", 512, 0.41, 0.47, 8, 55.0, None),
    DemoMachine("LAPTOP-SITI", "siti.rahmawati", "Windows", "11", "10.0.22631", 512, 0.33, 0.38, 16, 48.0,
                (11.0, False)),
    DemoMachine("NB-JOKO", "joko.susilo", "Linux", "Ubuntu 22.04.4 LTS", "6.5.0-35-generic", 512, 0.22, 0.29, 16,
                37.0, (88.0, True)),
    DemoMachine("PC-PUTRI-HR", "putri.anggraini", "Windows", "11", "10.0.22631", 256, 0.50, 0.55, 8, 63.0, None,
                silent_days=5),
    DemoMachine("WS-FINANCE-01", "bambang.hartono", "Windows", "10", "10.0.19045", 1024, 0.61, 0.66, 8, 97.0, None),
    DemoMachine("LAPTOP-BAMBANG", "bambang.hartono", "Windows", "11", "10.0.22631", 512, 0.44, 0.52, 16, 58.0,
                (67.0, True)),
    DemoMachine("DEV-DANIEL", "daniel.chen", "Linux", "Debian GNU/Linux 12", "6.1.0-21-amd64", 1024, 0.35, 0.42, 32,
                44.0, None),
)
REPORT_EVERY = timedelta(days=6)


def _disk(m: DemoMachine, used_share: float) -> DiskInfo:
    total = m.disk_gb * GB
    used = int(total * used_share)
    mount = "C:\\" if m.os_name == "Windows" else "/"
    device = "C:\\" if m.os_name == "Windows" else "/dev/nvme0n1p2"
    return {"device": device, "mountpoint": mount, "fstype": "NTFS" if m.os_name == "Windows" else "ext4",
            "total": total, "used": used, "free": total - used, "percent": round(used_share * 100, 1), "error": None}


def _snapshot(m: DemoMachine, at: datetime, progress: float, rng: random.Random) -> Snapshot:
    used_share = m.disk_used_start + (m.disk_used_end - m.disk_used_start) * progress
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
        "disks": [_disk(m, used_share)],
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
    for when in [*[t for t in moments if t < end], end]:
        for m in MACHINES:
            if m.silent_days and when > end - timedelta(days=m.silent_days):
                continue
            set_clock(when)
            snapshot = _snapshot(m, when, (when - start) / span, rng)
            body: ReportBody = {"report_id": uuid.UUID(int=rng.getrandbits(128)).hex, "snapshot": snapshot,
                                "alerts": _alerts(snapshot)}
            body["inventory"] = demo_inventory.inventory(m.hostname, m.os_name, m.os_release, m.os_version, when,
                                                         snapshot["system"]["boot_time"], end)
            alerts.ingest_report(db.uow(), ids[m.hostname], body)
    set_clock(end)
    alerts.check_unseen(db.uow(), hours=48)
    _diagnose_the_full_disk(db, technician, ids["LAPTOP-RINA"])
    return len(MACHINES)


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
