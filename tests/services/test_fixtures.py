"""The database fixtures themselves (tests/conftest.py): `db` rolls back, refuses other threads,
and catches rows another connection committed behind its back."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Connection, Engine, func, select

from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_session_factory
from shared.models import User
from tests import factories as f
from tests.conftest import CommittedDataNeeded, FakeClock, _TestThreadSessions, rolled_back_connection


def users(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(User)) or 0)


def on_connection(engine: Engine, conn: Connection, settings: Settings) -> Database:
    sessions = _TestThreadSessions(bind=conn, join_transaction_mode="create_savepoint",
                                   expire_on_commit=False, autoflush=False)
    sessions.owner = threading.get_ident()
    return Database(settings, engine, sessions, FakeClock())


def test_what_a_db_test_commits_is_rolled_back(engine: Engine, settings: Settings) -> None:
    before = users(engine)
    with rolled_back_connection(engine) as conn:
        db = on_connection(engine, conn, settings)
        budi = f.agent(db, name="budi")  # committed, to a savepoint
        with db.uow() as uow:  # another unit of work sees it
            assert uow.session.get(User, budi.id) is not None
    assert users(engine) == before


def test_a_session_on_another_thread_is_refused(db: Database) -> None:
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with db.uow():
                pass
        except CommittedDataNeeded as exc:
            failures.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(failures) == 1 and "committed_db" in str(failures[0])


def test_rows_committed_by_another_connection_fail_the_test(engine: Engine, settings: Settings) -> None:
    before = users(engine)
    outside = Database(settings, engine, make_session_factory(engine), FakeClock())
    leak = r"committed outside the test's transaction \(.*users"
    with pytest.raises(pytest.fail.Exception, match=leak), rolled_back_connection(engine):
        f.user(outside, name="leaked")  # as a subprocess or the CLI would
    assert users(engine) == before  # and the database was reset for the next test
