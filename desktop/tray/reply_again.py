"""A reply the server refused, opened from the outbox to correct and send again. When its ticket is
closed (the usual reason), it can take no more replies: the dialog says so and offers the text to
copy, or to start a new report with."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.common.ops import Ops
from desktop.tray.client import TrayClient
from desktop.tray.outbox import Item, Outbox, new_key
from shared.errors import HelpdeskError, Unreachable
from shared.models.enums import Status
from shared.services.requester import RequesterTicket


class ReplyAgainDialog(QDialog):
    sig_loaded = Signal(bool)  # the ticket was looked at: whether it takes a reply
    sig_sent = Signal(object)  # RequesterTicket
    sig_queued = Signal(object)  # outbox Item: the server cannot be reached; it goes later
    sig_as_report = Signal(object)  # the failed reply Item, its text as edited: report it instead
    sig_refused = Signal(str)  # refused again: the server's reason

    def __init__(self, ops: Ops, client: TrayClient, outbox: Outbox, item: Item,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert item.kind == "reply" and item.ticket_id is not None
        self.ops, self.client, self.outbox, self.item = ops, client, outbox, item
        self.replaces = item.key  # the failed item this reply stands for; a refusal makes a newer one
        self.setWindowTitle(self.tr("Edit and send again"))
        self.resize(560, 340)
        self.heading = QLabel(self.tr("Your reply to {number}").format(number=item.title))
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.reason = QLabel(self.tr("The helpdesk refused it: {reason}").format(reason=item.reason))
        self.reason.setObjectName("refusal")
        self.reason.setWordWrap(True)
        self.body = QPlainTextEdit((item.payload or {}).get("body", ""))
        self.body.setObjectName("replyAgainText")
        self.copy_button = QPushButton(self.tr("Copy text"))
        self.copy_button.setObjectName("copyText")
        self.copy_button.clicked.connect(self.copy_text)
        self.report_button = QPushButton(self.tr("Report a new problem with it…"))
        self.report_button.setObjectName("asReport")
        self.report_button.setToolTip(self.tr("Opens a new report with this text; this reply is then replaced."))
        self.report_button.clicked.connect(self.as_report)
        self.report_button.hide()
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("primary")
        self.send_button.setEnabled(False)  # until the ticket is known to take replies
        self.send_button.clicked.connect(self.send)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.reason)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        ticket_id = item.ticket_id
        ops.call(lambda: client.ticket(ticket_id), self._on_ticket, failure=self._on_ticket_failed, parent=self)

    def _on_ticket(self, ticket: RequesterTicket) -> None:
        self.heading.setText(self.tr("Your reply to {number} · {subject}").format(number=ticket.number,
                                                                                  subject=ticket.subject))
        if ticket.status == Status.CLOSED:
            self._cannot(self.tr("This ticket is closed, so it takes no more replies. Copy your text, "
                                 "or report a new problem with it."))
        else:
            self.send_button.setEnabled(True)
            self.sig_loaded.emit(True)

    def _on_ticket_failed(self, exc: BaseException) -> bool:
        if isinstance(exc, Unreachable):  # not known now: sending keeps it in the outbox for later
            self.send_button.setEnabled(True)
            self.sig_loaded.emit(True)
        elif isinstance(exc, HelpdeskError):
            self._cannot(self.tr("This ticket cannot be opened ({reason}). Copy your text, "
                                 "or report a new problem with it.").format(reason=exc.message))
        else:
            return False
        return True

    def _cannot(self, text: str) -> None:
        self.reason.setText(text)
        self.send_button.setEnabled(False)
        self.report_button.show()
        self.report_button.setDefault(True)
        self.sig_loaded.emit(False)

    def text(self) -> str:
        return self.body.toPlainText()

    def copy_text(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.text())

    def as_report(self) -> None:
        payload = dict(self.item.payload or {}) | {"body": self.text()}
        self.sig_as_report.emit(replace(self.item, key=self.replaces, payload=payload))
        self.accept()

    def send(self) -> None:
        body = self.text()
        if not body.strip():
            return
        outbox, client, item = self.outbox, self.client, self.item
        copy = outbox.reply_item(new_key(), "", ticket_id=item.ticket_id or 0, number=item.title, body=body,
                                 replaces=self.replaces)
        self.send_button.setEnabled(False)
        self.ops.call(lambda: outbox.resend(client, copy), self._on_sent,
                      failure=lambda exc: self._on_failed(copy.key, exc), parent=self)

    def _on_sent(self, result: tuple[Item, RequesterTicket | None]) -> None:
        item, ticket = result
        if ticket is not None:
            self.sig_sent.emit(ticket)
        else:
            self.sig_queued.emit(item)
        self.accept()

    def _on_failed(self, key: str, exc: BaseException) -> bool:
        if isinstance(exc, HelpdeskError) and self.outbox.get(key) is not None:
            self.replaces = key  # refused again: that copy is the failed item now
            self.reason.setText(self.tr("The helpdesk refused it: {reason}").format(reason=exc.message))
            self.sig_refused.emit(exc.message)
        self.send_button.setEnabled(True)
        return False  # shown by show_error; the text stays in the box
