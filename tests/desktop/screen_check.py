"""What a person sees on a rendered screen, measured: every visible text (labels, buttons, group
box titles, tabs, header sections, placeholders, combo items, list and table cells, the timeline)
with the width it needs (QFontMetrics.horizontalAdvance) and the width it has.

`clipped()` lists texts cut by their widget; `untranslated()` lists texts an Indonesian screen
still shows in English: either a known English source whose Indonesian differs (from the Qt and
gettext catalogues), or a text shown identically by the English rendering of the same widget that
is neither data nor a word both languages share.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QChart, QChartView
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
_DISPLAY, _FONT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole


@dataclass(frozen=True)
class Seen:
    where: str  # a path through the widget tree, the same in both languages
    kind: str
    text: str
    need: int = 0  # pixels the text needs
    have: int = 0  # pixels its widget gives it (0: not measured)
    may_elide: bool = True  # False: a cut here hides what the person needs (the queue's SLA/status)
    static: bool = True  # the program's own words (False: data such as a timeline or a cell)

    @property
    def cut(self) -> bool:
        return self.have > 0 and self.need > self.have


def _path(widget: QWidget, root: QWidget) -> str:
    parts = []
    w: QWidget | None = widget
    while w is not None and w is not root:
        parent = w.parentWidget()
        name = w.objectName()
        if not name:
            siblings = [c for c in (parent.findChildren(type(w), options=Qt.FindChildOption.FindDirectChildrenOnly)
                                    if parent else []) if type(c) is type(w)]
            name = f"{type(w).__name__}[{siblings.index(w) if w in siblings else 0}]"
        parts.append(name)
        w = parent
    return "/".join(reversed(parts))


_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def _rich(text: str) -> bool:
    return bool(_TAG.search(text))


def _plain(text: str) -> str:
    if _rich(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _width(font: QFont, text: str) -> int:
    fm = QFontMetrics(font)
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _visible(widget: QWidget, root: QWidget) -> bool:
    return widget is root or (widget.isVisibleTo(root) and widget.width() > 0)


def seen(root: QWidget, *, elide_never: dict[str, tuple[str, ...]] | None = None) -> list[Seen]:
    """Every text visible in `root`. `elide_never` maps a table's objectName to the columns (header
    texts) whose cells must never be cut."""
    elide_never = elide_never or {}
    found: list[Seen] = []
    if root.windowTitle():
        found.append(Seen("(title)", "window title", root.windowTitle()))
    for w in [root, *root.findChildren(QWidget)]:
        if not _visible(w, root):
            continue
        where = _path(w, root)
        style = w.style()
        if isinstance(w, QLabel):
            text = _plain(w.text())
            if text.strip():
                rich = w.textFormat() == Qt.TextFormat.RichText or _rich(w.text())
                # Word-wrapped and rich labels lay out their own lines; the rest must fit in one.
                have = 0 if w.wordWrap() or rich else w.contentsRect().width() - 2 * w.margin() - max(w.indent(), 0)
                found.append(Seen(where, "label", text, _width(w.font(), text), have))
        elif isinstance(w, QAbstractButton):
            text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if text.strip():
                need = w.sizeHint().width() if isinstance(w, QPushButton) or not w.icon().isNull() \
                    else w.minimumSizeHint().width()
                found.append(Seen(where, "button", text, need, w.width()))
        elif isinstance(w, QGroupBox) and w.title():
            found.append(Seen(where, "group title", w.title(), _width(w.font(), w.title()) + 16, w.width()))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i):
                    text = w.tabText(i).replace("&", "")
                    found.append(Seen(f"{where}#tab{i}", "tab", text, _width(w.font(), text) + 8,
                                      w.tabRect(i).width()))
        elif isinstance(w, QHeaderView):
            found.extend(_header(w, where))
        elif isinstance(w, QLineEdit):
            margin = 8 + (w.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) * 2)
            if w.placeholderText() and not w.text():
                found.append(Seen(where, "placeholder", w.placeholderText(),
                                  _width(w.font(), w.placeholderText()) + margin, w.width()))
            elif w.text() and w.isReadOnly():
                found.append(Seen(where, "read-only field", w.text(), _width(w.font(), w.text()) + margin, w.width(),
                                  static=False))
        elif isinstance(w, QComboBox):
            if w.parentWidget() is not None and isinstance(w.parentWidget(), QAbstractItemView):
                continue
            opt = QStyleOptionComboBox()
            w.initStyleOption(opt)
            field = style.subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                         QStyle.SubControl.SC_ComboBoxEditField, w)
            for i in range(w.count()):
                text = w.itemText(i)
                current = i == w.currentIndex()
                found.append(Seen(f"{where}#item{i}", "combo item", text,
                                  _width(w.font(), text) if current else 0, field.width() if current else 0))
        elif isinstance(w, QMenuBar):
            for action in w.actions():
                found.append(Seen(f"{where}#{action.objectName()}", "menu", action.text().replace("&", "")))
        if isinstance(w, QChartView):
            found.extend(_chart(w.chart(), where))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            found.extend(_cells(w, where, elide_never.get(w.objectName(), ())))
        if isinstance(w, QTextEdit | QPlainTextEdit):
            placeholder = w.placeholderText()
            if placeholder and not w.toPlainText():
                found.append(Seen(where, "placeholder", placeholder))
            for i, line in enumerate(w.toPlainText().splitlines()):
                if line.strip():
                    found.append(Seen(f"{where}#line{i}", "text", line, static=False))
    return found


def _chart(chart: QChart, where: str) -> list[Seen]:
    """A chart's title, axis titles, category labels and series names (drawn, not widgets)."""
    texts = [("chart title", chart.title())]
    for axis in chart.axes():
        texts.append(("axis title", axis.titleText()))
        if isinstance(axis, QBarCategoryAxis):
            texts.extend(("axis label", html.unescape(_plain(c))) for c in axis.categories())  # rich text
    for series in chart.series():
        texts.append(("series", series.name()))
        if isinstance(series, QAbstractBarSeries):
            texts.extend(("series", bar.label()) for bar in series.barSets())
    return [Seen(f"{where}#{kind}{i}", kind, text) for i, (kind, text) in enumerate(texts) if text.strip()]


