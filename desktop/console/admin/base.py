"""What every administration page shares: the background runner with inline errors, and a
read-only table filled from rows of text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.errors import HelpdeskError
from shared.services.uow import UnitOfWork

T = TypeVar("T")
ID_ROLE = Qt.ItemDataRole.UserRole


class ErrorLine(QLabel):
    """A service's refusal, shown under the form that caused it (no dialog to dismiss)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.show_message("")


class Table(QTableWidget):
    """Rows of text, one whole row selected at a time; each row carries its record's id."""

    def __init__(self, headers: Sequence[str], name: str, parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def fill(self, rows: Sequence[tuple[Any, Sequence[str]]]) -> None:
        """(id, cells) per row; the selection follows the id it had before."""
        current = self.current_id()
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(len(rows))
            for r, (key, cells) in enumerate(rows):
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if c == 0:
                        item.setData(ID_ROLE, key)
                    self.setItem(r, c, item)
            self.resizeColumnsToContents()
        finally:
            self.blockSignals(blocked)
        if current is not None:
            self.select_id(current)

    def current_id(self) -> Any:
        """The selected row's id (None when nothing is selected: "new" clears the selection)."""
        rows = self.selectionModel().selectedRows()
        item = self.item(rows[0].row(), 0) if rows else None
        return item.data(ID_ROLE) if item is not None else None

    def select_id(self, key: Any) -> bool:
        for r in range(self.rowCount()):
            item = self.item(r, 0)
            if item is not None and item.data(ID_ROLE) == key:
                self.selectRow(r)
                return True
        return False

    def column_texts(self, column: int) -> list[str]:
        items = [self.item(r, column) for r in range(self.rowCount())]
        return [item.text() if item is not None else "" for item in items]


class Page(QWidget):
    """An administration page. `submit` runs a service call in the background; a refusal
    (HelpdeskError) lands in the page's error line, anything else in the app's error dialog."""

    sig_loaded = Signal()
    sig_saved = Signal(object)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.error = ErrorLine(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("adminNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def refresh(self) -> None:
        raise NotImplementedError

    def load(self, op: Callable[[UnitOfWork], T], done: Callable[[T], None]) -> None:
        def finished(result: T) -> None:
            done(result)
            self.sig_loaded.emit()
        self.ops.run(op, finished, failure=self._on_failure, parent=self)

    def submit(self, op: Callable[[UnitOfWork], T], done: Callable[[T], None] | None = None, *,
               reload: bool = True) -> None:
        self.error.clear()
        self.notice.clear()

        def finished(result: T) -> None:
            if done is not None:
                done(result)
            self.sig_saved.emit(result)
            if reload:
                self.refresh()
        self.ops.run(op, finished, failure=self._on_failure, parent=self)

    def _on_failure(self, exc: BaseException) -> bool:
        if isinstance(exc, HelpdeskError):
            self.error.show_message(exc.message)
            return True
        return False
