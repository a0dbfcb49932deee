"""The unit of work: one database transaction, the clock, and the settings, passed to services.

    with uow:
        ...
        uow.commit()

Nested `with uow:` blocks join the outer transaction, so one service can call another and both
commit or roll back together. Database faults surface as HelpdeskErrors: a lost race (a stale
version, a once-only key taken meanwhile, a deadlock; see `races`) is `Conflict`, a vanished
database is `StorageUnavailable`; either way nothing is saved.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import chain
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, UOWTransaction, object_session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from shared.config import DEFAULT_TICKET_PREFIX, Settings
from shared.db.faults import cause_of
from shared.errors import Conflict, storage_unavailable
from shared.i18n import _
from shared.services.dto import parse_ticket_ref, ticket_number
from shared.services.races import is_lost_race

if TYPE_CHECKING:
    from shared.models import Ticket, TimelineEntry

log = logging.getLogger(__name__)


def _version_after_flush(session: Session, ticket: Ticket) -> int:
    """The ticket's version once flushed: 1 for a new row, +1 when any column changed."""
    state = inspect(ticket)
    if state.transient or state.pending:
        return 1
    version = ticket.version or 1
    return version + 1 if session.is_modified(ticket, include_collections=False) else version


# Session.info key: the install's ticket number prefix, for helpers that have only the session.
PREFIX_INFO = "ticket_prefix"
DEFAULT_PREFIX = DEFAULT_TICKET_PREFIX


def number_in(session: Session, ticket_id: int) -> str:
    """A ticket's number with the install's prefix (setting `ticket_prefix`)."""
    return ticket_number(ticket_id, str(session.info.get(PREFIX_INFO, DEFAULT_PREFIX)))


def prefix_of(obj: object) -> str:
    """The ticket number prefix of the unit of work `obj` (an ORM object) was loaded in."""
    session = object_session(obj)
    return str(session.info.get(PREFIX_INFO, DEFAULT_PREFIX)) if session is not None else DEFAULT_PREFIX


def number_of(ticket: Ticket) -> str:
    """The number of a ticket loaded in a unit of work, with that install's prefix."""
    return ticket_number(ticket.id, prefix_of(ticket))


def utcnow() -> datetime:
    return datetime.now(UTC)


def _is_connection_fault(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def keep_aggregates(session_class: type[Session]) -> None:
    """Keep the report aggregates current in every session of this class and its subclasses (a
    sessionmaker makes its own subclass of the class it is given). Idempotent; the classes are kept
    referenced, so a new class can never inherit a dead one's id and be mistaken for it.

    shared.services.report_aggregates (its SQL and the report tables' models) is imported by the
    first flush that has a ticket or a CSAT answer in it, not here: a process that has written
    neither (the console up to its first page, a sign-in included) has not loaded it."""
    if not any(issubclass(session_class, done) for done in _KEEPING):
        _KEEPING.append(session_class)
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush", _after_flush)


_KEEPING: list[type[Session]] = []
AGGREGATES_BEFORE = "report_aggregates_before"  # session.info: what a flush changes, as it was before


def _may_move_aggregates(session: Session) -> bool:
    """Whether this flush has a ticket or a CSAT answer in it (new, changed or deleted), or state left
    by an earlier flush's hook: the flushes report_aggregates.before_flush does anything for. A
    class whose module was never imported can have no object in the session."""
    if AGGREGATES_BEFORE in session.info:
        return True
    kinds = tuple(cls for cls in (getattr(sys.modules.get("shared.models.tickets"), "Ticket", None),
                                  getattr(sys.modules.get("shared.models.kb"), "CsatResponse", None)) if cls)
    return bool(kinds) and any(isinstance(obj, kinds) for obj in chain(session.new, session.dirty, session.deleted))


def _before_flush(session: Session, context: UOWTransaction, instances: object) -> None:
    if _may_move_aggregates(session):
        from shared.services import report_aggregates

        report_aggregates.before_flush(session, context, instances)


def _after_flush(session: Session, context: UOWTransaction) -> None:
    if AGGREGATES_BEFORE in session.info:  # set by before_flush above
        from shared.services import report_aggregates

        report_aggregates.after_flush(session, context)


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], settings: Settings,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._factory = session_factory
        keep_aggregates(session_factory.class_)
        self.settings = settings
        self.clock = clock
        self._depth = 0
        self._session: Session | None = None
        self._entries: list[tuple[TimelineEntry, Ticket]] = []
        # Facts found once per transaction and reused by the operations sharing it (a batch).
        self.memo: dict[str, object] = {}

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """The database this unit of work opens sessions on: one per process and database, so a key
        for facts a process keeps about a database."""
        return self._factory

    @property
    def nested(self) -> bool:
        """Inside a caller's transaction: a commit here waits for the outermost block."""
        return self._depth > 1

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def now(self) -> datetime:
        return self.clock()

    def number(self, ticket_id: int) -> str:
        """The ticket's number as people see it, e.g. HD-000123."""
        return ticket_number(ticket_id, self.settings.ticket_prefix)

    def parse_number(self, value: str | int) -> int:
        """The id in "HD-000123", "#123" or "123"; ValidationFailed for another prefix."""
        return parse_ticket_ref(value, self.settings.ticket_prefix)

    def __enter__(self) -> UnitOfWork:
        if self._depth == 0:
            self._session = self._factory()
            self._session.info[PREFIX_INFO] = self.settings.ticket_prefix
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
        if is_lost_race(exc):
            log.info("lost a race, reported as a conflict: %s", exc)
            raise Conflict(_("Someone else saved a change to the same record at the same moment, so "
                             "yours was not saved. Reload it to see theirs, then try again.")) from exc
        if _is_connection_fault(exc):
            raise storage_unavailable(cause_of(exc) if isinstance(exc, DBAPIError) else "") from exc
