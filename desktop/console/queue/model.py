"""The queue table model: it pages from the service layer and never loads the whole table.

It keeps the row count and an LRU cache of pages. `data()` for a row whose page is not cached
asks for that page in the background and shows a placeholder until it arrives, so scrolling to
row 90,000 fetches one page, not 90,000 rows. Sorting and filtering become QueueQuery parameters
(the database sorts); nothing is sorted or filtered in Python. Anki's browser table works the same
way with ids; here a page query returns the rows directly, which saves a round trip.

How a page is fetched matters on a big queue. A page next to a cached one is read with the
service's keyset cursor (`after` = the neighbour's last row going down, or its first row in the
reversed order going up): an index range read, as fast at row 900,000 as at row 0. Only a page
with no cached neighbour (a jump) needs OFFSET, which walks every row before it (about half a
second at row 500,000 of 1M on SQLite). So at most one such deep read the view still wants runs at
a time, a page next to one already on its way waits for it and then follows by keyset, requests
the view has scrolled past are dropped, and while one deep read runs the next waits until the view
has stopped moving for SETTLE_MS: dragging the scroll bar across a million rows reads the first
and the last position, not one per position passed (bench/console_bench.py measured 76 s from
the end of such a drag to the rows before this).

Painting asks `data()` a dozen roles per cell, for every visible cell, on every paint. So the texts
of a page are made once, by the worker that reads it (`page_texts`: labels, tiers, local times),
and a row's SLA countdown once per minute of the clock (it shows minutes); `data()` looks them up.

Every call Qt makes into Python while it paints also has to take the GIL, and a worker turning a
page's rows into objects holds it for up to a switch interval each time: a paint that calls into
Python 500 times waits for the worker's whole page (bench/console_bench.py). So a paint calls into
Python once per visible cell and no more: `index()` answers without asking rowCount() and
columnCount() (what Qt's own does, two calls per cell), and the priority badge is an icon drawn
once per priority (`set_badges`), which Qt's item delegate draws, not a Python delegate per row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from desktop.common.fmt import (
    PRIORITY_COLOURS,
    SLA_COLOURS,
    SlaClock,
    SlaState,
    local_time,
    sla_clock,
    tier_text,
    zone,
)
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.changes import Changes
from shared.models.enums import Priority, label
from shared.services import queue
from shared.services.dto import TicketRow
from shared.services.queue import QueueQuery

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the TicketRow, or None while its page loads
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the ticket id, or None
SLA_STATE_ROLE = Qt.ItemDataRole.UserRole + 3  # SlaState of the SLA column

COLUMNS = ("number", "priority", "subject", "requester", "status", "tier", "assignee", "sla", "updated")
COL = {name: i for i, name in enumerate(COLUMNS)}

_SLA, _PRIORITY = COL["sla"], COL["priority"]
_COLUMN_COUNT = len(COLUMNS)
_INDEXES_KEPT = 8192  # index() keeps this many cells' indexes, a few screens' worth

_Index = QModelIndex | QPersistentModelIndex

_DISPLAY, _FOREGROUND, _BACKGROUND = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                                      Qt.ItemDataRole.BackgroundRole)
_FONT, _TOOLTIP = Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole
_DECORATION, _ACCESSIBLE = Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.AccessibleTextRole
# The roles this model answers; the delegate asks for a dozen per cell on every paint.
_SERVED = frozenset({_DISPLAY, _FOREGROUND, _BACKGROUND, _FONT, _TOOLTIP, _DECORATION, _ACCESSIBLE, ROW_ROLE,
                     ID_ROLE, SLA_STATE_ROLE})

# multiData's answers for a cell, in this order: what the item delegate asks besides the alignment
# and the check state (which this model never sets).
_ANSWERS = (_FONT, _FOREGROUND, _DECORATION, _DISPLAY, _BACKGROUND)
_SLOT = {int(role): slot for slot, role in enumerate(_ANSWERS)}
_OTHER, _NONE = -1, -2  # not a slot: a role data() answers (a tooltip…), a role this model leaves empty
_UNLOADED = (None, None, None, None, None)  # a cell of a row not read yet (and a badge of no priority)
_PLACEHOLDER = (None, None, None, "…", None)  # the first cell of such a row

MAX_FETCHES = 3  # page reads in flight at once
MAX_DEEP = 2  # OFFSET reads running at once, including ones the view no longer wants
RECENT = 4  # pages the view asked for most lately; an older request has been scrolled past
SETTLE_MS = 80  # while a deep read runs, another waits until the view has stopped moving this long


@dataclass(frozen=True)
class _Plan:
    """How to read one page: by OFFSET, or by keyset from a cached neighbour's edge row."""

    offset: int
    after: tuple[Any, int] | None = None
    backward: bool = False  # read the reversed order after the next page's first row

    @property
    def deep(self) -> bool:
        return self.after is None and self.offset > 0


