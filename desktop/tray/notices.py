"""The words of a tray notification for news on one's tickets, and the outbox window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.common.ops import Ops
from desktop.tray.client import TrayClient
from desktop.tray.outbox import Item, Outbox, State
from shared.models.enums import label
from shared.services.tray_feed import TicketNews


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def news_text(news: TicketNews) -> str:
    """One line: what happened to the ticket ("HD-000012 · Printer: Budi Santoso replied")."""
    parts = []
    if news.replies:
        parts.append(_tr("{name} replied").format(name=news.replied_by) if news.replied_by
                     else _tr("the helpdesk replied"))
    if news.status_changed:
        parts.append(_tr("now {status}").format(status=label(news.status)))
    return f"{news.number} · {news.subject}: " + ", ".join(parts)


def item_text(item: Item) -> str:
    what = _tr("Report") if item.kind == "report" else _tr("Reply to")
    if item.state == State.SENT:
        state = _tr("Sent as {number}").format(number=item.number)
    elif item.state == State.FAILED:
        state = _tr("Failed: {reason}").format(reason=item.reason)
    else:
        state = _tr("Queued: {reason}").format(reason=item.reason) if item.reason else _tr("Queued")
    return f"{what} «{item.title}» · {item.created_at[:16].replace('T', ' ')} UTC\n{state}"


class OutboxWindow(QWidget):
    """What the tray keeps to send, and what became of it."""

    sig_flushed = Signal(int)  # items whose state changed

    def __init__(self, ops: Ops, client: TrayClient, outbox: Outbox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.client, self.outbox = ops, client, outbox
        self.setObjectName("outboxWindow")
        self.setWindowTitle(self.tr("Outbox"))
        self.resize(620, 360)
        intro = QLabel(self.tr("Reports and replies written while the helpdesk could not be reached. "
                               "They are sent by themselves once it can; each is sent only once."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("outboxItems")
        self.list.setWordWrap(True)
        self.send_now = QPushButton(self.tr("Send now"))
        self.send_now.setObjectName("primary")
        self.send_now.clicked.connect(self.flush)
        self.clear = QPushButton(self.tr("Remove sent and failed"))
        self.clear.clicked.connect(self._on_clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear)
        buttons.addStretch(1)
        buttons.addWidget(self.send_now)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for item in self.outbox.items():
            self.list.addItem(QListWidgetItem(item_text(item)))
        if self.list.count() == 0:
            self.list.addItem(QListWidgetItem(self.tr("Nothing is waiting to be sent.")))

    def flush(self) -> None:
        outbox, client = self.outbox, self.client
        self.send_now.setEnabled(False)
        self.ops.call(lambda: outbox.flush(client), self._on_flushed, failure=self._on_failed, parent=self)

    def _on_flushed(self, changed: list[Item]) -> None:
        self.send_now.setEnabled(True)
        self.reload()
        self.sig_flushed.emit(len(changed))

    def _on_failed(self, _exc: BaseException) -> bool:
        self.send_now.setEnabled(True)
        return False

    def _on_clear(self) -> None:
        self.outbox.forget_done()
        self.reload()
