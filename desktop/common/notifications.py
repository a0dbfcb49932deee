"""In-app notifications: poll the signed-in user's inbox (newest first, with the true unread
count) and announce what is new on the desktop.

Desktop notifications go through Qt's system tray icon where the desktop has a tray; where it has
none (some Linux desktops, and CI's offscreen platform) the bell alone shows them, and the log says
so once. Only items that arrive while the app runs are announced, never the backlog found at
start-up, and each one once.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.changes import Changes
from shared.services.dto import InboxPage, Notification

log = logging.getLogger(__name__)

PAGE = 20
ANNOUNCED_KINDS = frozenset({"ticket_assigned", "requester_reply", "sla_warning", "sla_breach"})


def describe(item: Notification) -> str:
    return item.text


def ticket_of(item: Notification) -> int | None:
    return item.ticket_id


class DesktopNotifier(QObject):
    """Native notifications through the system tray, or nothing where there is no tray."""

    def __init__(self, title: str, icon: QIcon | None = None, parent: QObject | None = None, *,
                 tray: bool | None = None) -> None:
        """`tray`: whether the desktop has a system tray (asked of Qt when None)."""
        super().__init__(parent)
        self.title = title
        self.shown: list[str] = []  # what was announced, newest last (the tests and a11y read it)
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray:
            self._tray = QSystemTrayIcon(icon or QApplication.windowIcon(), self)
            self._tray.setToolTip(title)
            self._tray.show()
        else:
            log.info("no system tray on this desktop: notifications show in the console's bell only")

    @property
    def native(self) -> bool:
        return self._tray is not None

    @property
    def icon(self) -> QSystemTrayIcon | None:
        """The tray icon, where the desktop has a tray (the console keeps itself there)."""
        return self._tray

    def notify(self, text: str) -> None:
        self.shown.append(text)
        if self._tray is not None:
            self._tray.showMessage(self.title, text, QSystemTrayIcon.MessageIcon.Information, 8000)


class NotificationPoller(QObject):
    sig_unread = Signal(object)  # InboxPage: the newest unread items and the true unread count
    sig_new = Signal(list)  # Notifications that arrived since the previous poll

    def __init__(self, ops: Ops, actor: Actor, *, interval_ms: int = 30_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.page = InboxPage([], 0)
        self.limit = PAGE
        self._newest_seen: int | None = None  # None until the first poll: the backlog is not "new"
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        ops.sig_changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.inbox:  # an edit notified someone, perhaps this user: do not wait for the timer
            self.poll()

    @property
    def items(self) -> list[Notification]:
        return self.page.items

    def poll(self) -> None:
        from shared.services import inbox  # at the first poll, once the first queue page is in

        actor, limit = self.actor, self.limit
        # parent=self: a page that arrives after the poller is gone (its window closed) is dropped
        self.ops.run(lambda uow: inbox.page(uow, actor, limit=limit), self._on_page, failure=lambda _e: True,
                     parent=self)

    def show_more(self) -> None:
        self.limit += PAGE
        self.poll()

    def _on_page(self, page: InboxPage) -> None:
        self.page = page
        newest = max((item.id for item in page.items), default=0)
        if self._newest_seen is not None:
            fresh = [item for item in page.items if item.id > self._newest_seen]
            if fresh:
                self.sig_new.emit(list(reversed(fresh)))  # oldest first, as they happened
        self._newest_seen = max(newest, self._newest_seen or 0)
        self.sig_unread.emit(page)

    def mark_read(self, ids: list[int]) -> None:
        if not ids:
            return
        from shared.services import inbox

        actor = self.actor
        self.ops.run(lambda uow: inbox.mark_read(uow, actor, ids), lambda _r: self.poll())

    def mark_all_read(self) -> None:
        from shared.services import inbox

        actor = self.actor
        self.ops.run(lambda uow: inbox.mark_all_read(uow, actor), lambda _r: self.poll())
