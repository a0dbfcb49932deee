"""The desk's workload on the dashboard: per agent, open tickets, due soon, overdue, capacity and
whether they are on shift now — who needs help, and who can take more."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.services import workload
from shared.services.workload import AgentLoad

OVERDUE = QColor("#c62828")


class WorkloadPanel(QGroupBox):
    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Workload"))
        self.setObjectName("workloadPanel")
        self.ops, self.actor = ops, actor
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("workloadTable")
        self.table.setHorizontalHeaderLabels([self.tr("Agent"), self.tr("Open"), self.tr("Due soon"),
                                              self.tr("Overdue"), self.tr("Capacity"), self.tr("On shift")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        QVBoxLayout(self).addWidget(self.table)
        self.setMaximumHeight(230)

    def refresh(self) -> None:
        actor = self.actor
        self.ops.run(lambda uow: workload.workload(uow, actor), self.show_loads, parent=self)

    def show_loads(self, rows: list[AgentLoad]) -> None:
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            capacity = (f"{r.open} / {r.capacity}" if r.capacity is not None else "—")
            cells = [r.name, str(r.open), str(r.due_soon), str(r.overdue), capacity,
                     self.tr("yes") if r.on_shift else self.tr("no")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3 and r.overdue:
                    item.setForeground(QBrush(OVERDUE))
                if column == 4 and r.at_capacity:
                    item.setToolTip(self.tr("At capacity: auto-assignment skips this agent"))
                self.table.setItem(i, column, item)
