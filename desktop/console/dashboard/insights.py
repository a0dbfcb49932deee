"""Trends and documentation quality on the dashboard. Trends: categories rising week over week,
and problems that keep coming back for one machine or person. Documentation quality per agent
(or team), with the tickets that lower it one click away: they open in the queue."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.services import doc_quality, trends
from shared.services.doc_quality import QualityRow
from shared.services.trends import Trends

LOW = QColor("#c62828")
LOW_SCORE = 0.6  # below this share of the criteria met, the score shows red


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


class TrendsPanel(QGroupBox):
    sig_open_tickets = Signal(list)
    sig_loaded = Signal(object)

    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Trends"))
        self.setObjectName("trendsPanel")
        self.ops, self.actor = ops, actor
        self.found: Trends | None = None
        self.rising = _table([self.tr("Rising category"), self.tr("Last week"), self.tr("This week")], "risingTable")
        self.recurring = _table([self.tr("Keeps coming back"), self.tr("Category"), self.tr("Tickets")],
                                "recurringTable")
        self.recurring.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.recurring.doubleClicked.connect(lambda index: self.open_recurring(index.row()))
        self.recurring.setToolTip(self.tr("Double-click to see the tickets in the queue"))
        self.show_button = QPushButton(self.tr("Show tickets"))
        self.show_button.setObjectName("trendsShow")
        self.show_button.clicked.connect(lambda: self.open_recurring(self.recurring.currentRow()))
        right = QVBoxLayout()
        right.addWidget(self.recurring, 1)
        right.addWidget(self.show_button)
        layout = QHBoxLayout(self)
        layout.addWidget(self.rising, 2)
        layout.addLayout(right, 3)
        self.setMaximumHeight(260)

    def refresh(self) -> None:
        actor = self.actor
        self.ops.run(lambda uow: trends.trends(uow, actor), self.show_trends, parent=self)

    def show_trends(self, found: Trends) -> None:
        self.found = found
        self.rising.setRowCount(len(found.rising))
        for i, t in enumerate(found.rising):
            for column, text in enumerate((t.category, str(t.last_week), str(t.this_week))):
                self.rising.setItem(i, column, QTableWidgetItem(text))
        self.recurring.setRowCount(len(found.recurring))
        for i, r in enumerate(found.recurring):
            kind = self.tr("machine") if r.kind == "machine" else self.tr("person")
            for column, text in enumerate((f"{r.name} ({kind})", r.category, str(r.count))):
                item = QTableWidgetItem(text)
                item.setToolTip(", ".join(r.numbers))
                self.recurring.setItem(i, column, item)
        if found.recurring:
            self.recurring.selectRow(0)
        self.show_button.setEnabled(bool(found.recurring))
        self.sig_loaded.emit(found)

    def open_recurring(self, row: int) -> None:
        if self.found is not None and 0 <= row < len(self.found.recurring):
            self.sig_open_tickets.emit(list(self.found.recurring[row].ticket_ids))


class DocQualityPanel(QGroupBox):
    """Per agent or team: resolved, the score, what lowered it; "Show tickets" opens them in the queue."""

    sig_open_tickets = Signal(list)
    sig_loaded = Signal(int)

    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Documentation quality"))
        self.setObjectName("docQualityPanel")
        self.ops, self.actor = ops, actor
        self.rows: list[QualityRow] = []
        self.period: tuple[datetime, datetime] | None = None
        self.by = QComboBox()
        self.by.setObjectName("docQualityBy")
        self.by.addItem(self.tr("Per agent"), "agent")
        self.by.addItem(self.tr("Per team"), "team")
        self.by.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_button = QPushButton(self.tr("Show tickets"))
        self.show_button.setObjectName("docQualityShow")
        self.show_button.clicked.connect(self.open_selected)
        hint = QLabel(self.tr("Solution of real length, category, checklist done, KB article, a note on "
                              "each escalation."))
        hint.setWordWrap(True)
        hint.setObjectName("kpiLabel")
        bar = QHBoxLayout()
        bar.addWidget(self.by)
        bar.addWidget(hint, 1)
        bar.addWidget(self.show_button)
        self.table = _table([self.tr("Who"), self.tr("Resolved"), self.tr("Score"), self.tr("Lowered by")],
                            "docQualityTable")
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setMaximumHeight(260)

    def load(self, start: datetime, end: datetime) -> None:
        self.period = (start, end)
        self.reload()

    def reload(self) -> None:
        if self.period is None:
            return
        (start, end), actor, by = self.period, self.actor, str(self.by.currentData())
        self.ops.run(lambda uow: doc_quality.quality(uow, actor, start, end, by=by), self.show_rows, parent=self)

    def show_rows(self, rows: list[QualityRow]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            lowered = ", ".join(f"{doc_quality.criterion_label(c)} ({n})" for c, n in r.missing.items() if n)
            cells = (r.key, str(r.resolved), f"{r.score * 100:.0f} %", lowered or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2 and r.score < LOW_SCORE:
                    item.setForeground(QBrush(LOW))
                self.table.setItem(i, column, item)
        if rows:
            self.table.selectRow(0)
        self.sig_loaded.emit(len(rows))

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows) and self.rows[row].ticket_ids:
            self.sig_open_tickets.emit(list(self.rows[row].ticket_ids))
