"""Machines tab: the enrolled machines with their latest probe snapshot and active alerts
(shared.services.machines). Running diagnostics from here is not built yet."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can
from shared.services import machines
from shared.services.dto import Changes
from shared.services.machines import MachineView


class MachinesPane(QWidget):
    sig_loaded = Signal(int)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.machines: list[MachineView] = []
        self.allowed = can(actor, Permission.MACHINE_VIEW)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("machinesTable")
        self.table.setHorizontalHeaderLabels([self.tr("Host"), self.tr("Operating system"), self.tr("Last seen"),
                                              self.tr("Active alerts"), self.tr("Probe")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(2, 140)
        self.table.setColumnWidth(3, 260)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show(row))
        self.snapshot = QPlainTextEdit()
        self.snapshot.setObjectName("machineSnapshot")
        self.snapshot.setReadOnly(True)
        self.empty = QLabel()
        self.empty.setObjectName("machinesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        refresh.setEnabled(self.allowed)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.snapshot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignRight)
        ops.sig_changed.connect(self._on_changed)
        if self.allowed:
            self.refresh()
        else:
            self._empty(self.tr("Your role cannot see machines."))

    def _empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.split.setVisible(not text)

    def refresh(self) -> None:
        actor = self.actor
        self.ops.run(lambda uow: machines.list_machines(uow, actor), self._on_list, parent=self)

    def _on_changed(self, changes: Changes) -> None:
        if changes.machines:
            self.refresh()

    def _on_list(self, items: list[MachineView]) -> None:
        self.machines = list(items)
        self.table.setRowCount(len(items))
        tz = self.actor.timezone
        for row, m in enumerate(items):
            cells = [m.hostname, f"{m.os_name} {m.os_version}".strip(), local_time(m.last_seen_at, tz),
                     ", ".join(m.active_alerts) or "—", m.probe_version or "—"]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._empty("" if items else self.tr("No machines yet.\n\nMachines appear here once the helpdesk probe "
                                             "is installed on them and has reported in."))
        if items:
            self.table.selectRow(0)
        self.sig_loaded.emit(len(items))

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.machines):
            self.snapshot.clear()
            return
        snap: Any = self.machines[row].snapshot or {}
        self.snapshot.setPlainText(json.dumps(snap, indent=2, ensure_ascii=False, default=str))
