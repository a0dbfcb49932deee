"""Inventories arrive with reports, are kept when they change, and their differences read as
"installed since last week"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from shared import demo_inventory
from shared.db.database import Database
from shared.models import Machine, MachineInventory
from shared.services import alerts, inventory
from tests import factories as f
from tests.http.reports import report

END = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def machine(db: Database, hostname: str = "LAPTOP-RINA") -> int:
    with db.uow() as uow:
        m = Machine(hostname=hostname, os_name="Windows", created_at=uow.now())
        uow.session.add(m)
        uow.session.flush()
        uow.commit()
        return m.id


def send(db: Database, machine_id: int, at: datetime) -> dict[str, Any]:
    body = report()
    body["inventory"] = demo_inventory.inventory("LAPTOP-RINA", "Windows", "11", "10.0.22631", at,
                                                 "2026-11-01T08:00:00+00:00", END)
    alerts.ingest_report(db.uow(), machine_id, body)
    return body


def rows(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(MachineInventory)) or 0)


def test_an_unchanged_inventory_is_not_stored_again_and_changes_read_as_a_diff(db: Database) -> None:
    agent = f.agent(db)
    mid = machine(db)
    assert inventory.latest(db.uow(), agent, mid) is None and inventory.changes(db.uow(), agent, mid) is None
    send(db, mid, END - timedelta(days=20))
    send(db, mid, END - timedelta(days=13))  # the same software: no new row
    assert rows(db) == 1
    only = inventory.changes(db.uow(), agent, "LAPTOP-RINA")
    assert only is not None and only.since is None and only.added == ()
    send(db, mid, END - timedelta(days=1))  # Zoom installed, Firefox upgraded, Skype removed
    assert rows(db) == 2
    diff = inventory.changes(db.uow(), agent, mid)
    assert diff is not None and diff.since == END - timedelta(days=20)
    assert [(c.kind, c.name, c.new_version) for c in diff.added] == [("added", "Zoom Workplace (64-bit)", "6.0.2")]
    assert [c.name for c in diff.removed] == ["Skype version 8.108"]
    assert [(c.old_version, c.new_version) for c in diff.upgraded] == [("119.0", "120.0.1")]
    view = inventory.latest(db.uow(), agent, mid)
    assert view is not None and view.data["hardware"]["vendor"] == "LENOVO"
