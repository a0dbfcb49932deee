"""Shared fixtures: a real database (SQLite by default, PostgreSQL when HELPDESK_DATABASE_URL says
so), its schema built by running the migrations, and a fake clock.

The database starts every test as a fresh installation: the schema, and the defaults
(`seed.ensure_defaults`: calendar, SLA policies, teams, categories), seeded once per session.
Two fixtures give a test that database:

`db`: for a test whose database work all runs on the test's own thread (most service tests).
    Every unit of work opens its session on one connection held in an outer transaction, and its
    commit releases a SAVEPOINT; after the test the outer transaction is rolled back, so nothing
    is ever committed and there is nothing to wipe. Because the data is uncommitted, no other
    thread, process or connection can see it: a session opened off the test's thread raises
    `CommittedDataNeeded`, and rows committed meanwhile by another connection (a subprocess, the
    CLI opening its own engine) fail the test at teardown. Two units of work open at once share
    the one connection, so they are not isolated from each other.

`committed_db`: for a test whose data another connection writes or must see: threads (the
    console's `ops`, group commit, mail watch), the live HTTP server (tests/http's `live`), the
    CLI and subprocesses, two racing sessions, a connection killed mid-save. Each unit of work
    really commits; after the test every table is emptied and the defaults put back (~20 ms).
    Ask for it as a parameter, through a fixture that needs it (`ops`, `live`, `cli`), or with
    `@pytest.mark.usefixtures("committed_db")`. In such a test `db` is the same object, so
    fixtures written against `db` (factories, `_defaults`) work unchanged.

Both use the test's `clock` (a FakeClock) and `settings`. Password hashing is argon2id at its
cheapest (HELPDESK_ARGON2_*, below). Heavy read-only data is loaded once per module (see
tests/perf/test_query_plans.py) or built once and replayed (tests/replay.py). Waits use PATIENCE
and never assert speed. A test that works only on SQLite files of its own (whatever the database under
test: the CLI's file checks, the SQLite migration walks) is marked `sqlite_file`, and the PostgreSQL
pass skips it instead of running it a second time exactly as the SQLite pass did.

`python3 run.py test` runs each database's suite on every CPU when the machine is idle enough (pytest-xdist,
`-n logical --dist loadfile`: a module's tests, and what it sets up once, stay on one worker; see
run.py's `parallel_args`). Each worker has a database and a home folder of its own
(tests/workers.py): on SQLite its file under its own temp folder, on PostgreSQL `helpdesk_gw0`,
`helpdesk_gw1`… beside the database the run was given, with HELPDESK_DATABASE_URL pointing at it
for everything the worker starts. A plain `pytest` still runs in one process.
"""

from __future__ import annotations

import os

from tests import bytecode

# First, before the project is imported: bytecode cached as `python3 run.py test` caches it.
if (_cache := bytecode.suite_cache()) is not None:
    bytecode.keep_bytecode(os.environ, _cache)

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, Integer, Table, event, text
from sqlalchemy.orm import Session, sessionmaker

import shared.models
from shared.config import Settings
from shared.db.base import Base
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.db.migrate import upgrade
from shared.i18n import set_language
from shared.services import seed
from tests import audit_guard, workers
from tests.replay import insert_rows, table_rows

shared.models.load_all()  # every table on the metadata (the package imports its modules when first named)

# Tests that need a POSIX system: real sshd/Dovecot (Debian packages), shell scripts, signals.
POSIX_MARKERS = ("posix_only", "ssh", "imap")


_ISOLATION = pytest.StashKey[workers.Isolation | None]()


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (`-n 2`), each worker gets a database and a home folder of its own
    (tests/workers.py); in a plain run this does nothing."""
    config.stash[_ISOLATION] = workers.isolate()


def pytest_unconfigure(config: pytest.Config) -> None:
    workers.release(config.stash.get(_ISOLATION, None))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On Windows, POSIX-only tests are skipped with a reason instead of failing half-way. On the
    PostgreSQL pass, a test marked `sqlite_file` (it works on SQLite files of its own, whatever the
    database under test) is skipped: it would run exactly as in the SQLite pass, a second time."""
    skip_posix = pytest.mark.skip(reason="POSIX only (real Linux servers, shell scripts or signals)")
    skip_sqlite = pytest.mark.skip(reason="on SQLite files of its own: the SQLite pass runs it")
    on_postgres = os.environ.get("HELPDESK_DATABASE_URL", "").startswith("postgres")
    for item in items:
        if sys.platform == "win32" and any(item.get_closest_marker(name) for name in POSIX_MARKERS):
            item.add_marker(skip_posix)
        elif on_postgres and item.get_closest_marker("sqlite_file"):
            item.add_marker(skip_sqlite)

