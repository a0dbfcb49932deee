"""The queue's column widths, measured from the texts they show in the current language, and the
columns that give way when the table is narrow.

The SLA and status columns are never cut: their width comes from the widest text they can show
("overdue 99d 23h" in bold, the longest status label), measured with QFontMetrics. The subject
takes what is left and is elided; when even its minimum does not fit, the least needed columns
are hidden, so the table never scrolls sideways and the SLA state is always in sight.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from desktop.common.fmt import duration, local_time, tier_text
from desktop.console.queue.model import COL, COLUMNS
from shared.models.enums import Status, label

# Hidden first to last when the table is too narrow; the others always show.
GIVE_WAY = ("tier", "updated", "requester", "assignee")
PREFERRED = {"requester": 110, "assignee": 110}  # names: room for most, elided beyond
SUBJECT_MIN_CHARS = 12  # the subject keeps room for about this many characters


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _widest(fm: QFontMetrics, texts: list[str]) -> int:
    return max(fm.horizontalAdvance(t) for t in texts)


def minimum_widths(table: QTableView) -> dict[str, int]:
    """Each column's width: its header (bold, with the sort arrow) and its widest possible cell."""
    header = table.horizontalHeader()
    table.ensurePolished()  # the style sheet's fonts, before they are measured
    header.ensurePolished()
    style = table.style()
    model = table.model()
    bold = QFont(header.font())
    bold.setBold(True)
    head_fm = QFontMetrics(bold)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    cell = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + 4
    fm = QFontMetrics(table.font())
    cell_bold = QFont(table.font())
    cell_bold.setBold(True)  # overdue and near-due SLA cells are bold
    fm_bold = QFontMetrics(cell_bold)
    widths = {}
    for name in COLUMNS:
        text = str(model.headerData(COL[name], header.orientation()) or "")
        widths[name] = head_fm.horizontalAdvance(text) + 3 * margin + arrow
    longest = duration(timedelta(days=99, hours=23))
    samples = {
        "number": [fm.horizontalAdvance("HD-000000")],
        "priority": [48],
        "status": [fm.horizontalAdvance(label(s)) for s in Status],
        "tier": [fm.horizontalAdvance(tier_text(4))],
        "sla": [fm_bold.horizontalAdvance(_tr("overdue {t}").format(t=longest)),
                fm_bold.horizontalAdvance(longest), fm.horizontalAdvance(_tr("paused"))],
        "updated": [fm.horizontalAdvance(local_time(datetime(2026, 12, 31, 23, 59, tzinfo=UTC), "UTC"))],
        "subject": [fm.horizontalAdvance("M" * (SUBJECT_MIN_CHARS // 2)) + fm.horizontalAdvance("a" * 8)],
    }
    for name, values in samples.items():
        widths[name] = max(widths[name], max(values) + cell)
    for name, preferred in PREFERRED.items():
        widths[name] = max(widths[name], preferred)
    return widths


def fit(table: QTableView, widths: dict[str, int]) -> list[str]:
    """Show the columns that fit the table's width at their measured widths, the subject
    stretching over the rest. Returns the hidden columns."""
    header = table.horizontalHeader()
    available = table.viewport().width()
    shown = list(COLUMNS)
    for name in GIVE_WAY:
        if sum(widths[c] for c in shown) <= available:
            break
        shown.remove(name)
    for name in COLUMNS:
        hidden = name not in shown
        if header.isSectionHidden(COL[name]) != hidden:
            header.setSectionHidden(COL[name], hidden)
        if not hidden and name != "subject" and header.sectionSize(COL[name]) < widths[name]:
            table.setColumnWidth(COL[name], widths[name])
    header.setSectionResizeMode(COL["subject"], QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(min(widths.values()))
    return [name for name in COLUMNS if name not in shown]
