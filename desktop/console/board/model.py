"""The board's table model: a count and a cache of pages, each fetched from
`shared.services.board` off the GUI thread when the view first shows one of its rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.i18n import said_text
from shared.services import board
from shared.services.board import BoardQuery, BoardRow

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the BoardRow, for the delegate and the detail pane
SPARK_ROLE = Qt.ItemDataRole.UserRole + 2  # (value now, series) for a gauge column
COLUMNS = ("host", "status", "cpu", "memory", "disk", "alerts", "user", "forecast")
GAUGES = {"cpu": 2, "memory": 3, "disk": 4}


class BoardModel(QAbstractTableModel):
    sig_loaded = Signal(int)  # the count, after each reload

    def __init__(self, ops: Ops, actor: Actor, *, page_size: int = 100, owner: QWidget | None = None) -> None:
        super().__init__()
        self.ops, self.actor, self.page_size = ops, actor, page_size
        self.owner = owner  # the widget showing the model: an answer after it is gone is dropped
        self.query = BoardQuery()
        self.total = 0
        self.pages: dict[int, list[BoardRow]] = {}
        self._asked: set[int] = set()
        self._generation = 0
        self.headers = (self.tr("Machine"), self.tr("Status"), self.tr("CPU"), self.tr("Memory"),
                        self.tr("Disk used"), self.tr("Alerts"), self.tr("Last user"), self.tr("Forecast"))

    def set_query(self, query: BoardQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Count and first page in one background op (one statement); the old rows stay until the new
        ones arrive."""
        self._generation += 1
        generation, actor, query, size = self._generation, self.actor, self.query, self.page_size

        self.ops.run(lambda uow: board.refresh(uow, actor, query, size),
                     lambda result: self._on_reloaded(generation, *result), parent=self.owner)

    def _on_reloaded(self, generation: int, total: int, first: list[BoardRow]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.total, self.pages, self._asked = total, {0: first}, {0}
        self.endResetModel()
        self.sig_loaded.emit(total)

    def _fetch(self, page: int) -> None:
        if page in self._asked:
            return
        self._asked.add(page)
        generation, actor, query, size = self._generation, self.actor, self.query, self.page_size
        self.ops.run(lambda uow: board.page(uow, actor, query, page * size, size),
                     lambda rows: self._on_page(generation, page, rows), parent=self.owner)

    def _on_page(self, generation: int, page: int, rows: list[BoardRow]) -> None:
        if generation != self._generation:
            return
        self.pages[page] = rows
        first = page * self.page_size
        last = min(self.total, first + len(rows)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def row_at(self, row: int, *, fetch: bool = True) -> BoardRow | None:
        page, offset = divmod(row, self.page_size)
        rows = self.pages.get(page)
        if rows is None:
            if fetch:
                self._fetch(page)
            return None
        return rows[offset] if offset < len(rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        column = COLUMNS[index.column()]
        if role == ROW_ROLE:
            return row
        if role == SPARK_ROLE and column in GAUGES:
            return {"cpu": (row.cpu, row.spark_cpu), "memory": (row.mem, row.spark_mem),
                    "disk": (None if row.disk_free_pct is None else 100 - row.disk_free_pct, row.spark_disk)}[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == "forecast":
            return "\n".join(said_text(f) for f in row.forecast) or None
        return None

    def _alert_name(self, key: str) -> str:
        """An alert key is the probe's `rule:instance` ("disk_full:C:\\"): the rule in the reader's
        language, the instance (a volume) as reported; a rule this console does not know, as is."""
        rule, _sep, instance = key.partition(":")
        names = {"disk_full": self.tr("Disk full"), "memory_pressure": self.tr("Low memory"),
                 "battery_low": self.tr("Battery low")}
        name = names.get(rule)
        if name is None:
            return key
        return f"{name} {instance}" if instance else name

    def _display(self, row: BoardRow, column: str) -> str:
        if column == "host":
            return row.hostname
        if column == "status":
            seen = local_time(row.last_seen_at, self.actor.timezone) if row.last_seen_at else self.tr("never")
            return self.tr("Online") if row.online else self.tr("Offline since {when}").format(when=seen)
        if column == "alerts":
            return ", ".join(self._alert_name(key) for key in row.alerts)
        if column == "user":
            return row.last_user or ""
        if column == "forecast":
            return said_text(row.forecast[0]) if row.forecast else ""
        return ""