# The real-sshd fixtures (technician_key, gate_server) for the SSH and the console's tests.
pytest_plugins = ["tests.sshd"]

# Keep tests away from the developer's real config and data.
os.environ.setdefault("HELPDESK_CONFIG", str(Path(__file__).parent / "no-such-config.toml"))
# The cheapest argon2id (one pass over 8 KiB): real hashes, verified for real, in microseconds
# instead of ~100 ms each. Environment variables, so the CLI and servers the tests start use it too.
# tests/unit/test_permissions.py checks the real defaults.
for _name, _value in (("TIME_COST", "1"), ("MEMORY_KIB", "8"), ("PARALLELISM", "1")):
    os.environ.setdefault(f"HELPDESK_ARGON2_{_name}", _value)


# How long a test waits for something that must happen (a signal, a server starting, a thread's
# result) before calling it a hang. Never a measure of speed: a correct test passes on any machine,
# however busy, in far less.
PATIENCE = 60.0  # seconds


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
    seed_defaults(eng)
    yield eng
    eng.dispose()


_default_rows: list[tuple[Table, list[dict[str, Any]]]] = []


def seed_defaults(engine: Engine) -> None:
    """What a fresh installation starts with (calendar, SLA policies, teams, categories), committed.
    Through the services (~100 statements) the first time; after that, the rows they made are
    inserted again, one statement per table."""
    if _default_rows:
        with engine.begin() as conn:
            insert_rows(conn, _default_rows)
        return
    url = engine.url.render_as_string(hide_password=False)
    set_language("en")
    seed.ensure_defaults(Database(Settings(database_url=url, language="en"), engine,
                                  make_session_factory(engine), FakeClock()).uow())
    with engine.connect() as conn:
        rows = table_rows(conn)
    _default_rows.extend((t, list(rows[t.name].values())) for t in Base.metadata.sorted_tables if rows[t.name])


def reset(engine: Engine) -> None:
    """Back to a fresh installation after a test that committed."""
    wipe(engine)
    seed_defaults(engine)


