"""The queue pane: the standard views and saved filters on the left, search and the table."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.common import native
from desktop.common.fmt import priority_colour
from desktop.common.ops import Ops
from desktop.console.queue import columns
from desktop.console.queue.bulk_bar import BulkBar
from desktop.console.queue.empty import EmptyQueue, Way
from desktop.console.queue.model import COL, ROW_ROLE, QueueModel
from shared.auth.permissions import Actor, Permission, can
from shared.models.enums import Priority
from shared.services import queue
from shared.services.queue import QueueQuery, View

VIEW_ROLE = Qt.ItemDataRole.UserRole + 10  # QueueQuery of a list entry
FILTER_ID_ROLE = Qt.ItemDataRole.UserRole + 11  # saved filter id, or None


BADGE = QSize(34, 18)  # the priority badge: a rounded box with the priority in white, bold
BADGE_INSET = 6  # from the cell's left edge
_BADGE_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.DevicePixelRatioChange,
                  QEvent.Type.ScreenChangeInternal)


def priority_badges(font: QFont, ratio: float, inset: int) -> dict[Priority, QIcon]:
    """The priority column's badges, one icon per priority, drawn once (not once per row and
    paint by a Python delegate): Qt's item delegate draws an icon without calling into Python.
    `inset`: transparent columns on the left, so that the badge sits BADGE_INSET from the cell's
    edge where the style places a decoration; `ratio`: the screen's device pixel ratio."""
    bold = QFont(font)
    bold.setBold(True)
    badges = {}
    for priority in Priority:
        pixmap = QPixmap(round((inset + BADGE.width()) * ratio), round(BADGE.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge = QRect(QPoint(inset, 0), BADGE)
        painter.setBrush(priority_colour(priority))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor("white"))
        painter.setFont(bold)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(priority))
        painter.end()
        icon = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):  # never tinted when selected
            icon.addPixmap(pixmap, mode)
        badges[priority] = icon
    return badges


