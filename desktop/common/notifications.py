"""In-app notifications: poll the app channel of the outbox for the signed-in user.

The core's `shared.services.inbox` (unread / mark_read) may not exist yet; the poller then stays
idle and says so once in the log, and starts working as soon as the module is there.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.changes import Changes

log = logging.getLogger(__name__)


def _inbox() -> ModuleType | None:
    try:
        return importlib.import_module("shared.services.inbox")
    except ModuleNotFoundError:
        return None


def describe(item: Any) -> str:
    """A one-line text for an inbox item, whatever its exact shape."""
    for attr in ("text", "title", "summary"):
        value = getattr(item, attr, None)
        if value:
            return str(value)
    payload = getattr(item, "payload", None) or {}
    number, subject = payload.get("number", ""), payload.get("subject", "")
    kind = str(getattr(item, "kind", ""))
    return " ".join(p for p in (kind.replace("_", " "), number, subject) if p) or repr(item)


def ticket_of(item: Any) -> int | None:
    value = getattr(item, "ticket_id", None)
    if value is None:
        value = (getattr(item, "payload", None) or {}).get("ticket_id")
    return int(value) if value is not None else None


class NotificationPoller(QObject):
    sig_unread = Signal(list)  # the unread items

    def __init__(self, ops: Ops, actor: Actor, *, interval_ms: int = 30_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.items: list[Any] = []
        self.available = _inbox() is not None
        if not self.available:
            log.info("shared.services.inbox is not there yet; in-app notifications are off")
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        ops.sig_changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.inbox:  # an edit notified someone, perhaps this user: do not wait for the timer
            self.poll()

    def poll(self) -> None:
        inbox = _inbox()
        self.available = inbox is not None
        if inbox is None:
            return
        actor = self.actor
        self.ops.run(lambda uow: inbox.unread(uow, actor), self._on_items, failure=lambda _e: True)

    def _on_items(self, items: list[Any]) -> None:
        self.items = list(items)
        self.sig_unread.emit(self.items)

    def mark_read(self, ids: list[int]) -> None:
        inbox = _inbox()
        if inbox is None or not ids:
            return
        actor = self.actor
        self.ops.run(lambda uow: inbox.mark_read(uow, actor, ids), lambda _r: self.poll())
