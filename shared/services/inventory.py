"""Each machine's inventory over time, and what changed between two of them.

The probe sends an inventory once a day with its report (`agent_probe.collect.inventory`);
`store` keeps it when it differs from the machine's previous one (an unchanged day costs no
row) and forgets those older than `KEEP_DAYS`. `changes` compares the newest inventory with
the newest one at least `days` older ("installed since last week"): software added, removed or
upgraded, by name and source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.models import MachineInventory
from shared.services import machines
from shared.services.uow import UnitOfWork

KEEP_DAYS = 400  # a year of comparisons, and a little more
_VOLATILE = ("collected_at", "last_boot")  # differ every day without anything installed


@dataclass(frozen=True)
class InventoryView:
    machine_id: int
    hostname: str
    collected_at: datetime
    data: dict[str, Any]  # as the probe sent it (agent_probe.collect.snapshot.Inventory)


@dataclass(frozen=True)
class SoftwareChange:
    name: str
    source: str
    old_version: str | None  # None: installed since
    new_version: str | None  # None: removed since

    @property
    def kind(self) -> str:
        return "added" if self.old_version is None else "removed" if self.new_version is None else "upgraded"


@dataclass(frozen=True)
class InventoryChanges:
    machine_id: int
    hostname: str
    since: datetime | None  # the older inventory's time; None when there is only one
    until: datetime
    added: tuple[SoftwareChange, ...]
    removed: tuple[SoftwareChange, ...]
    upgraded: tuple[SoftwareChange, ...]  # any change of version, up or down
    other: tuple[str, ...]  # hardware, BIOS, OS build fields that changed: "os.build: 22631.2861 → 22631.3007"


def _digest(data: Mapping[str, Any]) -> str:
    steady = {k: v for k, v in data.items() if k not in _VOLATILE}
    return hashlib.sha256(json.dumps(steady, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def store(session: Session, machine_id: int, data: Mapping[str, Any] | None, now: datetime) -> bool:
    """Keep a validated inventory (the report ingestion's hook, in its transaction). False when
    there was none or it equals the previous one."""
    if not data:
        return False
    digest = _digest(data)
    last = session.scalar(select(MachineInventory.digest).where(MachineInventory.machine_id == machine_id)
                          .order_by(MachineInventory.collected_at.desc()).limit(1))
    if last == digest:
        return False
    session.add(MachineInventory(machine_id=machine_id, collected_at=datetime.fromisoformat(data["collected_at"]),
                                 received_at=now, digest=digest, data=dict(data)))
    session.execute(delete(MachineInventory).where(MachineInventory.machine_id == machine_id,
                                                   MachineInventory.collected_at < now - timedelta(days=KEEP_DAYS)))
    return True


def latest(uow: UnitOfWork, actor: Actor, ref: str | int) -> InventoryView | None:
    """The machine's newest inventory (None before the first). Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    machine = machines.find_machine(uow, actor, ref)
    with uow:
        row = uow.session.scalar(select(MachineInventory).where(MachineInventory.machine_id == machine.id)
                                 .order_by(MachineInventory.collected_at.desc()).limit(1))
        return InventoryView(machine.id, machine.hostname, row.collected_at, dict(row.data)) if row else None


def _software(data: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    return {(p["name"], p["source"]): p["version"] for p in data.get("software") or []}


def _other(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    found = []
    for section in ("hardware", "os"):
        a, b = old.get(section) or {}, new.get(section) or {}
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                found.append(f"{section}.{key}: {a.get(key) or '—'} → {b.get(key) or '—'}")
    health_a = {d["device"]: d["status"] for d in old.get("disks") or []}
    for d in new.get("disks") or []:
        if health_a.get(d["device"], d["status"]) != d["status"]:
            found.append(f"disk {d['device']}: {health_a[d['device']]} → {d['status']}")
    return found


def changes(uow: UnitOfWork, actor: Actor, ref: str | int, *, days: int = 7) -> InventoryChanges | None:
    """What changed between the newest inventory and the newest one at least `days` older (or the
    oldest kept). None before the first inventory. Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    machine = machines.find_machine(uow, actor, ref)
    with uow:
        s = uow.session
        new = s.scalar(select(MachineInventory).where(MachineInventory.machine_id == machine.id)
                       .order_by(MachineInventory.collected_at.desc()).limit(1))
        if new is None:
            return None
        base = select(MachineInventory).where(MachineInventory.machine_id == machine.id,
                                              MachineInventory.id != new.id)
        old = s.scalar(base.where(MachineInventory.collected_at <= new.collected_at - timedelta(days=days))
                       .order_by(MachineInventory.collected_at.desc()).limit(1)) \
            or s.scalar(base.order_by(MachineInventory.collected_at).limit(1))
        before, after = (_software(old.data) if old else {}), _software(new.data)
        added = tuple(SoftwareChange(n, src, None, v) for (n, src), v in sorted(after.items())
                      if (n, src) not in before)
        removed = tuple(SoftwareChange(n, src, v, None) for (n, src), v in sorted(before.items())
                        if (n, src) not in after)
        upgraded = tuple(SoftwareChange(n, src, before[(n, src)], v) for (n, src), v in sorted(after.items())
                         if (n, src) in before and before[(n, src)] != v)
        if old is None:  # nothing to compare with: everything would read as "added"
            added = ()
        return InventoryChanges(machine.id, machine.hostname, old.collected_at if old else None, new.collected_at,
                                added, removed, upgraded, tuple(_other(old.data, new.data)) if old else ())
