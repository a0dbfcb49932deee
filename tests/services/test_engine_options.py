"""The engine's options for PostgreSQL behind PgBouncer: server-side prepared statements off."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine


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
