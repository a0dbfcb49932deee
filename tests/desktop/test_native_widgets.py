"""desktop.common.native: the queue's table is made by Qt, not by Python, so the style sheet's
casts of it during a paint never call into PySide; it is the same table otherwise."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView, QWidget

from desktop.common import native
from desktop.common.ops import Ops
from desktop.console.queue.model import COL
from desktop.console.queue.view import QueuePane
from shared.db.database import Database
from shared.services.queue import View
from tests import factories as f
from tests.desktop.conftest import wait_idle


def test_the_queue_table_is_made_by_qt_and_behaves_as_before(qtbot, ops: Ops, db: Database) -> None:  # type: ignore[no-untyped-def]
    agent = f.agent(db, name="budi")
    requester = f.user(db)
    for i in range(3):
        f.ticket(db, requester, subject=f"Printer jam {i}")
    pane = QueuePane(ops, agent)
    qtbot.addWidget(pane)
    pane.resize(1100, 500)
    pane.show()
    qtbot.waitExposed(pane)
    table = pane.table
    assert not shiboken6.Shiboken.createdByPython(table)  # a plain QTableView: the casts are answered in C++
    assert type(table) is QTableView and table.metaObject() is QTableView.staticMetaObject
    assert table.model() is pane.model and table.isVisible()
    pane.select_view(View.ALL)
    qtbot.waitUntil(lambda: pane.model.has_page_for(0))
    # A click on a header sorts, a click on a row selects it: the same widget as before.
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(COL["number"]) + 5, header.height() // 2))
    qtbot.waitUntil(lambda: pane.model.query.sort == "number" and pane.model.has_page_for(0))
    rect = table.visualRect(pane.model.index(1, COL["subject"]))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentIndex().row() == 1
    wait_idle(qtbot, ops)


def test_a_made_table_goes_with_its_parent_and_leaves_the_library_paths_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    before = QCoreApplication.libraryPaths()
    parent = QWidget()
    table = native.table_view(parent)
    assert QCoreApplication.libraryPaths() == before
    assert table.parent() is parent and not shiboken6.Shiboken.ownedByPython(table)
    assert isinstance(table, QAbstractItemView) and isinstance(table, QFrame) and isinstance(table, QObject)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.Shiboken.isValid(table))
