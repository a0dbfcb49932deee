"""The unit of work: one database transaction, the clock, and the settings, passed to services.

    with uow:
        ...
        uow.commit()

Nested `with uow:` blocks join the outer transaction, so one service can call another and both
commit or roll back together. Database faults surface as HelpdeskErrors: a lost optimistic-locking
race is `Conflict`, a vanished database is `StorageUnavailable`; either way nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from shared.config import Settings
from shared.errors import Conflict, storage_unavailable
from shared.i18n import _

if TYPE_CHECKING:
    from shared.models import Ticket, TimelineEntry


def utcnow() -> datetime:
    return datetime.now(UTC)


def _is_connection_fault(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], settings: Settings,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._factory = session_factory
        self.settings = settings
        self.clock = clock
        self._depth = 0
        self._session: Session | None = None
        self._entries: list[tuple[TimelineEntry, Ticket]] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def now(self) -> datetime:
        return self.clock()

    def __enter__(self) -> UnitOfWork:
        if self._depth == 0:
            self._session = self._factory()
            self._entries = []
        self._depth += 1
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._depth -= 1
        if self._depth > 0:
            return
        session, self._session = self._session, None
        assert session is not None
        try:
            if exc is not None:
                session.rollback()
        except DBAPIError:
            pass  # the connection is gone already; nothing to undo
        finally:
            session.close()  # ends any open transaction; loaded objects stay readable
        if exc is not None:
            self._translate(exc)

    def add_entry(self, entry: TimelineEntry, ticket: Ticket) -> None:
        """Timeline entries are stamped with the ticket version their change produced, at commit."""
        entry.ticket_version = ticket.version or 1
        self.session.add(entry)
        self._entries.append((entry, ticket))

    def commit(self) -> None:
        if self._depth > 1:
            return  # the outermost block commits
        try:
            self.session.flush()
            for entry, ticket in self._entries:
                entry.ticket_version = ticket.version
            self.session.commit()
        except Exception as exc:
            self.session.rollback()
            self._translate(exc)
            raise
        self._entries = []

    @staticmethod
    def _translate(exc: BaseException) -> None:
        if isinstance(exc, StaleDataError):
            raise Conflict(_("Someone else changed this record while you were editing it. "
                             "Reload it to see their change, then apply yours again.")) from exc
        if _is_connection_fault(exc):
            raise storage_unavailable(type(exc.orig).__name__ if isinstance(exc, DBAPIError) else "") from exc
