"""What an operation changed (Anki's OpChanges): services return it, the desktop broadcasts it,
and each view decides from it whether to reload. No imports: errors carry it too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    ticket_ids: frozenset[int] = frozenset()
    article_ids: frozenset[int] = frozenset()  # knowledge-base articles
    machine_ids: frozenset[int] = frozenset()
    inbox: bool = False  # someone got an in-app notification

    @classmethod
    def of(cls, *, tickets: Iterable[int] = (), articles: Iterable[int] = (), machines: Iterable[int] = (),
           inbox: bool = False) -> Changes:
        return cls(frozenset(tickets), frozenset(articles), frozenset(machines), inbox)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.ticket_ids | other.ticket_ids, self.article_ids | other.article_ids,
                       self.machine_ids | other.machine_ids, self.inbox or other.inbox)

    def __bool__(self) -> bool:
        return bool(self.ticket_ids or self.article_ids or self.machine_ids or self.inbox)

    @property
    def queue(self) -> bool:
        """A ticket changed, so queue rows, counts and figures may have."""
        return bool(self.ticket_ids)

    @property
    def kb(self) -> bool:
        return bool(self.article_ids)

    @property
    def machines(self) -> bool:
        return bool(self.machine_ids)


NO_CHANGES = Changes()