class QueueModel(QAbstractTableModel):
    sig_count_changed = Signal(int)
    sig_page_loaded = Signal(int)  # page number
    sig_reset = Signal()
    sig_new_query = Signal()  # after the reset that shows a different query (not a refresh of the same)

    def __init__(self, ops: Ops, actor: Actor, *, page_size: int = 100, max_pages: int = 40,
                 settle_ms: int = SETTLE_MS, first_page_early: bool = True, parent: Any = None) -> None:
        """`first_page_early`: read a new query's first page alongside its count (see reload)."""
        super().__init__(parent)
        self.first_page_early = first_page_early
        self.ops, self.actor = ops, actor
        self.page_size, self.max_pages = page_size, max_pages
        self.query = QueueQuery()
        self._count = 0
        self._pages: OrderedDict[int, list[TicketRow]] = OrderedDict()
        self._texts: dict[int, list[tuple[str, ...]]] = {}  # page -> each row's cell texts (the SLA's is "")
        # page -> each row's SLA clock and multiData's answers for it, made again each minute
        self._clocks: dict[int, list[tuple[SlaClock, tuple[Any, ...]] | None]] = {}
        self._clocks_minute: datetime | None = None  # the minute of the clock they were made in
        self._touched = -1  # the page data() last read: the LRU order is only bumped when it changes
        self._early: dict[int, tuple[list[TicketRow], list[tuple[str, ...]]]] = {}  # read while counting
        self._generation = 0
        self._counting = False  # a reload's count is on its way: pages wait for the new layout
        self._new_query = False
        self._inflight: set[tuple[int, int]] = set()  # (generation, page)
        self._deep: set[tuple[int, int]] = set()  # the OFFSET reads among them, any generation
        self._wanted: set[int] = set()  # asked for, not started yet
        self._recent: OrderedDict[int, None] = OrderedDict()  # asked for lately, newest last
        self._dispatcher = QTimer(self)  # starts reads once the paint that asked is over
        self._dispatcher.setSingleShot(True)
        self._dispatcher.setInterval(0)
        self._dispatcher.timeout.connect(self._dispatch)
        self._settle = QTimer(self)  # restarted by every new request while a deep read runs
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._dispatch)
        self.loaded = False
        self.pages_fetched = 0  # statistics: the tests and the bench read them
        self.rows_fetched = 0
        self.keyset_fetches = 0
        self.offset_fetches = 0  # OFFSET reads beyond the first page
        self._brushes: dict[str, QBrush] = {}
        self._badges: dict[Priority, QIcon] = {}  # set_badges: the priority column shows these, not text
        self._badge_answers: dict[Priority, tuple[Any, ...]] = {}  # multiData's answers for a badge
        self._span_items: list[QModelRoleData] | None = None  # see multiData
        self._span_roles: list[tuple[int, int]] = []  # their roles, and each one's slot
        self._indexes: dict[int, QModelIndex] = {}  # see index()
        self._plain, self._bold = QFont(), QFont()
        self._bold.setBold(True)
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
        self._new_query = True
        self.reload()

    def reload(self) -> None:
        """Recount and drop the cache; visible rows are fetched again as the view asks for them.

        A new query is shown from its first row (the view scrolls to the top), so its first page
        is read alongside the count, not after it: one round trip to the rows instead of two (the
        console's start, a view switch, a sort, a search)."""
        self._generation += 1
        self._counting = True
        self._early.clear()
        generation, query, actor = self._generation, self.query, self.actor
        self.ops.run(lambda uow: queue.count(uow, actor, query),
                     lambda n: self._on_count(generation, n), failure=lambda _exc: self._on_count_failed(generation),
                     parent=None)
        if self._new_query and self.first_page_early:
            self._start(0, _Plan(0))

    def _on_count_failed(self, generation: int) -> bool:
        if generation == self._generation:
            self._counting = False  # the old layout stays; let its pages load
            self._early.clear()
        return False  # not handled: the error is shown

    def _on_count(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._count = count
        self._pages.clear()
        self._texts.clear()
        self._clocks.clear()
        self._wanted.clear()
        self._recent.clear()
        early = list(self._early.items())  # read alongside the count: in place for the first paint
        self._early.clear()
        for page, (rows, texts) in early:
            self._pages[page], self._texts[page], self._clocks[page] = rows, texts, [None] * len(rows)
        self._counting = False
        self.loaded = True
        self.endResetModel()
        self.sig_count_changed.emit(count)
        self.sig_reset.emit()
        if self._new_query:
            self._new_query = False
            self.sig_new_query.emit()
        for page, _read in early:
            self.sig_page_loaded.emit(page)  # as if it had come now: the selection follows, the window's start goes on

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.queue:
            self.reload()

    # --- fetching pages ------------------------------------------------------------------------

    def _fetch(self, page: int) -> None:
        """The view needs `page`. A cheap read starts now; a deep one once the paint that asked
        is over, when every page it asked for is known."""
        self._recent[page] = None
        self._recent.move_to_end(page)
        while len(self._recent) > RECENT:
            stale, _ = self._recent.popitem(last=False)
            self._wanted.discard(stale)
        if (self._generation, page) in self._inflight:
            return
        if self._deep and page not in self._wanted:
            self._settle.start()  # the view moves on while a deep read runs: it is being dragged
        self._wanted.add(page)
        plan = None if self._counting or len(self._inflight) >= MAX_FETCHES else self._plan(page)
        if plan is not None and not plan.deep:
            self._start(page, plan)  # cheap (first page, or keyset): no reason to wait for the paint to end
        elif not self._dispatcher.isActive():
            self._dispatcher.start()

    def _plan(self, page: int) -> _Plan | None:
        """How to read `page`, or None to wait for a neighbour already on its way."""
        before, after = self._pages.get(page - 1), self._pages.get(page + 1)
        sort = self.query.sort
        if before is not None and len(before) == self.page_size:
            return _Plan(page * self.page_size, queue.sort_key(before[-1], sort))
        if after:
            return _Plan(page * self.page_size, queue.sort_key(after[0], sort), backward=True)
        if page and (self._on_its_way(page, -1) or self._on_its_way(page, 1)):
            return None
        return _Plan(page * self.page_size)

    def _on_its_way(self, page: int, step: int) -> bool:
        """Whether a page is being read in the run of wanted pages next to `page`: once it is
        back, the run is read by keyset from it, page by page."""
        page += step
        while page >= 0:
            if (self._generation, page) in self._inflight:
                return True
            if page not in self._wanted:
                return False
            page += step
        return False

    def _dispatch(self) -> None:
        if self._counting:
            return  # the count's reset drops every page: read them for the new layout
        for page in reversed(self._recent):  # the newest request first: that is where the view is
            if page not in self._wanted or len(self._inflight) >= MAX_FETCHES:
                continue
            plan = self._plan(page)
            if plan is None:
                continue
            if plan.deep and self._deep and (self._settle.isActive() or len(self._deep) >= MAX_DEEP or any(
                    g == self._generation and p in self._recent for g, p in self._deep)):
                # One wanted deep read at a time, and none while the view is still moving: during
                # a drag, only the first and the last position are read, not every one in between.
                continue
            self._start(page, plan)

    def _start(self, page: int, plan: _Plan) -> None:
        self._wanted.discard(page)
        key = (self._generation, page)
        self._inflight.add(key)
        if plan.deep:
            self._deep.add(key)
            self.offset_fetches += 1
        elif plan.after is not None:
            self.keyset_fetches += 1
        query, actor, limit = self.query, self.actor, self.page_size
        if plan.after is not None:
            after = plan.after
            if plan.backward:
                query = replace(query, descending=not query.descending)

            def read(uow: Any) -> list[TicketRow]:
                rows = queue.page(uow, actor, query, after=after, limit=limit)
                return rows[::-1] if plan.backward else rows
        else:
            offset = plan.offset

            def read(uow: Any) -> list[TicketRow]:
                return queue.page(uow, actor, query, offset=offset, limit=limit)

        def read_and_format(uow: Any) -> tuple[list[TicketRow], list[tuple[str, ...]]]:
            rows = read(uow)
            return rows, page_texts(rows, actor.timezone)

        self.ops.run(read_and_format, lambda done: self._on_page(key, *done),
                     failure=lambda _exc: self._on_failed(key), parent=None)

    def _on_failed(self, key: tuple[int, int]) -> bool:
        self._inflight.discard(key)
        self._deep.discard(key)
        self._dispatch()
        return False  # not handled: the error is still shown

    def _on_page(self, key: tuple[int, int], rows: list[TicketRow],
                 texts: list[tuple[str, ...]] | None = None) -> None:
        self._inflight.discard(key)
        self._deep.discard(key)
        generation, page = key
        if generation != self._generation:
            self._dispatch()  # a read for an older query finished: another may start
            return
        if self._counting:  # the view still has the old query's rows: the count's reset takes this page in
            self.pages_fetched += 1
            self.rows_fetched += len(rows)
            self._early[page] = (rows, texts if texts is not None else page_texts(rows, self.actor.timezone))
            return
        self.pages_fetched += 1
        self.rows_fetched += len(rows)
        self._pages[page] = rows
        self._texts[page] = texts if texts is not None else page_texts(rows, self.actor.timezone)
        self._clocks[page] = [None] * len(rows)
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            gone, _rows = self._pages.popitem(last=False)
            self._texts.pop(gone, None)
            self._clocks.pop(gone, None)
        first = page * self.page_size
        last = min(first + self.page_size, self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.sig_page_loaded.emit(page)
        self._dispatch()  # a neighbour of this page can now be read by keyset

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
        if page != self._touched:
            self._pages.move_to_end(page)
            self._touched = page
        return rows[pos] if pos < len(rows) else None

    def find_cached(self, ticket_id: int) -> int | None:
        """The row of a ticket among the pages already read, without reading any."""
        for page, rows in self._pages.items():
            for pos, r in enumerate(rows):
                if r.id == ticket_id:
                    return page * self.page_size + pos
        return None

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

    def set_badges(self, badges: dict[Priority, QIcon]) -> None:
        """Show the priority column as these icons (a badge per priority, drawn once by the view)
        instead of its text and coloured background; the text stays the cell's accessible text."""
        self._badges = dict(badges)
        self._badge_answers = {priority: (None, None, icon, None, None) for priority, icon in badges.items()}
        if self._count:
            column = COL["priority"]
            self.dataChanged.emit(self.index(0, column), self.index(self._count - 1, column))

    # --- Qt model API --------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt's own index() asks rowCount() and columnCount() first: two calls into Python per
        cell a paint draws, on top of the cell's multiData(). A cell's index is made once and
        kept (an index of a table model is its row and column, whatever the rows hold): making
        it again was a third of this call, which a paint makes for every cell."""
        if 0 <= row < self._count and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            key = row * _COLUMN_COUNT + column
            made = self._indexes.get(key)
            if made is None:
                if len(self._indexes) >= _INDEXES_KEPT:
                    self._indexes.clear()
                made = self._indexes[key] = self.createIndex(row, column)
            return made
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SERVED or not index.isValid():
            return None
        r, c = index.row(), index.column()
        row = self.row_at(r)
        if role == ROW_ROLE:
            return row
        if row is None:
            return "…" if role == _DISPLAY and c == 0 else None
        if role == ID_ROLE:
            return row.id
        page, pos = divmod(r, self.page_size)
        if c == _PRIORITY and (role == _ACCESSIBLE or (role == _DISPLAY and not self._badges)):
            return self._texts[page][pos][c]
        if c == _PRIORITY and self._badges:
            return self._badges.get(row.priority) if role == _DECORATION else None
        if role == _DISPLAY:
            return self._sla_of(page, pos, row).text if c == _SLA else self._texts[page][pos][c]
        if c == _SLA and role in (_FOREGROUND, SLA_STATE_ROLE, _TOOLTIP, _FONT):
            clock, answers = self._sla_entry(page, pos, row)
            if role == SLA_STATE_ROLE:
                return clock.state
            if role == _TOOLTIP:
                which = self.tr("Response due") if clock.clock == "response" else self.tr("Resolution due")
                return f"{which}: {local_time(clock.due_at, self.actor.timezone)}" if clock.due_at else None
            return answers[_SLOT[int(role)]]  # the font and colour multiData gives
        column = COLUMNS[c]
        if column == "priority" and role == _BACKGROUND:
            return self._brush(PRIORITY_COLOURS[row.priority])
        if role == _TOOLTIP and column == "subject":
            return row.subject
        return None

    def multiData(self, index: _Index, role_data_span: QModelRoleDataSpan | QModelRoleData) -> None:
        """A cell's roles in one call. A paint asks seven roles of every visible cell (the item
        delegate's initStyleOption); Qt's default answers each with a call to data(), i.e. ~1,200
        Python calls per repaint of the queue. Here the cell's answers are looked up once, as one
        tuple (_ANSWERS' order), and each role takes its slot of it; the answers are data()'s
        (tested role by role and pixel by pixel). This runs ~230 times a repaint, holding the GIL
        a worker reading a page also wants: it does no formatting and makes no object but the tuple."""
        r = index.row()
        if r < 0:  # an invalid index (a valid one has row and column >= 0)
            return
        c = index.column()
        row = self.row_at(r)
        answers: tuple[Any, ...]
        if row is None:
            answers = _PLACEHOLDER if c == 0 else _UNLOADED  # until its row is read
        else:
            page, pos = divmod(r, self.page_size)
            if c == _SLA:
                answers = self._sla_entry(page, pos, row)[1]
            elif c == _PRIORITY and self._badges:
                answers = self._badge_answers.get(row.priority, _UNLOADED)
            elif c == _PRIORITY:
                answers = (None, None, None, self._texts[page][pos][c], self._brush(PRIORITY_COLOURS[row.priority]))
            else:
                answers = (None, None, None, self._texts[page][pos][c], None)
        # Every role is written, set or cleared: the item delegate reuses one span for all the
        # cells it paints, so a role left alone would keep the previous cell's value. For the same
        # reason the span's elements are the same C++ objects from cell to cell: kept until the
        # paint is over, their Python wrappers are found again instead of made and freed (7 a
        # cell; 6 % of a repaint's instructions), and their roles are asked once, not every cell.
        items = list(role_data_span)  # type: ignore[call-overload]
        kept = self._span_items
        if kept is None:
            QTimer.singleShot(0, self._drop_span_items)
        if kept is None or len(kept) != len(items) or not items or kept[0] is not items[0] or kept[-1] is not items[-1]:
            # Another span (the same first and last element, and length, is the same array).
            self._span_items = items
            self._span_roles = [(role, _SLOT.get(role, _OTHER if role in _SERVED else _NONE))
                                for role in (role_data.role() for role_data in items)]
        for role_data, (role, slot) in zip(items, self._span_roles, strict=True):
            if slot >= 0:
                value: Any = answers[slot]
            elif slot == _OTHER:
                value = self.data(index, role)
            else:
                value = None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _drop_span_items(self) -> None:
        """No wrapper of a span element outlives the paint: the delegate may go, and its span."""
        self._span_items = None

    def _sla_of(self, page: int, pos: int, row: TicketRow) -> SlaClock:
        """The row's SLA clock, made once per minute of the clock (the countdown shows minutes)."""
        return self._sla_entry(page, pos, row)[0]

    def _sla_entry(self, page: int, pos: int, row: TicketRow) -> tuple[SlaClock, tuple[Any, ...]]:
        """`_sla_of`'s clock and the SLA cell's answers made with it (_ANSWERS' order), which both
        multiData and data() give."""
        minute = self.ops.now().replace(second=0, microsecond=0)
        if minute != self._clocks_minute:
            self._clocks_minute = minute
            self._clocks = {p: [None] * len(rows) for p, rows in self._pages.items()}
        clocks = self._clocks[page]
        entry = clocks[pos]
        if entry is None:
            clock = self._clock(row)
            font = self._bold if clock.state in (SlaState.WARNING, SlaState.BREACHED) else self._plain
            entry = clocks[pos] = (clock, (font, self._brush(SLA_COLOURS[clock.state]), None, clock.text, None))
        return entry

    def _brush(self, colour: str) -> QBrush:
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(QColor(colour))
        return brush

    def _clock(self, row: TicketRow) -> SlaClock:
        return sla_clock(status=row.status, paused=row.sla_paused, response_due_at=row.response_due_at,
                         resolution_due_at=row.resolution_due_at, first_responded_at=row.first_responded_at,
                         now=self.ops.now())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column]
        if key not in queue.SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.query.sort, self.query.descending):
            self.set_query(replace(self.query, sort=key, descending=descending))


def page_texts(rows: Sequence[TicketRow], timezone: str | None) -> list[tuple[str, ...]]:
    """Every row's cell texts, in COLUMNS order; the SLA's is "" (a countdown: see page_clocks).
    Runs on the worker that read the page: no widget, no Qt object. The worker holds the GIL the
    GUI thread waits for at each paint's call into Python, so the zone, the status labels and the
    tiers are looked up once per page, not once per row."""
    tz = zone(timezone)
    labels: dict[str, str] = {}
    tiers: dict[int, str] = {}
    texts: list[tuple[str, ...]] = []
    for r in rows:
        status = labels.get(r.status)
        if status is None:
            status = labels[r.status] = label(r.status)
        tier = tiers.get(r.tier)
        if tier is None:
            tier = tiers[r.tier] = tier_text(r.tier)
        texts.append((r.number, str(r.priority), r.subject, r.requester, status, tier, r.assignee or "—", "",
                      local_time(r.updated_at, tz)))
    return texts
