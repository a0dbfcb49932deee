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

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from shared.config import Settings
from shared.db.faults import cause_of
from shared.errors import Conflict, storage_unavailable
from shared.i18n import _

if TYPE_CHECKING:
    from shared.models import Ticket, TimelineEntry


def _version_after_flush(session: Session, ticket: Ticket) -> int:
    """The ticket's version once flushed: 1 for a new row, +1 when any column changed."""
    state = inspect(ticket)
    if state.transient or state.pending:
        return 1
    version = ticket.version or 1
    return version + 1 if session.is_modified(ticket, include_collections=False) else version


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
        # Facts found once per transaction and reused by the operations sharing it (a batch).
        self.memo: dict[str, object] = {}

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
            self.memo = {}
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

    def pending_entries(self) -> list[tuple[TimelineEntry, Ticket]]:
        """Entries added in this transaction, with their tickets, oldest first."""
        return list(self._entries)

    def commit(self) -> None:
        if self._depth > 1:
            return  # the outermost block commits
        try:
            # Stamp entries with the version the final flush will give their ticket, so they are
            # inserted right (no UPDATE per entry); re-stamp after it only if the guess was wrong.
            for entry, ticket in self._entries:
                entry.ticket_version = _version_after_flush(self.session, ticket)
            self.session.flush()
            for entry, ticket in self._entries:
                if entry.ticket_version != ticket.version:
                    entry.ticket_version = ticket.version
            if self.session.dirty:
                self.session.flush()
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
            raise storage_unavailable(cause_of(exc) if isinstance(exc, DBAPIError) else "") from exc
