"""Opening the database: engine + session factory + a fresh UnitOfWork per operation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.config import Settings
from shared.db.engine import make_engine, make_session_factory
from shared.db.migrate import upgrade
from shared.services.uow import UnitOfWork, utcnow


@dataclass
class Database:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = utcnow

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.settings, self.clock)

    def upgrade(self) -> None:
        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings, *, migrate: bool = False, create: bool = True) -> Database:
    """`create=False`: a missing SQLite file is an error (StorageUnavailable), not a new database."""
    engine = make_engine(settings.database_url, create=create,
                         prepared_statements=settings.database_prepared_statements)
    db = Database(settings, engine, make_session_factory(engine))
    if migrate:
        db.upgrade()
    return db
