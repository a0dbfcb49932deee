"""The dashboard: KPI tiles and charts for a date range. Every figure comes from metrics.report."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import duration, zone
from desktop.common.ops import Ops
from desktop.console.dashboard.breakdown import BreakdownPanel, export_pdf
from desktop.console.dashboard.incidents import IncidentsPanel
from desktop.console.dashboard.insights import DocQualityPanel, TrendsPanel
from desktop.console.dashboard.jobs import JobsPanel
from desktop.console.dashboard.ranked import RankedBars
from desktop.console.dashboard.workload import WorkloadPanel
from shared.auth.permissions import Actor, Permission, can
from shared.changes import Changes
from shared.services import metrics
from shared.services.metrics import Report
from shared.services.names import shown_path


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def seconds(value: float | None) -> str:
    return "—" if value is None else duration(timedelta(seconds=value))


def csat(value: float | None, n: int) -> str:
    return "—" if value is None else f"{value:.2f} / 5 ({n})"


class KpiTile(QFrame):
    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self.setObjectName("kpiTile")
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        self.value.setProperty("kpi", name)
        caption = QLabel(title)
        caption.setObjectName("kpiLabel")
        caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.value)
        layout.addWidget(caption)


class DashboardPane(QWidget):
    sig_loaded = Signal(object)  # Report
    sig_open_tickets = Signal(list)  # ticket ids to list in the queue (incidents, trends, doc quality)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.report: Report | None = None
        self.allowed = can(actor, Permission.REPORT_VIEW)
        today = ops.now().astimezone(zone(actor.timezone)).date()

        self.preset = QComboBox()
        self.preset.setObjectName("rangePreset")
        for days, text in ((7, self.tr("Last 7 days")), (30, self.tr("Last 30 days")),
                           (90, self.tr("Last 90 days")), (0, self.tr("Custom"))):
            self.preset.addItem(text, days)
        self.preset.setCurrentIndex(1)
        self.start = QDateEdit(QDate(today.year, today.month, today.day).addDays(-29))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.preset.setCurrentIndex(3))
        self.preset.activated.connect(self._on_preset)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period:")))
        bar.addWidget(self.preset)
        bar.addWidget(self.start)
        bar.addWidget(QLabel("–"))
        bar.addWidget(self.end)
        bar.addWidget(self.refresh_button)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.csv_button.clicked.connect(lambda: self._ask_path("csv"))
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        bar.addStretch(1)
        self.note = QLabel()  # on its own line: beside the period it was squeezed out of sight
        self.note.setObjectName("kpiLabel")
        self.note.setWordWrap(True)

        self.tiles = {
            "backlog": KpiTile(self.tr("Open backlog"), "backlog"),
            "sla": KpiTile(self.tr("SLA compliance (resolved in period)"), "sla"),
            "fcr": KpiTile(self.tr("First contact resolution"), "fcr"),
            "resolution": KpiTile(self.tr("Mean resolution time"), "resolution"),
            "csat": KpiTile(self.tr("Customer satisfaction"), "csat"),
            "created": KpiTile(self.tr("Created / resolved in period"), "created"),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)

        self.charts = {name: self._chart_view() for name in ("per_day", "age", "tier")}
        self.categories = RankedBars()  # not a chart: a chart's category axis cut the names to "…"
        grid = QGridLayout()
        grid.addWidget(self.charts["per_day"], 0, 0)
        grid.addWidget(self.charts["age"], 0, 1)
        grid.addWidget(self.categories, 1, 0)
        grid.addWidget(self.charts["tier"], 1, 1)

        self.denied = QLabel(self.tr("Your role cannot view reports. Ask a supervisor."))
        self.denied.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(bar)
        content.addWidget(self.note)
        content.addLayout(tiles)
        content.addLayout(grid, 1)
        self.breakdown = BreakdownPanel(ops, actor)
        content.addWidget(self.breakdown)
        self.workload = WorkloadPanel(ops, actor)
        self.jobs = JobsPanel(ops, actor)
        panels = QHBoxLayout()
        panels.addWidget(self.workload, 3)
        panels.addWidget(self.jobs, 2)
        content.addLayout(panels)
        self.trends = TrendsPanel(ops, actor)
        self.doc_quality = DocQualityPanel(ops, actor)
        content.addWidget(self.trends)
        content.addWidget(self.doc_quality)
        # Agents without reports still see the known problems and act on suggested incidents.
        self.incidents = IncidentsPanel(ops, actor)
        self.incidents.setVisible(can(actor, Permission.TICKET_VIEW_ALL))
        for panel in (self.incidents, self.trends, self.doc_quality):
            panel.sig_open_tickets.connect(self.sig_open_tickets)
        # Tiles, charts, the breakdown, workload and jobs are taller than a laptop screen: scroll.
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.content)
        self.content.setMinimumHeight(1600)
        layout = QVBoxLayout(self)
        layout.addWidget(self.incidents)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.denied, 1)
        self.denied.setObjectName("dashboardDenied")
        self.denied.setVisible(not self.allowed)
        self.scroller.setVisible(self.allowed)
        self.refresh_button.setEnabled(self.allowed)
        ops.sig_changed.connect(self._on_changed)
        if self.allowed:
            self.refresh()
        elif can(actor, Permission.TICKET_VIEW_ALL):
            self.incidents.refresh()

    def _ask_path(self, kind: str) -> None:
        start, end = self.start.date().toString("yyyy-MM-dd"), self.end.date().toString("yyyy-MM-dd")
        dialog = QFileDialog(self, self.tr("Export the report"), f"helpdesk-report-{start}-{end}.{kind}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("PDF (*.pdf)" if kind == "pdf" else "CSV (*.csv)")
        dialog.fileSelected.connect(lambda path: self.export(Path(path), kind))
        dialog.open()

    def export(self, path: Path, kind: str) -> int:
        """Write the breakdown as CSV, or the whole dashboard as PDF (returns its page count)."""
        if kind == "csv":
            self.breakdown.export_csv(path)
            return 1
        start, end = self.start.date().toString("yyyy-MM-dd"), self.end.date().toString("yyyy-MM-dd")
        return export_pdf(self.content, path, self.tr("Helpdesk report {start} – {end}").format(start=start, end=end))

    def _chart_view(self) -> QChartView:
        view = QChartView()
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        return view

    def period(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC, from whole days in the user's time zone."""
        tz = zone(self.actor.timezone)
        a: date = self.start.date().toPython()  # type: ignore[assignment]
        b: date = self.end.date().toPython()  # type: ignore[assignment]
        start = datetime.combine(a, time(0), tzinfo=tz).astimezone(UTC)
        end = datetime.combine(b + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
        return start, end

    def _on_preset(self, index: int) -> None:
        days = int(self.preset.itemData(index))
        if days:
            end = self.end.date()
            self.start.blockSignals(True)
            self.start.setDate(end.addDays(-(days - 1)))
            self.start.blockSignals(False)
            self.preset.setCurrentIndex(index)
            self.refresh()

    def refresh(self) -> None:
        if not self.allowed:
            return
        start, end = self.period()
        actor = self.actor
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation
        # Only the newest request's answer is shown; an older one may arrive after it.
        self.ops.run(lambda uow: metrics.report(uow, actor, start, end),
                     lambda r: self.show_report(r) if generation == self._generation else None, parent=self)
        self.jobs.refresh()
        self.workload.refresh()
        self.breakdown.load(start, end)
        self.incidents.refresh()
        self.trends.refresh()
        self.doc_quality.load(start, end)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.queue and self.isVisible():
            self.refresh()

    def show_report(self, r: Report) -> None:
        self.report = r
        self.tiles["backlog"].value.setText(str(r.open_backlog))
        self.tiles["sla"].value.setText(percent(r.sla_compliance))
        self.tiles["fcr"].value.setText(percent(r.fcr_rate))
        self.tiles["resolution"].value.setText(seconds(r.resolution_mean_s))
        self.tiles["csat"].value.setText(csat(r.csat_average, r.csat_responses))
        self.tiles["created"].value.setText(f"{r.created} / {r.resolved}")
        self.note.setText(self.tr("First response: mean {mean}, median {median}").format(
            mean=seconds(r.first_response_mean_s), median=seconds(r.first_response_median_s)))
        self._per_day(r)
        ages = {"< 1d": self.tr("< 1 day"), "1–3d": self.tr("1–3 days"), "3–7d": self.tr("3–7 days"),
                "7–30d": self.tr("7–30 days"), "> 30d": self.tr("> 30 days")}  # the report's keys, in words
        self._bars(self.charts["age"], self.tr("Open backlog by age"), [ages.get(n, n) for n, _c in r.backlog_by_age],
                   [c for _n, c in r.backlog_by_age], "#ef6c00")
        title = self.tr("Top categories (created in period)")
        self.categories.show_ranking(
            title if r.top_categories else title + " — " + self.tr("no data"),
            [(shown_path(c.category), c.count, c.previous) for c in r.top_categories],
            (self.tr("This period"), self.tr("Period before")))
        self._bars(self.charts["tier"], self.tr("Open backlog by tier"), [f"L{t}" for t, _n in r.backlog_by_tier],
                   [n for _t, n in r.backlog_by_tier], "#00838f")
        self.sig_loaded.emit(r)

    def _new_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        dark = self.palette().window().color().lightness() < 128
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        if dark:
            chart.setBackgroundBrush(self.palette().base())
        return chart

    def _per_day(self, r: Report) -> None:
        chart = self._new_chart(self.tr("Tickets created per day"))
        series = QLineSeries()
        series.setPointsVisible(True)
        tz = zone(self.actor.timezone)
        top = 0
        for day, n in r.per_day:
            stamp = datetime.combine(day, time(12), tzinfo=tz)
            series.append(float(stamp.timestamp() * 1000), float(n))
            top = max(top, n)
        chart.addSeries(series)
        x = QDateTimeAxis()
        x.setFormat("MM-dd")
        x.setTickCount(min(8, max(2, len(r.per_day))))
        if r.per_day:
            first = datetime.combine(r.per_day[0][0], time(0), tzinfo=tz)
            last = datetime.combine(r.per_day[-1][0], time(23, 59), tzinfo=tz)
            x.setRange(QDateTime.fromSecsSinceEpoch(int(first.timestamp())),
                       QDateTime.fromSecsSinceEpoch(int(last.timestamp())))
        y = QValueAxis()
        y.setRange(0, max(1, top) * 1.15)
        y.applyNiceNumbers()
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.charts["per_day"].setChart(chart)

    def _bars(self, view: QChartView, title: str, names: list[str], values: list[int], colour: str) -> None:
        chart = self._new_chart(title)
        if not names:
            chart.setTitle(title + " — " + self.tr("no data"))
            view.setChart(chart)
            return
        current = QBarSet(self.tr("This period"))
        current.append([float(v) for v in values])
        current.setColor(QColor(colour))
        series = QBarSeries()
        series.append(current)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([html.escape(n) for n in names])  # axis labels are rich text: "< 1d"
        axis = QValueAxis()
        axis.setRange(0, max(1, *values) * 1.2)
        axis.applyNiceNumbers()
        axis.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(axis)
        view.setChart(chart)