class QueuePane(QWidget):
    sig_open_ticket = Signal(int)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None, *, load_filters: bool = True) -> None:
        """`load_filters=False`: the caller calls `load_saved_filters()` when it suits it."""
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.model = QueueModel(ops, actor, parent=self)

        self.views = QListWidget()
        self.views.setObjectName("viewList")
        self._standard_views()
        self._fit_views()
        self.views.currentItemChanged.connect(self._on_view_changed)

        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText(self.tr("Search subject, description or ticket number…"))
        self.search.setClearButtonEnabled(True)
        # The whole (translated) hint stays readable: the table gives way, not the hint.
        self.search.ensurePolished()  # the style sheet's font, before it is measured
        frame = self.search.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        self.search.setMinimumWidth(QFontMetrics(self.search.font()).horizontalAdvance(self.search.placeholderText())
                                    + 2 * frame + 12)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._apply_search)

        self.save_button = QPushButton(self.tr("Save filter…"))
        self.save_button.setEnabled(can(actor, Permission.TICKET_VIEW_ALL))
        self.save_button.clicked.connect(self._on_save_filter)
        self.delete_button = QPushButton(self.tr("Delete filter"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._on_delete_filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("queueCount")

        self.table = native.table_view(self)  # painted ~10 % cheaper than QTableView() (see native)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Ctrl- and Shift-click select several rows for the bulk bar; a plain click opens one, as before.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self._show_badges()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL["subject"], QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Widths measured from the translated texts; the subject gives way, never the SLA or status.
        self._widths = columns.minimum_widths(self.table)
        self.hidden_columns: list[str] = columns.fit(self.table, self._widths)
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)
        header.setSortIndicator(COL["updated"], Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.bulk = BulkBar(ops, actor, self.selected_ids, self)
        self.table.selectionModel().selectionChanged.connect(
            lambda _s, _d: self.bulk.show_count(len(self.table.selectionModel().selectedRows())))
        self.table.activated.connect(self._on_activated)
        self.model.sig_count_changed.connect(self._on_count)
        # The ticket an agent works on stays selected when the queue reloads (after their reply,
        # when it moves to the top) or when it is found in the view they switch to.
        self.current_id: int | None = None
        self._restoring = False
        self.model.sig_page_loaded.connect(lambda _page: self._restore_selection())
        self.empty = EmptyQueue()
        self.empty.sig_way.connect(self._on_way_out)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        # A new sort, view or search starts at its first row. Staying at row 500,000 of a different
        # order shows nothing useful and costs an OFFSET read of half the view.
        self.model.sig_new_query.connect(self.table.scrollToTop)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(top)
        right.addWidget(self.bulk)
        right.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)
        layout.addLayout(right, 1)

        self.views.setCurrentRow(0)  # starts the first load
        if load_filters:
            self.load_saved_filters()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.hidden_columns = columns.fit(self.table, self._widths)
        elif watched is self.table and event.type() in _BADGE_CHANGES:
            self._show_badges()  # a badge is a picture of the table's font at the screen's pixel ratio
        return super().eventFilter(watched, event)

    def _show_badges(self) -> None:
        """The priority badges, in the table's (bold) font at the screen's pixel ratio."""
        table = self.table
        table.ensurePolished()
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
        inset = max(0, BADGE_INSET - margin)  # the style draws a decoration `margin` into the cell
        table.setIconSize(QSize(inset + BADGE.width(), BADGE.height()))
        self.model.set_badges(priority_badges(table.font(), table.devicePixelRatioF(), inset))

    # --- views and filters ---------------------------------------------------------------------

    def _standard_views(self) -> None:
        staff = can(self.actor, Permission.TICKET_VIEW_ALL)
        entries = [(View.MINE, self.tr("My tickets")), (View.UNASSIGNED, self.tr("Unassigned")),
                   (View.TEAM, self.tr("My team")), (View.SLA, self.tr("Near / over SLA")),
                   (View.ALL, self.tr("All tickets"))] if staff else [(View.OWN, self.tr("My requests"))]
        for view, text in entries:
            item = QListWidgetItem(text)
            item.setData(VIEW_ROLE, QueueQuery(view=view))
            item.setData(FILTER_ID_ROLE, None)
            self.views.addItem(item)

    def _fit_views(self) -> None:
        """As wide as the longest (translated) view name: the list never scrolls sideways."""
        self.views.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.views.setTextElideMode(Qt.TextElideMode.ElideRight)  # long saved-filter names
        self.views.ensurePolished()
        fm = QFontMetrics(self.views.font())
        widest = max(fm.horizontalAdvance(self.views.item(i).text()) for i in range(self.views.count()))
        focus = self.views.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
        frame = 2 * self.views.frameWidth() + 2 * focus
        self.views.setFixedWidth(max(150, widest + frame + 24))

    def load_saved_filters(self) -> None:
        if not can(self.actor, Permission.TICKET_VIEW_ALL):
            return
        actor = self.actor
        self.ops.run(lambda uow: queue.saved_filters(uow, actor), self._on_saved_filters, parent=self)

    def _on_saved_filters(self, filters: list[tuple[int, str, QueueQuery]]) -> None:
        for i in reversed(range(self.views.count())):
            if self.views.item(i).data(FILTER_ID_ROLE) is not None:
                self.views.takeItem(i)
        for filter_id, name, query in filters:
            item = QListWidgetItem("★ " + name)
            item.setData(VIEW_ROLE, query)
            item.setData(FILTER_ID_ROLE, filter_id)
            self.views.addItem(item)

    def select_view(self, view: View) -> None:
        for i in range(self.views.count()):
            q = self.views.item(i).data(VIEW_ROLE)
            if self.views.item(i).data(FILTER_ID_ROLE) is None and q.view == view:
                self.views.setCurrentRow(i)
                return

    def _on_view_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        base: QueueQuery = item.data(VIEW_ROLE)
        self.delete_button.setEnabled(item.data(FILTER_ID_ROLE) is not None)
        if item.data(FILTER_ID_ROLE) is not None and base.text != self.search.text():
            self.search.blockSignals(True)
            self.search.setText(base.text)
            self.search.blockSignals(False)
        # The table's current sort stays; the saved filter's text and statuses apply.
        text = base.text if item.data(FILTER_ID_ROLE) is not None else self.search.text().strip()
        self.model.set_query(replace(base, text=text, sort=self.model.query.sort,
                                     descending=self.model.query.descending))

    def show_tickets(self, ticket_ids: list[int]) -> None:
        """Only these tickets, whatever their status (the dashboard's incidents, trends and
        documentation quality); choosing a view again goes back to it."""
        self.views.blockSignals(True)
        self.views.clearSelection()
        self.views.setCurrentRow(-1)
        self.views.blockSignals(False)
        self.model.set_query(QueueQuery(view=View.ALL, extra={"ids": list(ticket_ids)},
                                        sort=self.model.query.sort, descending=self.model.query.descending))

    def _apply_search(self) -> None:
        self._debounce.stop()
        text = self.search.text().strip()
        if text != self.model.query.text:
            self.model.set_query(replace(self.model.query, text=text))

    def _on_save_filter(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save filter"), self.tr("Name of the filter:"))
        if ok and name.strip():
            self.save_filter(name.strip())

    def save_filter(self, name: str) -> None:
        actor, query = self.actor, self.model.query
        self.ops.run(lambda uow: queue.save_filter(uow, actor, name, query),
                     lambda _id: self.load_saved_filters(), parent=self)

    def _on_delete_filter(self) -> None:
        item = self.views.currentItem()
        filter_id = item.data(FILTER_ID_ROLE) if item else None
        if filter_id is None:
            return
        actor = self.actor
        self.views.setCurrentRow(0)
        self.ops.run(lambda uow: queue.delete_filter(uow, actor, filter_id),
                     lambda _r: self.load_saved_filters(), parent=self)

    # --- selection -----------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The selected rows' tickets, in the queue's order (rows whose page is still loading have
        none yet and are left out)."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [r.id for i in rows if (r := i.data(ROW_ROLE)) is not None]

    def _on_count(self, count: int) -> None:
        # Two messages, not Qt's %n plural: English ships no .qm, so "%n ticket(s)" showed as written.
        self.count_label.setText(self.tr("1 ticket") if count == 1 else self.tr("{n} tickets").format(n=count))
        if count == 0:
            item = self.views.currentItem()
            is_filter = item is not None and item.data(FILTER_ID_ROLE) is not None
            name = item.text() if item is not None else ""
            self.empty.explain(self.model.query, name, name.removeprefix("★ ") if is_filter else None)
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)

    def _on_way_out(self, way: Way) -> None:
        if way == Way.CLEAR_SEARCH:
            self.search.clear()
            self._apply_search()
        else:
            self.select_view(View.UNASSIGNED if way == Way.SHOW_UNASSIGNED else View.ALL)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is not None:
            self.current_id = row.id
            if not self._restoring:
                self.sig_open_ticket.emit(row.id)

    def follow(self, ticket_id: int) -> None:
        """The ticket view shows `ticket_id` (opened from the queue, the bell, Ctrl+N…): its row is
        the one selected, now if it is listed, or when its page comes in."""
        self.current_id = ticket_id
        current = self.table.currentIndex()
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is not None and row.id != ticket_id:
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
        self._restore_selection()

    def _restore_selection(self) -> None:
        """Select the current ticket's row again once a reload has cleared the selection and its
        page is in; the ticket view already shows it, so it is not opened again."""
        if self.current_id is None or self.table.currentIndex().isValid():
            return
        row = self.model.find_cached(self.current_id)
        if row is None:
            return
        self._restoring = True
        try:
            self.table.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._restoring = False

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.sig_open_ticket.emit(row.id)

    def select_next(self, step: int = 1) -> None:
        """The daily loop's "next ticket": move the selection down (or up) one row and open it."""
        if self.model.rowCount() == 0:
            return
        current = self.table.currentIndex()
        row = 0 if not current.isValid() else max(0, min(self.model.rowCount() - 1, current.row() + step))
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if index.data(ROW_ROLE) is None:  # its page is still loading: open it when it arrives
            def opened(_page: int) -> None:
                self.model.sig_page_loaded.disconnect(opened)
                r = self.model.row_at(row, fetch=False)
                if r is not None:
                    self.sig_open_ticket.emit(r.id)
            self.model.sig_page_loaded.connect(opened)
