"""Machines tab: the enrolled machines with their latest probe snapshot and active alerts
(shared.services.machines), and "Run diagnostic…" on the selected machine."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.console.diagnostics.dialog import DiagnosticDialog, unavailable_reason
from desktop.console.diagnostics.hooks import action_tip, open_dialog
from desktop.console.diagnostics.session import DiagnosticsSession
from desktop.console.inventory_view import InventoryPanel
from desktop.console.snapshot_view import snapshot_html
from shared.auth.permissions import Actor, Permission, can
from shared.changes import Changes
from shared.services import machines
from shared.services.dto import TicketDetail
from shared.services.machines import MachineView


class MachinesPane(QWidget):
    sig_loaded = Signal(int)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None, *,
                 diagnostics: DiagnosticsSession | None = None,
                 current_ticket: Callable[[], TicketDetail | None] | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.session = diagnostics or DiagnosticsSession(ops, parent=self)
        self.current_ticket = current_ticket or (lambda: None)
        self.dialog: DiagnosticDialog | None = None  # the last one opened (tests drive it)
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
        self.snapshot = QTextBrowser()
        self.snapshot.setObjectName("machineSnapshot")
        self.empty = QLabel()
        self.empty.setObjectName("machinesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        refresh.setEnabled(self.allowed)
        self.diagnose = QPushButton(self.tr("Run diagnostic…"))
        self.diagnose.setObjectName("runDiagnostic")
        self.diagnose.clicked.connect(self._on_diagnose)
        self._update_diagnose(None)
        self.inventory = InventoryPanel(ops, actor)
        self.details = details = QTabWidget()
        details.addTab(self.snapshot, self.tr("Snapshot"))
        details.addTab(self.inventory, self.tr("Inventory"))
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(details)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.diagnose)
        buttons.addWidget(refresh)
        layout.addLayout(buttons)
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

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.machines:
            self.inventory.forget()
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

    def selected(self) -> MachineView | None:
        row = self.table.currentRow()
        return self.machines[row] if 0 <= row < len(self.machines) else None

    def _update_diagnose(self, machine: MachineView | None) -> None:
        if machine is None and can(self.actor, Permission.DIAGNOSTIC_RUN):
            reason: str | None = self.tr("Select a machine first.")
        else:
            reason = unavailable_reason(self.actor, machine.id if machine else None, machine)
        self.diagnose.setEnabled(reason is None)
        self.diagnose.setToolTip(reason or (action_tip(machine) if machine is not None else ""))

    def _on_diagnose(self) -> None:
        machine = self.selected()
        if machine is None:
            return
        # The open ticket is offered as the one to record on; the agent may name another.
        open_dialog(self, self.session, self.actor, machine, ticket=self.current_ticket(), ask_ticket=True,
                    opened=lambda dialog: setattr(self, "dialog", dialog))

    def _show(self, row: int) -> None:
        self._update_diagnose(self.machines[row] if 0 <= row < len(self.machines) else None)
        if not 0 <= row < len(self.machines):
            self.snapshot.clear()
            self.inventory.show_machine(None)
            return
        self.inventory.show_machine(self.machines[row].id)
        self.snapshot.setHtml(snapshot_html(self.machines[row].snapshot, self.actor.timezone))
