"""Mail tab (supervisors and admins): what intake decided about each recent mail, the raw
message, and "Make a ticket" / "Append to ticket…" for a wrong decision (shared.mail.decisions);
on its second page, the outgoing mail that could not be delivered (undelivered_view)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.console.undelivered_view import UndeliveredPane
from shared.auth.permissions import Actor, Permission, can
from shared.mail import decisions
from shared.mail.decisions import Decision

RAW_SHOWN = 256 * 1024  # the view shows the start of a huge mail; the bytes stay whole in the database
_NUMBER = re.compile(r"^\s*(?:[A-Za-z]+-)?0*(\d{1,9})\s*$")


class MailPane(QWidget):
    sig_loaded = Signal(int)
    sig_rescued = Signal(object)  # Decision

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.allowed = can(actor, Permission.MAIL_MANAGE)
        self.items: list[Decision] = []
        self.filter = QComboBox()
        self.filter.setObjectName("mailOutcome")
        self.filter.addItem(self.tr("All decisions"), "")
        for outcome, text in (("created", self.tr("Ticket created")), ("appended", self.tr("Appended")),
                              ("event", self.tr("Event on a ticket")), ("duplicate", self.tr("Duplicate")),
                              ("ignored", self.tr("Ignored")), ("quarantined", self.tr("Quarantined"))):
            self.filter.addItem(text, outcome)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("mailTable")
        self.table.setHorizontalHeaderLabels([self.tr("Received"), self.tr("Decision"), self.tr("From"),
                                              self.tr("Subject"), self.tr("Why")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((130, 150, 200, 260)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show(row))
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("mailRaw")
        self.raw.setReadOnly(True)
        self.raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.empty = QLabel()
        self.empty.setObjectName("mailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.make = QPushButton(self.tr("Make a ticket"))
        self.make.setObjectName("mailMakeTicket")
        self.make.clicked.connect(self._on_make)
        self.append = QPushButton(self.tr("Append to ticket…"))
        self.append.setObjectName("mailAppend")
        self.append.clicked.connect(self._on_append)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        refresh.setEnabled(self.allowed)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(self.raw)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.filter)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.make)
        buttons.addWidget(self.append)
        buttons.addWidget(refresh)
        incoming = QWidget()
        layout = QVBoxLayout(incoming)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.split, 1)
        layout.addLayout(buttons)
        self.undelivered = UndeliveredPane(ops, actor)
        self.undelivered.sig_loaded.connect(self._on_undelivered_count)
        self.pages = QTabWidget()
        self.pages.setObjectName("mailPages")
        self.pages.addTab(incoming, self.tr("Incoming"))
        self.pages.addTab(self.undelivered, self.tr("Undelivered"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._update_buttons(None)
        if self.allowed:
            self.refresh()
        else:
            self._empty(self.tr("Only supervisors and admins see the mail intake."))

    def _on_undelivered_count(self, n: int) -> None:
        """The page's title says how many wait, so a supervisor sees them from the first page."""
        self.pages.setTabText(1, self.tr("Undelivered ({n})").format(n=n) if n else self.tr("Undelivered"))

    def _empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.split.setVisible(not text)

    def refresh(self) -> None:
        actor, outcome = self.actor, self.filter.currentData()
        outcomes = [outcome] if outcome else []
        self.ops.run(lambda uow: decisions.recent(uow, actor, outcomes=outcomes), self._on_list, parent=self)

    def _outcome_text(self, d: Decision) -> str:
        if d.outcome in ("created", "appended", "event") and d.ticket_id is not None and d.rescued_at is None:
            return {"created": self.tr("Ticket {number}"), "appended": self.tr("Appended to {number}"),
                    "event": self.tr("Event on {number}")}[d.outcome].format(number=d.number)
        if d.rescued_at is not None and d.ticket_id is not None:
            return self.tr("Rescued: {number}").format(number=d.number)
        if d.outcome == "duplicate":
            return self.tr("Duplicate of #{id}").format(id=d.duplicate_of_id)
        return {"ignored": self.tr("Ignored"), "quarantined": self.tr("Quarantined"),
                "created": self.tr("Ticket created")}.get(d.outcome, d.outcome)

    def _on_list(self, items: list[Decision]) -> None:
        self.table.setCurrentCell(-1, -1)  # so selecting row 0 again shows the reloaded decision
        self.items = list(items)
        self.table.setRowCount(len(items))
        for row, d in enumerate(items):
            cells = [local_time(d.created_at, self.actor.timezone), self._outcome_text(d), d.sender or "—",
                     d.subject, d.rule]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._empty("" if items else self.tr("No mail has been processed yet."))
        if items:
            self.table.selectRow(0)
        else:
            self._update_buttons(None)
        self.sig_loaded.emit(len(items))

    def selected(self) -> Decision | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _update_buttons(self, d: Decision | None) -> None:
        ok = self.allowed and d is not None and d.rescuable
        self.make.setEnabled(ok)
        self.append.setEnabled(ok)

    def _show(self, row: int) -> None:
        d = self.items[row] if 0 <= row < len(self.items) else None
        self._update_buttons(d)
        if d is None:
            self.raw.clear()
            return
        actor = self.actor
        self.ops.run(lambda uow: decisions.raw_message(uow, actor, d.id), self._on_raw, parent=self)

    def _on_raw(self, raw: bytes) -> None:
        text = raw[:RAW_SHOWN].decode("utf-8", errors="backslashreplace")
        if len(raw) > RAW_SHOWN:
            text += "\n" + self.tr("… ({size:,} bytes in all)").format(size=len(raw))
        self.raw.setPlainText(text)

    def _rescued(self, d: Decision) -> None:
        self.sig_rescued.emit(d)
        self.refresh()

    def _on_make(self) -> None:
        d = self.selected()
        if d is None:
            return
        actor = self.actor
        self.ops.run(lambda uow: decisions.make_ticket(uow, actor, d.id), self._rescued, parent=self)

    def ask_ticket(self) -> int | None:
        """The ticket to append to, asked for as "HD-000123" or "123" (tests replace this)."""
        text, ok = QInputDialog.getText(self, self.tr("Append to ticket"), self.tr("Ticket number:"))
        m = _NUMBER.match(text or "")
        return int(m.group(1)) if ok and m else None

    def _on_append(self) -> None:
        d = self.selected()
        number = self.ask_ticket() if d is not None else None
        if d is None or number is None:
            return
        actor = self.actor
        self.ops.run(lambda uow: decisions.append_to(uow, actor, d.id, number), self._rescued, parent=self)
