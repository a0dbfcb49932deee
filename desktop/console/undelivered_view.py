"""Undelivered mail (the Mail tab's second page, supervisors and admins): every notification the
outbox gave up on, with why, and "Send again", "Send to another address…" and "Dismiss"
(shared.services.undelivered). A double click opens the mail's ticket."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.console.ticket.undelivered import ask_other_address
from shared.auth.permissions import Actor, Permission, can
from shared.services import undelivered
from shared.services.undelivered import Undelivered


class UndeliveredPane(QWidget):
    sig_loaded = Signal(int)  # how many are listed that are not dismissed
    sig_done = Signal(object)  # Undelivered, after a send again or a dismissal
    sig_open_ticket = Signal(int)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.allowed = can(actor, Permission.MAIL_MANAGE)
        self.items: list[Undelivered] = []
        self.show_dismissed = QCheckBox(self.tr("Show dismissed mail"))
        self.show_dismissed.setObjectName("undeliveredShowDismissed")
        self.show_dismissed.toggled.connect(lambda _on: self.refresh())
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("undeliveredTable")
        self.table.setHorizontalHeaderLabels([self.tr("Given up"), self.tr("Ticket"), self.tr("To"), self.tr("Kind"),
                                              self.tr("Attempts"), self.tr("Why")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((130, 95, 220, 130, 90)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.currentCellChanged.connect(lambda _r, _c, _pr, _pc: self._update_buttons())
        self.table.cellDoubleClicked.connect(self._on_open)
        self.empty = QLabel()
        self.empty.setObjectName("undeliveredEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.resend = QPushButton(self.tr("Send again"))
        self.resend.setObjectName("undeliveredResend")
        self.resend.setToolTip(self.tr("Send the mail again now, to the same address"))
        self.resend.clicked.connect(lambda: self._on_resend(other=False))
        self.resend_to = QPushButton(self.tr("Send to another address…"))
        self.resend_to.setObjectName("undeliveredResendTo")
        self.resend_to.clicked.connect(lambda: self._on_resend(other=True))
        self.dismiss = QPushButton(self.tr("Do not send"))
        self.dismiss.setObjectName("undeliveredDismiss")
        self.dismiss.setToolTip(self.tr("It will not be sent; it stays listed under \"Show dismissed mail\", "
                                        "and Send again undoes it"))
        self.dismiss.clicked.connect(self._on_dismiss)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        refresh.setEnabled(self.allowed)
        top = QHBoxLayout()
        hint = QLabel(self.tr("Notifications the mail server refused, or that failed every attempt: "
                              "nobody has received them."))
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        top.addWidget(self.show_dismissed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.resend, self.resend_to, self.dismiss, refresh):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        if self.allowed:
            self.refresh()
        else:
            self._empty(self.tr("Only supervisors and admins see undelivered mail."))

    def _empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.table.setVisible(not text)

    def refresh(self) -> None:
        actor, everything = self.actor, self.show_dismissed.isChecked()
        self.ops.run(lambda uow: undelivered.recent(uow, actor, include_dismissed=everything), self._on_list,
                     parent=self)

    def _why(self, u: Undelivered) -> str:
        error = " ".join(u.last_error.split())
        if u.dismissed:
            return self.tr("Dismissed by {name}").format(name=u.dismissed_by or self.tr("System")) + (
                " · " + error if error else "")
        return error

    def _on_list(self, items: list[Undelivered]) -> None:
        selected = self.selected()
        self.table.setCurrentCell(-1, -1)
        self.items = list(items)
        self.table.setRowCount(len(items))
        for row, u in enumerate(items):
            to = u.recipient_address or "—"
            if u.recipient_name:
                to = f"{u.recipient_name} <{to}>"
            cells = [local_time(u.given_up_at, self.actor.timezone), u.number or "—", to, u.kind_text,
                     str(u.attempts), self._why(u)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(u.last_error if col == 5 else text)
                if u.dismissed:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
        self._empty("" if items else self.tr("Every notification was delivered: nothing is waiting for you here."))
        ids = [u.id for u in items]
        if items:
            self.table.selectRow(ids.index(selected.id) if selected is not None and selected.id in ids else 0)
        self._update_buttons()
        self.sig_loaded.emit(sum(1 for u in items if not u.dismissed))

    def selected(self) -> Undelivered | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _update_buttons(self) -> None:
        u = self.selected()
        ok = self.allowed and u is not None
        self.resend.setEnabled(ok)
        self.resend_to.setEnabled(ok)
        self.dismiss.setEnabled(ok and u is not None and not u.dismissed)

    def ask_address(self, current: str) -> str | None:
        """The address to send to instead (tests replace this)."""
        return ask_other_address(self, current)

    def _done(self, u: Undelivered) -> None:
        self.sig_done.emit(u)
        self.refresh()

    def _on_resend(self, *, other: bool) -> None:
        u = self.selected()
        if u is None:
            return
        to = self.ask_address(u.recipient_address or "") if other else None
        if other and to is None:
            return
        actor = self.actor
        self.ops.run(lambda uow: undelivered.resend(uow, actor, u.id, to=to), self._done,
                     failure=lambda _exc: self.refresh(), parent=self)

    def _on_dismiss(self) -> None:
        u = self.selected()
        if u is None:
            return
        actor = self.actor
        self.ops.run(lambda uow: undelivered.dismiss(uow, actor, u.id), self._done,
                     failure=lambda _exc: self.refresh(), parent=self)

    def _on_open(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.items) and self.items[row].ticket_id is not None:
            self.sig_open_ticket.emit(self.items[row].ticket_id)
