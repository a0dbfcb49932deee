"""The queue table model: it pages from the service layer and never loads the whole table.

It keeps the row count and an LRU cache of pages. `data()` for a row whose page is not cached
asks for that page in the background and shows a placeholder until it arrives, so scrolling to
row 90,000 fetches one page, not 90,000 rows. Sorting and filtering become QueueQuery parameters
(the database sorts); nothing is sorted or filtered in Python. Anki's browser table works the same
way with ids; here a page query returns the rows directly, which saves a round trip.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont

from desktop.common.fmt import (
    SlaClock,
    SlaState,
    local_time,
    priority_colour,
    sla_clock,
    sla_colour,
    tier_text,
)
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.models.enums import label
from shared.services import queue
from shared.services.dto import Changes, TicketRow
from shared.services.queue import QueueQuery

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the TicketRow, or None while its page loads
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the ticket id, or None
SLA_STATE_ROLE = Qt.ItemDataRole.UserRole + 3  # SlaState of the SLA column

COLUMNS = ("number", "priority", "subject", "requester", "status", "tier", "assignee", "sla", "updated")
COL = {name: i for i, name in enumerate(COLUMNS)}

_Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    sig_count_changed = Signal(int)
    sig_page_loaded = Signal(int)  # page number
    sig_reset = Signal()

    def __init__(self, ops: Ops, actor: Actor, *, page_size: int = 100, max_pages: int = 40,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.page_size, self.max_pages = page_size, max_pages
        self.query = QueueQuery()
        self._count = 0
        self._pages: OrderedDict[int, list[TicketRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.loaded = False
        self.pages_fetched = 0  # statistics: the tests and the bench read them
        self.rows_fetched = 0
        self._headers = [self.tr("Number"), self.tr("Priority"), self.tr("Subject"), self.tr("Requester"),
                         self.tr("Status"), self.tr("Tier"), self.tr("Assignee"), self.tr("SLA"),
                         self.tr("Updated")]
        # SLA countdowns move with the clock even when nothing else changes.
        self._tick = QTimer(self)
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        ops.sig_changed.connect(self._on_changed)

    # --- queries -------------------------------------------------------------------------------

    def set_query(self, query: QueueQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Recount and drop the cache; visible rows are fetched again as the view asks for them."""
        self._generation += 1
        generation, query, actor = self._generation, self.query, self.actor
        self.ops.run(lambda uow: queue.count(uow, actor, query),
                     lambda n: self._on_count(generation, n), parent=None)

    def _on_count(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._count = count
        self._pages.clear()
        self._pending.clear()
        self.loaded = True
        self.endResetModel()
        self.sig_count_changed.emit(count)
        self.sig_reset.emit()

    def _on_changed(self, changes: Changes) -> None:
        if changes.queue or changes.ticket_ids:
            self.reload()

    def _fetch(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation, query, actor = self._generation, self.query, self.actor
        offset, limit = page * self.page_size, self.page_size
        self.ops.run(lambda uow: queue.page(uow, actor, query, offset=offset, limit=limit),
                     lambda rows: self._on_page(generation, page, rows), parent=None)

    def _on_page(self, generation: int, page: int, rows: list[TicketRow]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self.pages_fetched += 1
        self.rows_fetched += len(rows)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        first = page * self.page_size
        last = min(first + self.page_size, self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.sig_page_loaded.emit(page)

    def _on_tick(self) -> None:
        if self._count:
            col = COL["sla"]
            self.dataChanged.emit(self.index(0, col), self.index(self._count - 1, col))

    # --- rows ----------------------------------------------------------------------------------

    def row_at(self, row: int, *, fetch: bool = True) -> TicketRow | None:
        if not 0 <= row < self._count:
            return None
        page, pos = divmod(row, self.page_size)
        rows = self._pages.get(page)
        if rows is None:
            if fetch:
                self._fetch(page)
            return None
        self._pages.move_to_end(page)
        return rows[pos] if pos < len(rows) else None

    def has_page_for(self, row: int) -> bool:
        return row // self.page_size in self._pages

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def row_of(self, ticket_id: int) -> int | None:
        """Where a ticket is, if its page is cached (used to keep the selection across reloads)."""
        for page, rows in self._pages.items():
            for pos, r in enumerate(rows):
                if r.id == ticket_id:
                    return page * self.page_size + pos
        return None

    # --- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = COLUMNS[index.column()]
        if role == ROW_ROLE:
            return row
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if column == "sla" and role in (Qt.ItemDataRole.ForegroundRole, SLA_STATE_ROLE, Qt.ItemDataRole.ToolTipRole):
            clock = self._clock(row)
            if role == SLA_STATE_ROLE:
                return clock.state
            if role == Qt.ItemDataRole.ToolTipRole:
                which = self.tr("Response due") if clock.clock == "response" else self.tr("Resolution due")
                return f"{which}: {local_time(clock.due_at, self.actor.timezone)}" if clock.due_at else None
            return QBrush(sla_colour(clock.state))
        if column == "priority" and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(priority_colour(row.priority))
        if role == Qt.ItemDataRole.FontRole and column == "sla":
            font = QFont()
            font.setBold(self._clock(row).state in (SlaState.WARNING, SlaState.BREACHED))
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == "subject":
            return row.subject
        return None

    def _clock(self, row: TicketRow) -> SlaClock:
        return sla_clock(status=row.status, paused=row.sla_paused, response_due_at=row.response_due_at,
                         resolution_due_at=row.resolution_due_at, first_responded_at=row.first_responded_at,
                         now=self.ops.now())

    def _display(self, row: TicketRow, column: str) -> str:
        if column == "number":
            return row.number
        if column == "priority":
            return str(row.priority)
        if column == "subject":
            return row.subject
        if column == "requester":
            return row.requester
        if column == "status":
            return label(row.status)
        if column == "tier":
            return tier_text(row.tier)
        if column == "assignee":
            return row.assignee or "—"
        if column == "sla":
            return self._clock(row).text
        return local_time(row.updated_at, self.actor.timezone)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column]
        if key not in queue.SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.query.sort, self.query.descending):
            self.set_query(replace(self.query, sort=key, descending=descending))
