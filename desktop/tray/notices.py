"""The words of a tray notification for news on one's tickets, and the outbox window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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


KEY_ROLE = Qt.ItemDataRole.UserRole


class OutboxWindow(QWidget):
    """What the tray keeps to send, and what became of it. A failed item is edited and sent again
    (the tray opens the report or reply dialog for it: `sig_edit`), copied, or discarded."""

    sig_flushed = Signal(int)  # items whose state changed
    sig_edit = Signal(object)  # a failed Item to correct and send again
    sig_discarded = Signal(str)  # the key of an item discarded for good

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
        self.list.setAlternatingRowColors(True)  # two lines an item: tell where one ends
        self.list.currentItemChanged.connect(lambda _c, _p: self._update_actions())
        self.list.itemDoubleClicked.connect(lambda _i: self._on_edit())
        self.items: dict[str, Item] = {}
        self.edit = QPushButton(self.tr("Edit and send again…"))
        self.edit.setObjectName("editAgain")
        self.edit.setToolTip(self.tr("Opens what you wrote, to correct what the helpdesk refused and send it."))
        self.edit.clicked.connect(self._on_edit)
        self.copy = QPushButton(self.tr("Copy text"))
        self.copy.setObjectName("copyText")
        self.copy.clicked.connect(self._on_copy)
        self.discard = QPushButton(self.tr("Discard…"))
        self.discard.setObjectName("discard")
        self.discard.clicked.connect(self._on_discard)
        self.hint = QLabel()
        self.hint.setObjectName("outboxHint")
        self.hint.setWordWrap(True)
        self.send_now = QPushButton(self.tr("Send now"))
        self.send_now.setObjectName("primary")
        self.send_now.clicked.connect(self.flush)
        self.clear = QPushButton(self.tr("Remove sent"))
        self.clear.clicked.connect(self._on_clear)
        actions = QHBoxLayout()
        actions.addWidget(self.edit)
        actions.addWidget(self.copy)
        actions.addWidget(self.discard)
        actions.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear)
        buttons.addStretch(1)
        buttons.addWidget(self.send_now)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """The items as they are on disk now; the chosen one stays chosen (else the first failed)."""
        chosen = self.current()
        wanted = chosen.key if chosen is not None else None
        self.list.clear()
        found = self.outbox.items()
        self.items = {i.key: i for i in found}
        if wanted not in self.items:
            wanted = next((i.key for i in found if i.state == State.FAILED), None)
        for item in found:
            row = QListWidgetItem(item_text(item))
            row.setData(KEY_ROLE, item.key)
            self.list.addItem(row)
            if item.key == wanted:
                self.list.setCurrentItem(row)
        if self.list.count() == 0:
            empty = QListWidgetItem(self.tr("Nothing is waiting to be sent."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self._update_actions()

    def current(self) -> Item | None:
        row = self.list.currentItem()
        return self.items.get(row.data(KEY_ROLE)) if row is not None else None

    def _update_actions(self) -> None:
        item = self.current()
        failed = item is not None and item.state == State.FAILED
        self.edit.setEnabled(failed)
        self.discard.setEnabled(failed)
        self.copy.setEnabled(item is not None and item.payload is not None)
        self.hint.setText(self.tr("Correct what the helpdesk refused and send it again, or discard it.")
                          if failed else "")

    def _on_edit(self) -> None:
        item = self.current()
        if item is not None and item.state == State.FAILED:
            self.sig_edit.emit(item)

    def _on_copy(self) -> None:
        item, clipboard = self.current(), QGuiApplication.clipboard()
        if item is not None and clipboard is not None:
            clipboard.setText(item.text())
            self.hint.setText(self.tr("Copied. You can paste it anywhere."))

    def _on_discard(self) -> None:
        """Asked first: the words go for good. Non-modal, as every box here: ops keep running."""
        item = self.current()
        if item is None or item.state != State.FAILED:
            return
        what = self.tr("this report") if item.kind == "report" else self.tr("this reply")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard"),
                          self.tr("Discard {what}? What you wrote («{title}») is gone for good.").format(
                              what=what, title=item.title), parent=self)
        box.setObjectName("discardBox")
        box.setInformativeText(self.tr("Use “Copy text” first to keep it."))
        yes = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        yes.setObjectName("discardYes")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        key, outbox = item.key, self.outbox
        # Off the GUI thread: the outbox's lock may be held by a flush waiting for the network.
        box.buttonClicked.connect(lambda button: self.ops.call(lambda: outbox.discard(key),
                                                               lambda _r: self._on_discarded(key), parent=self)
                                  if button is yes else None)
        box.open()

    def _on_discarded(self, key: str) -> None:
        self.reload()
        self.sig_discarded.emit(key)

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
