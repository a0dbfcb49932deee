"""The health board's machine details show the inventory and what changed since last week."""

from __future__ import annotations

from datetime import timedelta

from desktop.common.ops import Ops
from desktop.console.machines import MachinesPane
from shared.db.database import Database
from tests import factories as f
from tests.desktop.conftest import wait_idle
from tests.services.test_inventory import END, machine, send


def test_the_machine_view_shows_inventory_and_changes(qtbot, db: Database, ops: Ops) -> None:
    mid = machine(db)
    send(db, mid, END - timedelta(days=9))
    send(db, mid, END - timedelta(days=1))
    pane = MachinesPane(ops, f.agent(db))
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.inventory.sig_loaded):  # the board selects its first machine, then loads
        pane.show()
    assert pane.detail.tabText(pane.detail.indexOf(pane.inventory)) == "Inventory"
    text = pane.inventory.toPlainText()
    assert "LENOVO 21CB0058US" in text and "Windows 11" in text
    assert "+ installed Zoom Workplace (64-bit) 6.0.2" in text and "119.0 → 120.0.1" in text
    assert "Software (7)" in text and "{" not in text
    wait_idle(qtbot, ops)
