"""A machine's inventory in the console: hardware, BIOS, OS build, last boot, disk health, the
software list, and what changed since an inventory a week older ("installed since last week")."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.services import inventory
from shared.services.inventory import InventoryChanges, InventoryView
from shared.services.uow import UnitOfWork


class InventoryPanel(QTextBrowser):
    """Read-only HTML; loads off the GUI thread whenever another machine is chosen."""

    sig_loaded = Signal(int)  # machine id

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.setObjectName("machineInventory")
        self.machine_id: int | None = None
        self._loaded: int | None = None  # the machine whose inventory is shown

    def forget(self) -> None:
        """The next show_machine loads again, even for the machine shown (its reports changed)."""
        self._loaded = None

    def show_machine(self, machine_id: int | None) -> None:
        if machine_id is not None and machine_id == self._loaded:
            return  # the list was reloaded around the same machine: nothing new to fetch
        self.machine_id = machine_id
        if machine_id is None:
            self._loaded = None
            self.clear()
            return
        actor = self.actor

        def load(uow: UnitOfWork) -> tuple[InventoryView | None, InventoryChanges | None]:
            return inventory.latest(uow, actor, machine_id), inventory.changes(uow, actor, machine_id)

        self.ops.run(load, lambda r: self._on_loaded(machine_id, *r), parent=self)

    def _on_loaded(self, machine_id: int, view: InventoryView | None, diff: InventoryChanges | None) -> None:
        if machine_id != self.machine_id:
            return  # another machine was chosen meanwhile
        self._loaded = machine_id
        self.setHtml(self.html(view, diff))
        self.sig_loaded.emit(machine_id)

    def html(self, view: InventoryView | None, diff: InventoryChanges | None) -> str:
        if view is None:
            return "<p>" + escape(self.tr("No inventory yet: the probe sends one a day with its report.")) + "</p>"
        tz, d = self.actor.timezone, view.data
        hw, os_ = d["hardware"], d["os"]
        unknown = self.tr("unknown")
        rows = [
            (self.tr("Hardware"), f"{hw['vendor'] or unknown} {hw['model'] or ''}"),
            (self.tr("Serial number"), hw["serial"] or unknown),
            (self.tr("BIOS"), f"{hw['bios_vendor'] or unknown} {hw['bios_version'] or ''} ({hw['bios_date'] or '—'})"),
            (self.tr("Operating system"), self.tr("{name} {version} · build {build}").format(
                name=os_["name"], version=os_["version"], build=os_["build"])),
            (self.tr("Last boot"), local_time(_parse(d["last_boot"]), tz)),
        ]
        rows += [(self.tr("Disk {device}").format(device=disk["device"]),
                  f"{disk['model'] or ''} · {self._health(disk['status'])}") for disk in d["disks"]]
        title = self.tr("Inventory of {when}").format(when=local_time(view.collected_at, tz))
        parts = [f"<h3>{escape(title)}</h3>",
                 "<table>" + "".join(f"<tr><td><b>{escape(k)}</b>&nbsp;</td><td>{escape(v)}</td></tr>"
                                     for k, v in rows) + "</table>"]
        if diff is not None and diff.since is not None:
            since = self.tr("Changed since {when}").format(when=local_time(diff.since, tz))
            parts.append(f"<h3>{escape(since)}</h3>")
            installed, removed = self.tr("installed"), self.tr("removed")
            items = [f"+ {escape(installed)} {escape(c.name)} {escape(c.new_version or '')}" for c in diff.added]
            items += [f"− {escape(removed)} {escape(c.name)} {escape(c.old_version or '')}" for c in diff.removed]
            items += [f"~ {escape(c.name)}: {escape(c.old_version or '')} → {escape(c.new_version or '')}"
                      for c in diff.upgraded]
            items += [escape(line) for line in diff.other]
            parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items
                         else "<p>" + escape(self.tr("Nothing changed.")) + "</p>")
        software = d["software"]
        heading = self.tr("Software ({n})").format(n=len(software))
        parts.append(f"<h3>{escape(heading)}</h3>")
        parts.append("<table>" + "".join(
            f"<tr><td>{escape(p['name'])}&nbsp;</td><td>{escape(p['version'])}</td></tr>" for p in software)
            + "</table>")
        return "".join(parts)

    def _health(self, status: str) -> str:
        return {"ok": self.tr("healthy"), "failing": self.tr("failing"), "unknown": self.tr("health unknown")
                }.get(status, status)


def _parse(value: str):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(value)

