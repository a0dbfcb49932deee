"""The tray learns of replies and status changes by itself: a thread that waits for news.

Against a server it holds a long-poll (`TrayClient.changes` with `push_wait` seconds); against the
local database it reads the change stamp every `interval` seconds (one indexed query). When the
server cannot be reached it waits 1, 2, 4… up to `max_backoff` seconds between tries, and says
so once (`sig_online(False)`) rather than on every try; the first answer after that says
`sig_online(True)` (the outbox sends what it kept). Signals cross to the GUI thread queued.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop.tray.client import Feed, TrayClient
from shared.errors import AuthenticationFailed, HelpdeskError, Unreachable

log = logging.getLogger(__name__)


class Watcher(QObject):
    sig_news = Signal(object)  # Feed with at least one TicketNews
    sig_stamp = Signal(int)  # every new stamp, news or not (the session refreshes its lists)
    sig_online = Signal(bool)

    def __init__(self, client: TrayClient, *, interval: float = 5.0, max_backoff: float = 60.0,
                 first_backoff: float = 1.0) -> None:
        super().__init__()
        self.client, self.interval = client, interval
        self.max_backoff, self.first_backoff = max_backoff, first_backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.stamp = -1
        self.online: bool | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tray-watcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to end; a long-poll in flight ends when the server answers (daemon thread)."""
        self._stop.set()
        if self._thread is not None and timeout is not None:
            self._thread.join(timeout)

    def _set_online(self, online: bool) -> None:
        if self.online != online:
            self.online = online
            self.sig_online.emit(online)

    def _run(self) -> None:
        backoff = self.first_backoff
        while not self._stop.is_set():
            try:
                feed = self.client.changes(self.stamp, wait=self.client.push_wait if self.stamp >= 0 else 0.0)
            except AuthenticationFailed:
                log.info("the tray session ended; no more news until the user signs in again")
                self._set_online(False)
                return
            except RuntimeError:  # the client was closed (signed out, quitting): nothing more to watch
                return
            except (Unreachable, HelpdeskError, Exception) as exc:  # down, busy (429), a proxy's page, a bug
                log.debug("no news: %s", exc)
                self._set_online(False)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            backoff = self.first_backoff
            self._set_online(True)
            self._take(feed)
            if self.client.push_wait <= 0:
                self._stop.wait(self.interval)

    def _take(self, feed: Feed) -> None:
        if feed.stamp == self.stamp:
            return
        first, self.stamp = self.stamp < 0, feed.stamp
        if self._stop.is_set():
            return
        self.sig_stamp.emit(feed.stamp)
        if feed.news and not first:
            self.sig_news.emit(feed)
