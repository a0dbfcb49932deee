"""Shared fixtures: a real database (SQLite by default, PostgreSQL when HELPDESK_DATABASE_URL says
so), its schema built by running the migrations, and a fake clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import shared.models  # noqa: F401  (every table on the metadata)
from shared.config import Settings
from shared.db.base import Base
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.db.migrate import upgrade
from shared.i18n import set_language
from tests import audit_guard

# The real-sshd fixtures (technician_key, gate_server) for the SSH and the console's tests.
pytest_plugins = ["tests.sshd"]

# Keep tests away from the developer's real config and data.
os.environ.setdefault("HELPDESK_CONFIG", str(Path(__file__).parent / "no-such-config.toml"))


class FakeClock:
    """Monday 2 March 2026, 09:00 in Jakarta (02:00 UTC) unless moved."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)


def _test_url(tmp_dir: Path) -> str:
    return os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite:///{(tmp_dir / 'test.sqlite3').as_posix()}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _test_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    if eng.dialect.name == "postgresql":
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(eng)
    yield eng
    eng.dispose()


def wipe(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en")


@pytest.fixture
def db(engine: Engine, settings: Settings, clock: FakeClock) -> Iterator[Database]:
    set_language("en")
    sessions = make_session_factory(engine)
    audit_guard.install(sessions)  # every ticket field change in any test must be audited
    database = Database(settings, engine, sessions, clock)
    yield database
    wipe(engine)


@pytest.fixture
def committed_db(db: Database) -> Database:
    """For tests whose data another connection must see (threads, an HTTP server, a subprocess):
    what they write is committed, and every table is wiped afterwards."""
    return db


@pytest.fixture
def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
