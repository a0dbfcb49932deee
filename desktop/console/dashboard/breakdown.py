"""The period's KPIs per agent, team, category or ticket type on the dashboard, and the exports a
supervisor sends on: CSV of the breakdown, PDF of the whole dashboard with its charts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRect, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import duration
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.services.breakdown import GroupBy, GroupKpis, breakdown, to_csv


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def _seconds(value: float | None) -> str:
    return "—" if value is None else duration(timedelta(seconds=value))


class BreakdownPanel(QGroupBox):
    sig_loaded = Signal(list)  # GroupKpis rows

    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Breakdown"))
        self.setObjectName("breakdownPanel")
        self.ops, self.actor = ops, actor
        self.rows: list[GroupKpis] = []
        self.group = QComboBox()
        self.group.setObjectName("breakdownGroup")
        for value, text in ((GroupBy.AGENT, self.tr("Per agent")), (GroupBy.TEAM, self.tr("Per team")),
                            (GroupBy.CATEGORY, self.tr("Per category")), (GroupBy.TYPE, self.tr("Per ticket type"))):
            self.group.addItem(text, value.value)
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("breakdownTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Created"), self.tr("Resolved"), self.tr("FCR"), self.tr("First response"),
            self.tr("Resolution"), self.tr("SLA met"), self.tr("CSAT"), self.tr("Backlog")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 9):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.group)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.setMinimumHeight(200)
        self._period: tuple[datetime, datetime] | None = None
        self._generation = 0
        self.group.currentIndexChanged.connect(lambda _i: self.reload())

    def load(self, start: datetime, end: datetime) -> None:
        self._period = (start, end)
        self.reload()

    def reload(self) -> None:
        if self._period is None:
            return
        (start, end), actor, group = self._period, self.actor, str(self.group.currentData())
        self._generation += 1
        generation = self._generation
        # Only the newest request's answer is shown; an older one may arrive after it.
        self.ops.run(lambda uow: breakdown(uow, actor, start, end, group),
                     lambda rows: self.show_rows(rows) if generation == self._generation else None, parent=self)

    def show_rows(self, rows: list[GroupKpis]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            csat = "—" if r.csat_average is None else f"{r.csat_average:.2f} ({r.csat_responses})"
            cells = [r.key, str(r.created), str(r.resolved), _percent(r.fcr_rate), _seconds(r.first_response_median_s),
                     _seconds(r.resolution_median_s), _percent(r.sla_compliance), csat, str(r.backlog)]
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        self.sig_loaded.emit(rows)

    def export_csv(self, path: Path) -> None:
        # newline="": the rows end in "\n" as written, on Windows too (no text-mode translation).
        path.write_text(to_csv(self.rows, str(self.group.currentData())), encoding="utf-8", newline="")


def export_pdf(widget: QWidget, path: Path, title: str) -> int:
    """Print `widget` (the dashboard, charts and tables included) on A4 landscape pages, scaled to
    the page width. Returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Helpdesk")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    scale = page.width() / max(1, widget.width())
    slice_height = int(page.height() / scale)
    pages = 0
    painter = QPainter(writer)
    try:
        top = 0
        while top < widget.height():
            if pages:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            widget.render(painter, QPoint(0, 0), QRegion(QRect(0, top, widget.width(),
                                                              min(slice_height, widget.height() - top))))
            painter.restore()
            pages += 1
            top += slice_height
    finally:
        painter.end()
    return pages
