"""The engine's options for PostgreSQL: server-side prepared statements off behind PgBouncer, and
bounds on how long a client waits for a server that went away."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import PG_CONNECTION_DEFAULTS, make_engine
from shared.db.faults import describe


class Captured(Exception):
    pass


def connect_params(url: str, **options: Any) -> dict[str, Any]:
    """The keyword arguments psycopg.connect() would get, captured before any connection is made."""
    engine = make_engine(url, **options)
    seen: dict[str, Any] = {}

    def capture(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
        seen.update(params)
        raise Captured

    event.listen(engine, "do_connect", capture)
    with pytest.raises(Captured):
        engine.connect()
    engine.dispose()
    return seen


def test_prepared_statements_can_be_switched_off() -> None:
    url = "postgresql://helpdesk@127.0.0.1:1/helpdesk"
    assert "prepare_threshold" not in connect_params(url)  # psycopg's default (prepare after 5 runs)
    assert connect_params(url, prepared_statements=False)["prepare_threshold"] is None


def test_the_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().database_prepared_statements is True
    monkeypatch.setenv("HELPDESK_DATABASE_PREPARED_STATEMENTS", "false")
    assert Settings().database_prepared_statements is False


def test_a_real_postgresql_connection_prepares_nothing_when_told(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (python -m tools.pg run …)")
    for prepared, expected in ((True, 1), (False, 0)):
        engine = make_engine(db.settings.database_url, prepared_statements=prepared)
        try:
            with engine.connect() as conn:
                for _ in range(8):  # past psycopg's threshold of 5
                    conn.exec_driver_sql("SELECT %s::int", (1,)).scalar()
                found = conn.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements").scalar()
                assert found == expected, prepared
        finally:
            engine.dispose()


def test_a_server_that_went_away_is_given_up_on() -> None:
    """libpq's defaults would wait forever to connect and ~15 minutes for a vanished host."""
    params = connect_params("postgresql://helpdesk@127.0.0.1:1/helpdesk")
    for name, value in PG_CONNECTION_DEFAULTS.items():
        assert params[name] == value, name
    assert 0 < int(params["connect_timeout"]) <= 30 and params["keepalives"] == "1"


def test_the_urls_own_bounds_win() -> None:
    params = connect_params("postgresql://helpdesk@127.0.0.1:1/helpdesk?connect_timeout=45&keepalives_idle=5")
    assert (params["connect_timeout"], params["keepalives_idle"]) == ("45", "5")
    assert params["keepalives_count"] == PG_CONNECTION_DEFAULTS["keepalives_count"]
    given = connect_params("postgresql://helpdesk@127.0.0.1:1/helpdesk", connect_args={"connect_timeout": 7})
    assert given["connect_timeout"] == 7


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port whose server accepts every connection and never says a word (a host that hangs)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_connecting_to_a_server_that_never_answers_ends_with_a_clear_cause(silent_server: int) -> None:
    # 2 s is libpq's shortest connect_timeout; without a timeout this test would never end.
    engine = make_engine(f"postgresql://helpdesk@127.0.0.1:{silent_server}/helpdesk?connect_timeout=2")
    try:
        with pytest.raises(OperationalError) as raised:
            engine.connect()
    finally:
        engine.dispose()
    assert describe(raised.value) == "the database server did not answer in time"


def test_a_real_connection_carries_the_bounds(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (python -m tools.pg run …)")
    engine = make_engine(db.settings.database_url)
    try:
        with engine.connect() as conn:
            raw: Any = conn.connection.dbapi_connection
            used = raw.info.get_parameters()
            tcp = not raw.info.host.startswith("/")
    finally:
        engine.dispose()
    assert used["connect_timeout"] == PG_CONNECTION_DEFAULTS["connect_timeout"]
    if tcp:  # libpq leaves the TCP ones out of a Unix socket's connection
        for name in ("keepalives_idle", "tcp_user_timeout"):
            assert used[name] == PG_CONNECTION_DEFAULTS[name], name
