"""How the queue model reads its pages: by keyset next to a cached page, by OFFSET only for a jump,
one deep read at a time, and never a page the view has scrolled past. A new query starts at the top.

Every page the model shows is compared with the service's own OFFSET pages, for every sortable
column both ways, so a keyset page can never silently differ from the page it replaces.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelRoleData, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.common.fmt import local_time, tier_text
from desktop.common.ops import Ops
from desktop.console.queue import model as queue_model_module
from desktop.console.queue.model import COL, COLUMNS, QueueModel
from desktop.console.queue.view import QueuePane, priority_badges
from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.models.enums import label
from shared.services import queue, workflow
from shared.services.dto import TicketRow
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import wait_idle
from tests.replay import built_once

LEVELS = ("high", "medium", "low")
SORTS = [name for name in COLUMNS if name in queue.SORTABLE]


@dataclass(frozen=True)
class Read:
    """One `queue.page` call the model made."""

    offset: int
    after: tuple[Any, int] | None
    descending: bool


@pytest.fixture
@built_once
def varied(db: Database, clock: FakeClock) -> Actor:
    """64 tickets from four requesters over three priorities, some in progress, with ties in every
    sort key (every fourth ticket shares its neighbour's times); returns the agent."""
    agent = f.agent(db, name="budi")
    f.agent(db, name="dewi")
    people = [f.user(db, full_name=name) for name in ("Ani Wijaya", "Budi Hartono", "Citra Lestari", "Dedi K")]
    for i in range(64):
        if i % 4:
            clock.advance(minutes=7)
        t = f.ticket(db, people[i % 4], subject=f"{('Printer', 'VPN', 'Laptop', 'Email')[i % 4]} issue {i % 9}",
                     impact=LEVELS[i % 3], urgency=LEVELS[(i // 3) % 3])
        if i % 5 == 0:
            workflow.change_status(db.uow(), agent, t.id, "in_progress", expected_version=t.version)
    return agent


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Read]:
    """Every `queue.page` call, in the order they ran (on worker threads)."""
    seen: list[Read] = []
    lock = threading.Lock()
    real = queue.page

    def spy(uow: Any, actor: Actor, query: QueueQuery, *, offset: int = 0, limit: int = 25,
            after: tuple[Any, int] | None = None) -> Any:
        with lock:
            seen.append(Read(offset, after, query.descending))
        return real(uow, actor, query, offset=offset, limit=limit, after=after)

    monkeypatch.setattr(queue, "page", spy)
    return seen


def loaded_model(qtbot, ops: Ops, actor: Actor, query: QueueQuery, page_size: int = 10) -> QueueModel:  # type: ignore[no-untyped-def]
    # Pages only as the tests ask for them: the early first page has a test of its own.
    model = QueueModel(ops, actor, page_size=page_size, first_page_early=False)
    with qtbot.waitSignal(model.sig_count_changed):
        model.set_query(query)
    return model


def ask(model: QueueModel, *rows: int) -> None:
    """What a paint does: ask for every row on screen in one go."""
    for row in rows:
        model.index(row, 0).data()


def touch(qtbot, model: QueueModel, *rows: int) -> None:  # type: ignore[no-untyped-def]
    ask(model, *rows)
    qtbot.waitUntil(lambda: all(model.has_page_for(r) for r in rows))


def shown_ids(model: QueueModel, rows: range) -> list[int]:
    found = [model.row_at(r, fetch=False) for r in rows]
    assert all(r is not None for r in found)
    return [r.id for r in found if r is not None]


def service_ids(db: Database, actor: Actor, query: QueueQuery) -> list[int]:
    return [r.id for r in queue.page(db.uow(), actor, query, offset=0, limit=500)]


def test_the_page_after_a_cached_page_is_read_by_keyset(qtbot, db: Database, ops: Ops, varied: Actor,
                                                         reads: list[Read]) -> None:
    query = QueueQuery(view=View.ALL, sort="updated", descending=True)
    model = loaded_model(qtbot, ops, varied, query)
    touch(qtbot, model, 0)
    assert reads == [Read(0, None, True)]
    touch(qtbot, model, 15)  # the next page: from page 0's last row, not OFFSET 10
    assert reads[-1] == Read(0, queue.sort_key(model.row_at(9, fetch=False), "updated"), True)
    assert shown_ids(model, range(20)) == service_ids(db, varied, query)[:20]
    assert (model.keyset_fetches, model.offset_fetches) == (1, 0)
    wait_idle(qtbot, ops)


def test_the_page_before_a_cached_page_is_read_backwards_by_keyset(qtbot, db: Database, ops: Ops, varied: Actor,
                                                                    reads: list[Read]) -> None:
    query = QueueQuery(view=View.ALL, sort="priority", descending=False)
    model = loaded_model(qtbot, ops, varied, query)
    touch(qtbot, model, 45)  # a jump: OFFSET is the only way there
    assert reads == [Read(40, None, False)]
    touch(qtbot, model, 35)  # scrolling up: the reversed order after page 4's first row, turned round
    assert reads[-1] == Read(0, queue.sort_key(model.row_at(40, fetch=False), "priority"), True)
    assert shown_ids(model, range(30, 50)) == service_ids(db, varied, query)[30:50]
    wait_idle(qtbot, ops)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", SORTS)
def test_keyset_pages_match_offset_pages_for_every_sort(qtbot, db: Database, ops: Ops, varied: Actor,
                                                        reads: list[Read], sort: str, descending: bool) -> None:
    query = QueueQuery(view=View.ALL, sort=sort, descending=descending)
    expected = service_ids(db, varied, query)
    assert len(expected) == 64
    down = loaded_model(qtbot, ops, varied, query)
    for row in range(0, 64, 10):  # page by page down
        touch(qtbot, down, row)
    assert shown_ids(down, range(64)) == expected
    assert (down.keyset_fetches, down.offset_fetches) == (6, 0)

    up = loaded_model(qtbot, ops, varied, query)
    for row in range(63, -1, -10):  # a jump to the end, then page by page up
        touch(qtbot, up, row)
    assert shown_ids(up, range(64)) == expected
    assert (up.keyset_fetches, up.offset_fetches) == (6, 1)
    wait_idle(qtbot, ops)


def test_two_pages_of_one_jump_cost_one_offset_read(qtbot, ops: Ops, varied: Actor, reads: list[Read]) -> None:
    model = loaded_model(qtbot, ops, varied, QueueQuery(view=View.ALL))
    touch(qtbot, model, 38, 45)  # the rows on screen straddle pages 3 and 4
    assert [r.offset for r in reads if r.after is None] == [40]  # the other page follows by keyset
    assert (model.keyset_fetches, model.offset_fetches) == (1, 1)
    wait_idle(qtbot, ops)


def test_pages_scrolled_past_are_not_read(qtbot, ops: Ops, varied: Actor, reads: list[Read]) -> None:
    model = loaded_model(qtbot, ops, varied, QueueQuery(view=View.ALL))
    ask(model, 10, 20, 30, 40, 50, 60)  # a fast drag: pages 1..6 asked for in a row
    qtbot.waitUntil(lambda: all(model.has_page_for(r) for r in (30, 40, 50, 60)))
    wait_idle(qtbot, ops)
    assert not model.has_page_for(10) and not model.has_page_for(20)  # passed before they were read
    assert [r.offset for r in reads if r.after is None] == [60]  # the newest: where the view stopped
    assert len(reads) == 4 and model.keyset_fetches == 3


def test_while_a_deep_read_runs_the_next_jump_waits_for_the_view_to_stop(
        qtbot, ops: Ops, varied: Actor, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    started: list[int] = []
    slow = threading.Event()
    real = queue.page

    def page(uow: Any, actor: Actor, query: QueueQuery, *, offset: int = 0, limit: int = 25,
             after: tuple[Any, int] | None = None) -> Any:
        started.append(offset)
        if offset == 60:
            slow.wait(10)  # the first jump's read: row 500,000 of a million takes a while
        return real(uow, actor, query, offset=offset, limit=limit, after=after)

    monkeypatch.setattr(queue, "page", page)

    def drag(settle_ms: int) -> QueueModel:
        started.clear()
        slow.clear()
        model = QueueModel(ops, varied, page_size=5, settle_ms=settle_ms, first_page_early=False)
        with qtbot.waitSignal(model.sig_count_changed):
            model.set_query(QueueQuery(view=View.ALL))
        ask(model, 60)
        qtbot.waitUntil(lambda: started == [60])
        ask(model, 45, 35, 25, 15)  # dragged on: pages 9, 7, 5, 3 while page 12 is read
        QCoreApplication.processEvents()
        return model

    moving = drag(60_000)  # the view never stops moving
    assert moving.offset_fetches == 1 and started == [60]  # no second OFFSET read meanwhile
    slow.set()  # the first read is back: now the newest position is read
    qtbot.waitUntil(lambda: moving.has_page_for(15))
    assert started[:2] == [60, 15]
    wait_idle(qtbot, ops)

    stopped = drag(0)  # the view stops at once
    qtbot.waitUntil(lambda: 15 in started)  # read where it stopped, while the first read still runs
    assert started[:2] == [60, 15] and not slow.is_set()
    slow.set()
    qtbot.waitUntil(lambda: stopped.has_page_for(15))
    wait_idle(qtbot, ops)


def test_a_new_sort_starts_at_the_top_of_the_view(qtbot, ops: Ops, varied: Actor, reads: list[Read]) -> None:
    pane = QueuePane(ops, varied)
    pane.model.page_size = 10  # before any page is read: the view's bottom rows are pages 5 and 6
    qtbot.addWidget(pane)
    pane.resize(1000, 300)
    pane.show()
    pane.select_view(View.ALL)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 64 and pane.model.has_page_for(0))
    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: pane.table.rowAt(0) > 40 and pane.model.has_page_for(pane.table.rowAt(0))
                    and pane.model.has_page_for(63))
    wait_idle(qtbot, ops)
    before = len(reads)
    with qtbot.waitSignal(pane.model.sig_reset):
        pane.table.horizontalHeader().setSortIndicator(COL["subject"], Qt.SortOrder.AscendingOrder)
    assert pane.model.query.sort == "subject" and pane.table.rowAt(0) == 0
    qtbot.waitUntil(lambda: pane.model.has_page_for(0))
    wait_idle(qtbot, ops)
    assert reads[before:] == [Read(0, None, False)]  # the top of the new order, nothing at the old depth

    # A refresh of the same query (someone changed a ticket) keeps the place.
    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: pane.model.has_page_for(63))
    top = pane.table.rowAt(0)
    with qtbot.waitSignal(pane.model.sig_reset):
        pane.model.reload()
    assert pane.table.rowAt(0) == top > 40
    wait_idle(qtbot, ops)


def test_a_pages_cell_texts_are_made_by_the_worker_and_its_sla_clocks_once_a_minute(
        qtbot, ops: Ops, varied: Actor, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Painting asks data() for a dozen roles of every visible cell on every paint: the GUI thread
    only looks texts up; labels, tiers and local times were made off it, with the page."""
    from desktop.console.queue import model as queue_model
    from desktop.console.queue.model import SLA_STATE_ROLE

    on_gui_thread: list[bool] = []
    real_texts = queue_model.page_texts

    def texts_spy(rows: Any, timezone: str | None) -> Any:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_texts(rows, timezone)

    monkeypatch.setattr(queue_model, "page_texts", texts_spy)
    model = loaded_model(qtbot, ops, varied, QueueQuery(view=View.ALL, sort="number"))
    touch(qtbot, model, 0)
    assert on_gui_thread == [False]
    row = model.row_at(0, fetch=False)
    assert row is not None
    sla = model._clock(row).text
    assert [model.index(0, c).data() for c in range(len(COLUMNS))] == [
        sla if name == "sla" else text for name, text in zip(COLUMNS, row_texts(row, varied.timezone), strict=True)]

    made: list[int] = []
    real_clock = model._clock
    monkeypatch.setattr(model, "_clock", lambda r: made.append(r.id) or real_clock(r))
    clock.set(clock.now.replace(second=5) + timedelta(minutes=1))  # a new minute: nothing made in it yet
    for _paint in range(3):
        for role in (Qt.ItemDataRole.DisplayRole, SLA_STATE_ROLE, Qt.ItemDataRole.FontRole):
            model.index(0, COL["sla"]).data(role)
    assert made == [row.id]  # once in this minute, whatever the paints ask
    clock.advance(minutes=1)
    model.index(0, COL["sla"]).data()
    assert made == [row.id, row.id]  # the next minute: made again
    wait_idle(qtbot, ops)


def row_texts(row: TicketRow, timezone: str | None) -> tuple[str, ...]:
    """A row's cell texts made row by row, each looked up on its own: the reference page_texts
    must equal."""
    return (row.number, str(row.priority), row.subject, row.requester, label(row.status), tier_text(row.tier),
            row.assignee or "—", "", local_time(row.updated_at, timezone))


def test_a_pages_texts_are_each_rows_texts(db: Database, varied: Actor) -> None:
    """page_texts looks the zone, labels and tiers up once per page: the same texts as row_texts
    makes row by row, in every zone (a day boundary crossed, or none)."""
    from desktop.console.queue.model import page_texts

    rows = queue.page(db.uow(), varied, QueueQuery(view=View.ALL, sort="number"), limit=100)
    assert len(rows) == 64 and len({r.status for r in rows}) > 1
    for timezone in (None, "UTC", "Asia/Jakarta", "America/St_Johns", "No/Such_Zone"):
        assert page_texts(rows, timezone) == [row_texts(r, timezone) for r in rows], timezone


def test_a_new_querys_first_page_is_read_alongside_its_count(qtbot, ops: Ops, varied: Actor,
                                                              reads: list[Read]) -> None:  # type: ignore[no-untyped-def]
    """So the rows are there when the count is: the first paint after the reset needs no read."""
    model = QueueModel(ops, varied, page_size=10)
    loaded: list[int] = []
    model.sig_page_loaded.connect(loaded.append)
    with qtbot.waitSignal(model.sig_count_changed):
        model.set_query(QueueQuery(view=View.ALL, sort="number"))
    wait_idle(qtbot, ops)
    assert reads == [Read(0, None, True)] and loaded == [0]  # announced as any page is (the selection follows)
    assert model.has_page_for(0) and not model.has_page_for(10)
    first = model.row_at(0, fetch=False)
    assert first is not None and first.id == shown_ids(model, range(1))[0]
    assert model.index(0, 0).data() == first.number  # shown without asking again
    wait_idle(qtbot, ops)
    assert reads == [Read(0, None, True)]

    model.reload()  # the same query again (after a change): the view may be anywhere in it, nothing early
    qtbot.waitSignal(model.sig_count_changed).wait()
    wait_idle(qtbot, ops)
    assert reads == [Read(0, None, True)] and not model.has_page_for(0)


class PerRole(QueueModel):
    """What Qt's own multiData does: data() once per role of every cell (what the queue did before)."""

    def multiData(self, index: Any, role_data_span: Any) -> None:
        for role_data in role_data_span:
            value = self.data(index, role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)


def shown_pane(qtbot, ops: Ops, actor: Actor) -> QueuePane:  # type: ignore[no-untyped-def]
    """A queue on screen, all tickets, with a selected row."""
    pane = QueuePane(ops, actor)
    qtbot.addWidget(pane)
    pane.resize(1300, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.select_view(View.ALL)
    qtbot.waitUntil(lambda: pane.model.has_page_for(0))
    wait_idle(qtbot, ops)
    pane.table.setCurrentIndex(pane.model.index(2, 0))
    QCoreApplication.processEvents()
    return pane


def repainted(pane: QueuePane) -> tuple[QImage, Counter[str]]:
    """The table painted once more, and the model's Python methods that paint called."""
    calls: Counter[str] = Counter()
    model_file = queue_model_module.__file__

    def profile(frame: Any, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_code.co_filename in (model_file, __file__):
            calls[frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        pane.table.viewport().repaint()
    finally:
        sys.setprofile(None)
    return pane.table.viewport().grab().toImage(), calls


def test_a_paint_asks_each_cell_once(qtbot, ops: Ops, varied: Actor, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """The item delegate asks seven roles of every cell it paints: one multiData() call per cell
    answers them all, where data() was called once per role (~1,200 calls per repaint). What the
    delegate makes of the answers is compared cell by cell below."""
    clock.advance(hours=20)  # some tickets near or past their SLA: bold, coloured countdowns
    pane = shown_pane(qtbot, ops, varied)
    _image, calls = repainted(pane)
    cells = calls["multiData"]
    visible_rows = pane.table.rowAt(pane.table.viewport().height() - 1) + 1 or pane.model.rowCount()
    shown_columns = len(COLUMNS) - len(pane.hidden_columns)
    assert cells >= visible_rows * shown_columns  # every visible cell, the priority badges' too
    assert calls["data"] == 0  # no role asked one by one, no delegate asking for the ticket row
    wait_idle(qtbot, ops)


def test_a_paint_calls_into_python_once_per_cell(qtbot, ops: Ops, varied: Actor) -> None:  # type: ignore[no-untyped-def]
    """Each call from Qt into Python has to take the GIL, which a worker reading a page holds: a
    paint waits for it at every call. Qt's own index() asks rowCount() and columnCount() for each
    cell, and the priority badges were a Python delegate's paint() per row (asking data() and
    multiData() again, and a dozen painter calls): ~500 calls into Python per repaint, now one
    index() and one multiData() per cell."""
    pane = shown_pane(qtbot, ops, varied)
    entries: Counter[str] = Counter()
    here = sys._getframe()

    def profile(frame: Any, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_back is here:  # called by Qt, from inside repaint()
            entries[frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        pane.table.viewport().repaint()
    finally:
        sys.setprofile(None)
    cells = entries["multiData"]
    visible_rows = pane.table.rowAt(pane.table.viewport().height() - 1) + 1 or pane.model.rowCount()
    assert cells >= visible_rows * (len(COLUMNS) - len(pane.hidden_columns))
    assert entries["rowCount"] == entries["columnCount"] == entries["paint"] == entries["data"] == 0, entries
    assert entries["index"] <= cells + 2  # the current index, the hover
    assert sum(entries.values()) <= 2 * cells + 4, entries  # + the pane's and its viewport's event filter
    wait_idle(qtbot, ops)


def test_index_answers_what_qts_own_index_does(qtbot, ops: Ops, varied: Actor) -> None:  # type: ignore[no-untyped-def]
    """QueueModel.index() skips rowCount()/columnCount(); it answers as Qt's hasIndex() check did."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex

    model = loaded_model(qtbot, ops, varied, QueueQuery(view=View.ALL, sort="number"))
    rows = model.rowCount()
    assert rows == 64
    for row in (-1, 0, 1, rows - 1, rows, rows + 5):
        for column in (-1, 0, len(COLUMNS) - 1, len(COLUMNS)):
            mine, qts = model.index(row, column), QAbstractTableModel.index(model, row, column)
            assert (mine.isValid(), mine.row(), mine.column()) == (qts.isValid(), qts.row(), qts.column())
            assert mine.model() is (model if qts.isValid() else None)
    inside = model.index(3, 2)
    assert not model.index(0, 0, inside).isValid() and not model.index(0, 0, QModelIndex()).parent().isValid()
    assert model.index(5, 1).sibling(6, 2) == model.index(6, 2)
    wait_idle(qtbot, ops)


def test_the_priority_badge_is_an_icon_drawn_where_the_delegate_drew_it(qtbot, ops: Ops, varied: Actor) -> None:  # type: ignore[no-untyped-def]
    """The badge (a rounded box in the priority's colour, 34x18, 6 px into the cell, centred in
    the row's height) is an icon Qt's item delegate draws, in the same place as the Python
    delegate drew it; on the selected row too, not tinted with the selection's colour."""
    from desktop.common.fmt import PRIORITY_COLOURS
    from desktop.console.queue.view import BADGE, BADGE_INSET

    pane = shown_pane(qtbot, ops, varied)  # row 2 selected
    image, _calls = repainted(pane)
    ratio = image.devicePixelRatio()
    checked = set()
    for row in range(4):
        ticket = pane.model.row_at(row, fetch=False)
        assert ticket is not None
        index = pane.model.index(row, COL["priority"])
        assert index.data() is None and index.data(Qt.ItemDataRole.AccessibleTextRole) == str(ticket.priority)
        cell = pane.table.visualRect(index)
        colour = QColor(PRIORITY_COLOURS[ticket.priority]).rgb()
        solid = [(x, y) for y in range(cell.top(), cell.bottom() + 1) for x in range(cell.left(), cell.right() + 1)
                 if image.pixel(round(x * ratio), round(y * ratio)) == colour]
        xs, ys = [x for x, _y in solid], [y for _x, y in solid]
        top = cell.top() + (cell.height() - BADGE.height()) // 2
        assert (min(xs), max(xs)) == (cell.left() + BADGE_INSET, cell.left() + BADGE_INSET + BADGE.width() - 1), row
        assert (min(ys), max(ys)) == (top, top + BADGE.height() - 1), row
        checked.add(row)
    assert pane.table.currentIndex().row() in checked
    wait_idle(qtbot, ops)


def test_the_badges_follow_the_tables_font(qtbot, ops: Ops, varied: Actor) -> None:  # type: ignore[no-untyped-def]
    """A badge is a picture of its text: a new font (a theme, a setting) draws them again."""
    pane = shown_pane(qtbot, ops, varied)
    before = pane.model.index(0, COL["priority"]).data(Qt.ItemDataRole.DecorationRole)
    font = QFont(pane.table.font())
    font.setPointSize(font.pointSize() + 3)
    pane.table.setFont(font)
    QCoreApplication.processEvents()
    after = pane.model.index(0, COL["priority"]).data(Qt.ItemDataRole.DecorationRole)
    assert before is not None and after is not None and after.cacheKey() != before.cacheKey()
    wait_idle(qtbot, ops)


def test_the_item_delegate_sees_each_cell_as_it_did_role_by_role(qtbot, ops: Ops, varied: Actor,
                                                                  clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """What Qt's item delegate makes of every cell (text, font, colours, alignment, features)
    through multiData() is what it made asking data() role by role: loaded rows with every SLA
    state, and a row whose page is not read yet (placeholders)."""
    clock.advance(hours=20)
    query = QueueQuery(view=View.ALL, sort="number")
    model, per_role = (loaded_model(qtbot, ops, varied, query), PerRole(ops, varied, page_size=10,
                                                                          first_page_early=False))
    with qtbot.waitSignal(per_role.sig_count_changed):
        per_role.set_query(query)
    touch(qtbot, model, 0)
    touch(qtbot, per_role, 0)
    delegate = QStyledItemDelegate()

    def seen(index: Any) -> tuple[Any, ...]:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, index)
        return (option.text, option.font.toString(), option.palette.brush(QPalette.ColorRole.Text).color().name(),
                option.backgroundBrush.style(), option.backgroundBrush.color().name(), option.features.value,
                option.displayAlignment.value, option.icon.cacheKey(), option.decorationSize.toTuple())

    for badges in (False, True):  # the priority's text and colour, then its badge (as the queue pane shows it)
        if badges:
            icons = priority_badges(QFont(), 1.0, 2)
            model.set_badges(icons)
            per_role.set_badges(icons)
        fonts, decorated = set(), set()
        for row in range(12):  # row 10 on: page 1, not read
            for column in range(len(COLUMNS)):
                mine = seen(model.index(row, column))
                assert mine == seen(per_role.index(row, column)), (row, COLUMNS[column])
                fonts.add(mine[1])
                if mine[-2]:
                    decorated.add((row, column, mine[0]))
        assert len(fonts) == 2  # bold countdowns were among them
        assert decorated == ({(row, COL["priority"], "") for row in range(10)} if badges else set())
    wait_idle(qtbot, ops)


def test_a_paint_reuses_the_delegates_role_wrappers_and_drops_them_after(qtbot, ops: Ops, varied: Actor,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The item delegate hands multiData() the same seven roles (one C++ array) for every cell it
    paints: their Python wrappers are made for the first cell of a paint and found again for the
    others (they were made and freed seven times a cell), their roles are asked once, and none
    outlives the paint."""
    import weakref

    pane = shown_pane(qtbot, ops, varied)
    seen: list[weakref.ref[Any]] = []
    roles_asked = [0]
    real_role = QModelRoleData.role

    def role(self: QModelRoleData) -> int:
        roles_asked[0] += 1
        return real_role(self)

    monkeypatch.setattr(QModelRoleData, "role", role)

    def profile(frame: Any, event: str, _arg: Any) -> None:
        if event == "return" and frame.f_code.co_name == "multiData":
            seen.append(weakref.ref(frame.f_locals["role_data"]))  # the last role it answered

    sys.setprofile(profile)
    try:
        pane.table.viewport().repaint()
    finally:
        sys.setprofile(None)
    visible_rows = pane.table.rowAt(pane.table.viewport().height() - 1) + 1 or pane.model.rowCount()
    assert len(seen) >= visible_rows * (len(COLUMNS) - len(pane.hidden_columns))
    alive = [ref() for ref in seen]
    assert all(wrapper is not None for wrapper in alive)  # still in use: the paint's wrappers are kept...
    assert len({id(wrapper) for wrapper in alive}) == 1  # ...and every cell answered through the same one
    assert roles_asked[0] <= 7  # the span's roles, asked at its first cell (or at the paint before), not at each
    del alive
    QCoreApplication.processEvents()
    assert all(ref() is None for ref in seen)  # the paint is over: dropped
    wait_idle(qtbot, ops)


def test_a_cells_index_is_made_once_and_kept_within_bounds(qtbot, ops: Ops, varied: Actor,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A paint asks index() for every cell it draws: a cell's index is made at its first paint
    and kept, and what is kept stays bounded however far the view scrolls."""
    pane = shown_pane(qtbot, ops, varied)
    model = pane.model
    made: list[tuple[int, int]] = []
    real = model.createIndex

    def counting(row: int, column: int, *args: Any) -> Any:
        made.append((row, column))
        return real(row, column, *args)

    monkeypatch.setattr(model, "createIndex", counting)
    pane.table.viewport().repaint()
    assert made == []  # the first paint (shown_pane) made them
    assert model.index(5, 3) is model.index(5, 3)
    assert (model.index(5, 3).row(), model.index(5, 3).column()) == (5, 3)
    monkeypatch.setattr(queue_model_module, "_INDEXES_KEPT", 20)
    for row in range(30):
        model.index(row, 0)
    assert len(model._indexes) <= 20
    wait_idle(qtbot, ops)
