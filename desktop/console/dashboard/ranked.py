"""Top categories as ranked bars: each name in a label of its own, whole, beside its bars.

A horizontal QtCharts bar chart gives its category axis what is left beside the plot and cuts
the names to "…" (every name was "…" at the console's default size). Here the names are widgets
that take the width they need, in any language; the bars share what remains."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLayoutItem, QVBoxLayout, QWidget

CURRENT, PREVIOUS = QColor("#1565c0"), QColor("#90a4ae")


class _Bars(QWidget):
    """This period's bar over the period before's, each with its count."""

    def __init__(self, current: int, previous: int | None, top: int) -> None:
        super().__init__()
        self.current, self.previous, self.top = current, previous, max(1, top)
        self.setMinimumWidth(120)

    def sizeHint(self) -> QSize:
        return QSize(300, 2 * self.fontMetrics().height() + 6)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        room = self.width() - fm.horizontalAdvance(str(max(self.current, self.previous or 0))) - 8
        rows = [(self.current, CURRENT)] + ([(self.previous, PREVIOUS)] if self.previous is not None else [])
        height = (self.height() - 2) / len(rows)
        for i, (value, colour) in enumerate(rows):
            y = 1 + i * height
            width = max(2.0, room * value / self.top) if value else 0.0
            painter.fillRect(QRectF(0, y + 1, width, height - 2), colour)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(width + 4, y, 60, height), Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.end()


def _drop(item: QLayoutItem | None) -> None:
    widget = item.widget() if item is not None else None
    if widget is not None:
        widget.deleteLater()


class RankedBars(QFrame):
    """A title, one row per name (biggest first) and a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rankedBars")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("#rankedBars { background: palette(base); border-radius: 6px; }")
        self.title = QLabel()
        self.title.setObjectName("chartTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(1, 1)
        self.rows.setHorizontalSpacing(10)
        self.names: list[QLabel] = []
        self.legend = QHBoxLayout()
        self.legend.addStretch(1)
        self.legend_labels: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        layout.addLayout(self.legend)
        self.setMinimumHeight(220)

    def show_ranking(self, title: str, rows: list[tuple[str, int, int | None]], legend: tuple[str, str]) -> None:
        """`rows`: (name, this period, period before or None), in the order shown."""
        self.title.setText(title)
        while self.rows.count():
            _drop(self.rows.takeAt(0))
        self.names = []
        top = max([v for _n, c, p in rows for v in (c, p or 0)], default=1)
        for i, (name, current, previous) in enumerate(rows):
            label = QLabel(name)
            label.setObjectName("rankedName")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.names.append(label)
            self.rows.addWidget(label, i, 0)
            self.rows.addWidget(_Bars(current, previous, top), i, 1)
        while self.legend.count() > 1:
            _drop(self.legend.takeAt(1))
        self.legend_labels = []
        if rows:
            for text, colour in zip(legend, (CURRENT, PREVIOUS), strict=True):
                swatch = QLabel()
                swatch.setFixedSize(10, 10)
                swatch.setStyleSheet(f"background: {colour.name()};")
                label = QLabel(text)
                self.legend_labels.append(label)
                self.legend.addWidget(swatch)
                self.legend.addWidget(label)
            self.legend.addStretch(1)
