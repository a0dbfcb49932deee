"""Painted gauges, sparklines and the history chart: plain QPainter, no chart library, so 10,000
rows scroll without a widget per cell."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.common.fmt import zone
from desktop.console.board.model import SPARK_ROLE
from shared.i18n import current_language

_Index = QModelIndex | QPersistentModelIndex


def level_colour(percent: float) -> QColor:
    return QColor("#c62828") if percent >= 90 else QColor("#ef6c00") if percent >= 75 else QColor("#2e7d32")


def sparkline(painter: QPainter, rect: QRectF, values: Sequence[float], colour: QColor) -> None:
    if len(values) < 2:
        return
    path = QPainterPath()
    step = rect.width() / (len(values) - 1)
    for i, v in enumerate(values):
        point = QPointF(rect.left() + i * step, rect.bottom() - rect.height() * max(0.0, min(100.0, v)) / 100)
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    painter.setPen(QPen(colour, 1.2))
    painter.drawPath(path)


class GaugeDelegate(QStyledItemDelegate):
    """A gauge column: the value as a bar with its number, the last 48 hours as a sparkline."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        value = index.data(SPARK_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        now, series = value
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        r = QRectF(option.rect).adjusted(4, 3, -4, -3)
        bar = QRectF(r.left(), r.top(), r.width() * 0.42, r.height())
        if now is not None:
            painter.fillRect(bar, QColor("#e0e0e0"))
            painter.fillRect(QRectF(bar.left(), bar.top(), bar.width() * min(100.0, now) / 100, bar.height()),
                             level_colour(now))
            painter.setPen(QColor("#212121"))
            painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, f"{now:.0f}%")
        sparkline(painter, QRectF(bar.right() + 6, r.top() + 1, r.right() - bar.right() - 6, r.height() - 2),
                  series, QColor("#1565c0"))
        painter.restore()


SHORT_SPAN = timedelta(days=2)  # a chart shorter than this names the hour too


def axis_labels(start: datetime, end: datetime, timezone: str | None, language: str | None = None) -> tuple[str, str]:
    """The first and last moment of a chart as its reader says them: in their time zone (the stored
    instants are UTC) and language, by Babel as the forecasts beside the chart ("Dec 1, 2026",
    "1 Des 2026"); with the time of day when the chart spans less than two days."""
    from babel.dates import format_date, format_time, get_datetime_format  # once a chart has points

    tz, locale = zone(timezone), language or current_language()

    def say(value: datetime) -> str:
        local = value.astimezone(tz)
        day = format_date(local.date(), "medium", locale=locale)
        if end - start >= SHORT_SPAN:
            return day
        # The locale's own way to join a date and a time ("{1}, {0}" in English, "{1} {0}" in Indonesian).
        return str(get_datetime_format("medium", locale=locale)).format(format_time(local, "short", locale=locale), day)

    return say(start), say(end)


class HistoryChart(QWidget):
    """Lines over time (percent, 0-100), each with its colour and name in a legend; the time axis
    in the user's time zone (`timezone`, an IANA name; None: UTC) and language."""

    def __init__(self, parent: QWidget | None = None, *, timezone: str | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(160)
        self.timezone = timezone
        self.lines: list[tuple[str, QColor, list[tuple[datetime, float]]]] = []
        self.empty_text = ""
        self.axis_text: tuple[str, str] = ("", "")  # the time axis' first and last labels

    def set_lines(self, lines: list[tuple[str, QColor, list[tuple[datetime, float]]]], empty_text: str) -> None:
        self.lines, self.empty_text = lines, empty_text
        points = [at for _n, _c, line in lines for at, _v in line]
        self.axis_text = axis_labels(min(points), max(points), self.timezone) if points else ("", "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(48, 22, -10, -18)
        painter.setPen(QColor("#9e9e9e"))
        for pct in (0, 50, 100):
            y = area.bottom() - area.height() * pct / 100
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.drawText(QRectF(0, y - 8, 44, 16), Qt.AlignmentFlag.AlignRight, f"{pct}%")
        points = [at for _n, _c, line in self.lines for at, _v in line]
        if not points:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        start, end = min(points), max(points)
        span = max(1.0, (end - start).total_seconds())
        first, last = self.axis_text
        painter.drawText(QRectF(area.left(), area.bottom() + 2, 160, 16), Qt.AlignmentFlag.AlignLeft, first)
        painter.drawText(QRectF(area.right() - 160, area.bottom() + 2, 160, 16), Qt.AlignmentFlag.AlignRight, last)
        x = area.left()
        for name, colour, line in self.lines:
            path = QPainterPath()
            for i, (at, v) in enumerate(line):
                p = QPointF(area.left() + area.width() * (at - start).total_seconds() / span,
                            area.bottom() - area.height() * max(0.0, min(100.0, v)) / 100)
                if i == 0:
                    path.moveTo(p)
                else:
                    path.lineTo(p)
            painter.setPen(QPen(colour, 1.6))
            painter.drawPath(path)
            painter.fillRect(QRectF(x, 6, 10, 10), colour)
            painter.setPen(QColor("#212121"))
            width = painter.fontMetrics().horizontalAdvance(name) + 8
            painter.drawText(QRectF(x + 14, 2, width, 18), Qt.AlignmentFlag.AlignLeft, name)
            x += width + 24
