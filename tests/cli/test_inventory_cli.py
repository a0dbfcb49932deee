"""`helpdesk machine inventory HOST [--changes]` on inventories that came with real reports."""

from __future__ import annotations

from datetime import timedelta

from shared.db.database import Database
from tests.services.test_inventory import END, machine, send


def test_the_cli_prints_the_inventory_and_the_changes(cli, committed_db: Database) -> None:  # type: ignore[no-untyped-def]
    mid = machine(committed_db)
    code, out, _err = cli("machine", "inventory", "LAPTOP-RINA")
    assert code == 0 and out == "No inventory from this machine yet.\n"
    send(committed_db, mid, END - timedelta(days=9))
    send(committed_db, mid, END - timedelta(days=1))
    code, out, _err = cli("machine", "inventory", "LAPTOP-RINA")
    assert code == 0 and "Hardware: LENOVO" in out and "  Zoom Workplace (64-bit)  6.0.2  (windows)\n" in out
    code, out, _err = cli("machine", "inventory", str(mid), "--changes")
    assert code == 0
    assert "  + installed Zoom Workplace (64-bit) 6.0.2 (windows)\n" in out
    assert "  - removed Skype version 8.108 8.108 (windows)\n" in out
    assert "  ~ Mozilla Firefox (x64 en-US): 119.0 → 120.0.1 (windows)\n" in out
    code, _out, err = cli("machine", "inventory", "NO-SUCH-PC")
    assert code == 3 and "No machine called 'NO-SUCH-PC'" in err