def wipe(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # DELETE of the few rows a test leaves takes ~20 ms; TRUNCATE makes new files for every
            # table (~300 ms), and pays off only for bulk data.
            counts = conn.execute(text("SELECT " + ", ".join(f"(SELECT count(*) FROM {n})" for n in tables))).one()
            if sum(counts) > 5000:
                conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
            else:
                for name, count in zip(tables, counts, strict=True):
                    if count:
                        conn.execute(text(f"DELETE FROM {name}"))
            conn.exec_driver_sql(_RESTART_SEQUENCES)
            # The search index's terms (migration 0025) stay when their documents go; a fresh
            # installation has none, and a test that spells out a word's terms needs that.
            conn.exec_driver_sql("DO $$ BEGIN IF to_regclass('ticket_terms') IS NOT NULL THEN "
                                 "DELETE FROM ticket_terms; END IF; END $$")
        else:
            # Full-text tables first: their sync triggers then find nothing to update for each
            # deleted reply and ticket (7.5 s -> 1 s for the query-plan tests' data).
            virtual = conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND sql LIKE 'CREATE VIRTUAL TABLE%'")).all()
            for name in [*virtual, *tables]:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en")


class CommittedDataNeeded(RuntimeError):
    """Raised when a `db` test opens a session off the test's thread: that thread could not see
    the test's uncommitted data, and sharing one connection between threads is not safe."""


class _TestThreadSessions(sessionmaker[Session]):
    """The sessions of a `db` test, all on the one rolled-back connection, and only on the thread
    that runs the test: anything else fails at once instead of waiting on a lock."""

    owner: int

    def __call__(self, **local_kw: Any) -> Session:
        if threading.get_ident() != self.owner:
            raise CommittedDataNeeded(
                f"a session was opened on thread {threading.current_thread().name!r}: a test whose "
                "data other threads, processes or connections must see uses `committed_db`, not `db`")
        return super().__call__(**local_kw)


def _begin_sqlite(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


_RESTART_SEQUENCES = "SELECT " + ", ".join(
    f"setval(pg_get_serial_sequence('{t.name}', 'id'), COALESCE((SELECT max(id) FROM {t.name}), 0) + 1, false)"
    for t in Base.metadata.sorted_tables if "id" in t.c and t.c.id.primary_key and isinstance(t.c.id.type, Integer))


def _row_counts(conn: Connection) -> dict[str, int]:
    """Rows per table, in one statement."""
    counts = " UNION ALL ".join(f"SELECT '{t.name}', count(*) FROM {t.name}" for t in Base.metadata.sorted_tables)
    found = {name: int(n) for name, n in conn.exec_driver_sql(counts).all()}
    conn.rollback()
    return found


@contextmanager
def rolled_back_connection(engine: Engine) -> Iterator[Connection]:
    """One connection in a transaction that is rolled back at the end, whatever was "committed".

    pysqlite starts transactions itself, late, and would not let SAVEPOINTs nest in ours: on this
    one connection it is switched to autocommit and BEGIN is emitted when SQLAlchemy begins (the
    workaround in SQLAlchemy's pysqlite docs, "Serializable isolation / Savepoints").

    Rows committed meanwhile by another connection (a thread, a subprocess, the CLI opening its
    own engine) would outlive the test and break the next one: that fails the test, loudly."""
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        driver = conn.connection.driver_connection
        if sqlite:
            driver.isolation_level = None  # type: ignore[union-attr]
            event.listen(conn, "begin", _begin_sqlite)
        else:
            # A second connection waiting on this one's rows would otherwise hang the run.
            conn.exec_driver_sql("SET idle_in_transaction_session_timeout = '60s'")
            # Sequences ignore rollbacks: restart them where the rows end, so ids (HD-000001…)
            # do not depend on the tests that ran before, as on SQLite.
            conn.exec_driver_sql(_RESTART_SEQUENCES)
            conn.commit()
        try:
            before = _row_counts(conn)
            trans = conn.begin()
            yield conn
            if trans.is_active:
                trans.rollback()
            after = _row_counts(conn)
        finally:
            if sqlite:
                event.remove(conn, "begin", _begin_sqlite)
                if not conn.invalidated:
                    driver.isolation_level = ""  # type: ignore[union-attr]  # pysqlite's default, for the pool
    if after != before:
        reset(engine)
        leaked = sorted(name for name in after if after[name] != before.get(name))
        pytest.fail(f"rows were committed outside the test's transaction ({', '.join(leaked)}): "
                    "a test whose data other connections write or must see uses `committed_db`, not `db`")


@pytest.fixture
def db(request: pytest.FixtureRequest, engine: Engine, settings: Settings,
       clock: FakeClock) -> Iterator[Database]:
    """The database of a test that runs on one thread: every unit of work commits to a savepoint
    of one outer transaction, which is rolled back after the test. Nothing is ever committed, so
    nothing needs wiping. In a test that also uses `committed_db`, `db` *is* `committed_db`."""
    if "committed_db" in request.fixturenames:
        yield request.getfixturevalue("committed_db")
        return
    set_language("en")
    with rolled_back_connection(engine) as conn:
        # The app's session settings, on this connection; each session's commit releases a savepoint.
        sessions = _TestThreadSessions(**make_session_factory(engine).kw | {
            "bind": conn, "join_transaction_mode": "create_savepoint"})
        sessions.owner = threading.get_ident()
        audit_guard.install(sessions)  # every ticket field change in any test must be audited
        yield Database(settings, engine, sessions, clock)


@pytest.fixture
def committed_db(engine: Engine, settings: Settings, clock: FakeClock) -> Iterator[Database]:
    """For tests whose data another connection must see (threads, an HTTP server, a subprocess):
    every unit of work really commits, and every table is wiped afterwards."""
    set_language("en")
    sessions = make_session_factory(engine)
    audit_guard.install(sessions)  # every ticket field change in any test must be audited
    yield Database(settings, engine, sessions, clock)
    reset(engine)


@pytest.fixture
def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