def _header(h: QHeaderView, where: str) -> list[Seen]:
    if h.orientation() != Qt.Orientation.Horizontal or h.model() is None:
        return []
    model, style = h.model(), h.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, h)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, h)
    bold = QFont(h.font())
    bold.setBold(True)  # Fusion draws the sorted section's title in bold on some themes: measure the wider
    out = []
    for i in range(model.columnCount(QModelIndex())):
        if h.isSectionHidden(i):
            continue
        text = str(model.headerData(i, Qt.Orientation.Horizontal, _DISPLAY) or "")
        need = max(_width(h.font(), text), _width(bold, text)) + 2 * margin
        if h.isSortIndicatorShown() and h.sortIndicatorSection() == i:
            need += arrow + margin
        out.append(Seen(f"{where}#section{i}", "header", text, need, h.sectionSize(i)))
    return out


def _cells(view: QAbstractItemView, where: str, never: tuple[str, ...]) -> list[Seen]:
    model, out = view.model(), []
    viewport = view.viewport().rect()
    header = view.horizontalHeader() if isinstance(view, QTableView) else None
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    columns = model.columnCount(QModelIndex()) if not isinstance(view, QListView) else 1
    for row in range(model.rowCount(QModelIndex())):
        first = model.index(row, 0)
        rect = view.visualRect(first)
        if not rect.isValid() or not rect.intersects(viewport):
            continue
        for col in range(columns):
            if header is not None and header.isSectionHidden(col):
                continue
            index = model.index(row, col)
            text = model.data(index, _DISPLAY)
            if not isinstance(text, str) or not text.strip():
                continue
            title = str(model.headerData(col, Qt.Orientation.Horizontal, _DISPLAY) or "") if header else ""
            font = model.data(index, _FONT)
            font = font if isinstance(font, QFont) else view.font()
            strict = title in never
            out.append(Seen(f"{where}#r{row}c{col}", "cell" + (f" ({title})" if title else ""), text,
                            _width(font, text) + margin if strict else 0,
                            view.visualRect(index).width() if strict else 0, may_elide=not strict, static=False))
    return out


def clipped(items: Iterable[Seen]) -> list[str]:
    return [f"{s.kind} {s.where}: {s.text!r} needs {s.need}px, has {s.have}px" for s in items if s.cut]


def horizontal_scroll_bars(root: QWidget) -> list[str]:
    """Scroll areas that scroll sideways: part of each line is out of sight."""
    return [_path(w, root) for w in root.findChildren(QAbstractScrollArea)
            if _visible(w, root) and w.horizontalScrollBar().isVisible()]


# --- translation ---------------------------------------------------------------------------------

