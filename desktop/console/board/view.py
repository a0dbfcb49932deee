"""The Machines tab as a health board: every machine with its heartbeat, CPU/memory/disk gauges
and 48-hour sparklines, open alerts, last user and forecast; filters and search; and for the
selected machine its history charts, its tickets, its snapshot and "Run diagnostic…".

Rows page in from `shared.services.board` through `BoardModel`; the board reloads in the
background every REFRESH_MS and whenever an op reports a changed machine, never blocking the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.console.board.charts import GaugeDelegate, HistoryChart
from desktop.console.board.model import COLUMNS, GAUGES, ROW_ROLE, BoardModel
from desktop.console.diagnostics.dialog import DiagnosticDialog
from desktop.console.diagnostics.hooks import action_tip, open_dialog, unavailable_reason
from desktop.console.diagnostics.session import DiagnosticsSession
from desktop.console.inventory_view import InventoryPanel
from desktop.console.snapshot_view import snapshot_html
from shared.auth.permissions import Actor, Permission, can
from shared.changes import Changes
from shared.i18n import said_text
from shared.models.enums import label
from shared.services import board, history, machines
from shared.services.board import BoardQuery, BoardRow
from shared.services.dto import TicketDetail
from shared.services.machines import MachineView

REFRESH_MS = 60_000
GB = 1024**3


class MachinesPane(QWidget):
    sig_loaded = Signal(int)
    sig_open_ticket = Signal(int)  # a ticket of the selected machine, double-clicked or Enter

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None, *,
                 diagnostics: DiagnosticsSession | None = None,
                 current_ticket: Callable[[], TicketDetail | None] | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.session = diagnostics or DiagnosticsSession(ops, parent=self)
        self.current_ticket = current_ticket or (lambda: None)
        self.dialog: DiagnosticDialog | None = None  # the last one opened (tests drive it)
        self.machine: MachineView | None = None  # the selected machine, once loaded
        self.allowed = can(actor, Permission.MACHINE_VIEW)
        self.model = BoardModel(ops, actor, owner=self)
        self.model.sig_loaded.connect(self._on_loaded)
        self.table = QTableView()
        self.table.setObjectName("machinesTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.gauges = GaugeDelegate(self.table)
        for column in GAUGES.values():
            self.table.setItemDelegateForColumn(column, self.gauges)
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column, width in enumerate((170, 200, 130, 130, 130, 150, 130)):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(width, metrics.horizontalAdvance(title) + 32))  # room for its translation
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _p: self._on_row(current.row()))
        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setPlaceholderText(self.tr("Search machine or user"))
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.offline = QCheckBox(self.tr("Offline > 24 h"))
        self.low_disk = QCheckBox(self.tr("Disk < 10 % free"))
        self.with_alerts = QCheckBox(self.tr("With alerts"))
        for box in (self.offline, self.low_disk, self.with_alerts):
            box.toggled.connect(self._apply_filters)
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.offline, self.low_disk, self.with_alerts, self.summary):
            filters.addWidget(widget)
        self.chart = HistoryChart(timezone=actor.timezone)
        self.disk_chart = HistoryChart(timezone=actor.timezone)
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        self.forecast = QLabel()
        self.forecast.setObjectName("machineForecast")
        self.forecast.setWordWrap(True)
        charts_layout.addWidget(self.forecast)
        charts_layout.addWidget(self.chart, 1)
        charts_layout.addWidget(self.disk_chart, 1)
        self.tickets = QListWidget()
        self.tickets.setObjectName("machineTickets")
        self.tickets.setToolTip(self.tr("Double-click a ticket to open it."))
        self.tickets.itemActivated.connect(self._on_ticket_activated)
        self.snapshot = QTextBrowser()
        self.snapshot.setObjectName("machineSnapshot")
        self.detail = self.details = QTabWidget()
        self.detail.addTab(charts, self.tr("History (30 days)"))
        self.detail.addTab(self.tickets, self.tr("Tickets"))
        self.detail.addTab(self.snapshot, self.tr("Latest snapshot"))
        self.inventory = InventoryPanel(ops, actor)
        self.detail.addTab(self.inventory, self.tr("Inventory"))
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
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.diagnose)
        buttons.addWidget(refresh)
        layout.addLayout(buttons)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        ops.sig_changed.connect(self._on_changed)
        if self.allowed:
            self.timer.start()
            self.refresh()
        else:
            self._empty(self.tr("Your role cannot see machines."))

    def _on_ticket_activated(self, item: QListWidgetItem) -> None:
        ticket_id = item.data(Qt.ItemDataRole.UserRole)
        if ticket_id is not None:  # not the "No tickets" line
            self.sig_open_ticket.emit(int(ticket_id))

    def _empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.split.setVisible(not text)

    def query(self) -> BoardQuery:
        return BoardQuery(search=self.search.text(), offline=self.offline.isChecked(),
                          low_disk=self.low_disk.isChecked(), alerts=self.with_alerts.isChecked())

    def _apply_filters(self) -> None:
        self.model.set_query(self.query())

    def refresh(self) -> None:
        if self.allowed:
            self.model.reload()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.machines:
            self.inventory.forget()
            self.refresh()

    def _on_loaded(self, total: int) -> None:
        self.summary.setText(self.tr("{count} machines").format(count=f"{total:,}"))
        filtered = self.query() != BoardQuery()
        if total:
            self._empty("")
        elif filtered:
            self._empty(self.tr("No machine matches these filters."))
        else:
            self._empty(self.tr("No machines yet.\n\nMachines appear here once the helpdesk probe "
                                "is installed on them and has reported in."))
        keep = self.machine.id if self.machine else None
        rows = [self.model.row_at(r, fetch=False) for r in range(min(total, self.model.page_size))]
        target = next((i for i, r in enumerate(rows) if r is not None and r.id == keep), 0)
        if total:
            self.table.selectRow(target)
            self._on_row(target)
        self.sig_loaded.emit(total)

    def selected(self) -> MachineView | None:
        return self.machine

    def selected_row(self) -> BoardRow | None:
        index = self.table.currentIndex()
        value = index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None
        return value if isinstance(value, BoardRow) else None

    def _on_row(self, row: int) -> None:
        found = self.model.row_at(row) if row >= 0 else None
        if found is None:
            return
        actor, machine_id = self.actor, found.id

        def read(uow: Any) -> tuple[MachineView, history.History, list[board.MachineTicket]]:
            return (machines.get_machine(uow, actor, machine_id), history.series(uow, actor, machine_id, days=30),
                    board.machine_tickets(uow, actor, machine_id))

        self.ops.run(read, lambda result: self._show(found, *result), parent=self)

    def _show(self, row: BoardRow, machine: MachineView, data: history.History,
              tickets: list[board.MachineTicket]) -> None:
        current = self.selected_row()
        if current is not None and current.id != machine.id:
            return  # the user moved on meanwhile
        self.machine = machine
        self._update_diagnose(machine)
        self.forecast.setText("\n".join(said_text(f) for f in row.forecast))
        self.forecast.setVisible(bool(row.forecast))
        self.chart.set_lines([(self.tr("CPU"), QColor("#1565c0"), [(p.at, p.cpu) for p in data.points]),
                              (self.tr("Memory"), QColor("#6a1b9a"), [(p.at, p.mem) for p in data.points])],
                             self.tr("No history yet."))
        self.disk_chart.set_lines([(self.tr("{mount} used").format(mount=v.mountpoint), QColor("#ef6c00"),
                                    [(at, 100 - free / v.total_bytes * 100) for at, free in v.points])
                                   for v in data.volumes if v.total_bytes], self.tr("No disk history yet."))
        self.tickets.clear()
        tz = self.actor.timezone
        for t in tickets:
            subject = said_text(t.said_subject) if t.said_subject else t.subject
            item = QListWidgetItem(f"{t.number}  {local_time(t.created_at, tz)}  [{label(t.status)}]  {subject}")
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.tickets.addItem(item)
        if not tickets:
            self.tickets.addItem(self.tr("No tickets for this machine."))
        self.snapshot.setHtml(snapshot_html(machine.snapshot, tz))
        self.inventory.show_machine(machine.id)

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
