"""The bound on the tray's long-polls held at once by one server process (see shared.http.push)."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Watchers:
    """How many long-polls this process holds, bounded; and how often each checks the database."""

    limit: int = 500
    interval: float = 1.0
    busy_retry: float = 5.0
    _held: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def enter(self) -> bool:
        with self._lock:
            if self._held >= self.limit:
                return False
            self._held += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._held -= 1

    @property
    def held(self) -> int:
        return self._held