# Words and forms that are the same in English and Bahasa Indonesia, or not words at all.
SAME_IN_BOTH = {
    "Status", "Helpdesk", "SLA", "VPN", "Email", "email", "Printer", "Laptop", "PC", "Wi-Fi", "LAN", "OK",
    "Internet", "Zoom", "Excel", "Teams", "Outlook", "Windows", "Linux", "AnyConnect", "HP", "vendor", "Vendor",
    "Vendors", "info", "admin", "Admin", "L1", "L2", "L3", "L4", "P1", "P2", "P3", "P4", "CSAT", "FCR", "CPU",
    "DNS", "TCP", "IP", "SSH", "Ping", "ping", "Uptime", "Dashboard", "Supervisor", "Portal", "Chat", "Host", "Probe",
    "Server", "Port", "Folder", "SSL", "TLS", "STARTTLS", "IMAP", "SMTP",
}
_NOT_WORDS = re.compile(
    r"HD-\d{6}|\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?|\d+([.,:]\d+)*\s*(%|ms|md|[dhmj]|KB|MB|GB|TB)?\b"
    r"|[A-Z]{2,}-\d+|\S+@\S+|https?://\S+|[a-z0-9]+(?:[._-][a-z0-9]+)+")


@cache
def _sources() -> dict[str, str]:
    """English source -> Indonesian, from the desktop (.ts) and core (.po) catalogues."""
    pairs: dict[str, str] = {}
    for ts in (ROOT / "resources" / "translations").glob("*_id.ts"):
        for message in ET.parse(ts).getroot().iter("message"):
            source = message.findtext("source") or ""
            t = message.find("translation")
            text = (t.text or "") if t is not None else ""
            if t is not None and not text:
                text = next((n.text or "" for n in t.iter("numerusform")), "")
            pairs[source] = text
    with (ROOT / "resources" / "locale" / "id" / "LC_MESSAGES" / "helpdesk.po").open("rb") as fh:
        for m in read_po(fh, locale="id"):
            if m.id and isinstance(m.id, str) and isinstance(m.string, str):
                pairs[m.id] = m.string
    return pairs


PLACEHOLDER = re.compile(r"\{[^}]*\}|%n")


@cache
def _english_sources() -> tuple[frozenset[str], re.Pattern[str]]:
    """The English sources whose Indonesian differs: those without placeholders as a set, the others
    as one pattern ({placeholders} match anything). A text is checked against ~1,760 sources; one
    pattern per source, tried in turn in Python, was a quarter of the screens test's CPU."""
    exact, templates = set(), []
    for source, target in _sources().items():
        if not source or source == target or source in SAME_IN_BOTH or not re.search(r"[A-Za-z]{2}", source):
            continue
        if PLACEHOLDER.search(source):
            parts = PLACEHOLDER.split(source)
            templates.append("(?:" + ".+?".join(re.escape(part) for part in parts) + ")")
        else:
            exact.add(source)
    return frozenset(exact), re.compile("|".join(templates) or "(?!)")


def _fragments(text: str) -> list[str]:
    parts = re.split(r"\n| · | — |; | → |: |\(|\)|, ", text)
    return [p.strip(" .:…*") for p in parts if p.strip(" .:…*")]


def _is_english_source(text: str) -> bool:
    candidates = {text.strip(), text.strip().rstrip(":…").strip()}
    candidates.update(_fragments(text))
    exact, templates = _english_sources()
    return any(c in exact or templates.fullmatch(c) for c in candidates if c)


def _residue(text: str, data: frozenset[str]) -> str:
    """What is left of a text once data, numbers and words both languages share are taken out."""
    for value in sorted(data, key=len, reverse=True):
        if value and value in text:
            text = text.replace(value, " ")
    text = _NOT_WORDS.sub(" ", text)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text) if w not in SAME_IN_BOTH]
    return " ".join(words)


def untranslated(indonesian: list[Seen], english: list[Seen], data: frozenset[str]) -> list[str]:
    """Texts of the Indonesian rendering still in English."""
    problems = []
    shown_in_english = {(s.where, s.text) for s in english}
    for s in indonesian:
        if _is_english_source(s.text):
            problems.append(f"{s.kind} {s.where}: {s.text!r} is an English source text")
        elif s.static and (s.where, s.text) in shown_in_english and _residue(s.text, data):
            problems.append(f"{s.kind} {s.where}: {s.text!r} is the same as in English")
    return problems


def first_visible_row(view: QAbstractItemView) -> QModelIndex:
    return view.indexAt(view.viewport().rect().topLeft())
