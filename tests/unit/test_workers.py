"""tests/workers.py: under pytest-xdist each worker gets a home folder and (on PostgreSQL) a
database of its own; a plain run is left as it is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests import workers


def test_a_plain_run_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    before = dict(os.environ)
    assert workers.isolate() is None
    assert dict(os.environ) == before
    workers.release(None)


def test_a_worker_gets_a_home_folder_of_its_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{(tmp_path / 'test.sqlite3').as_posix()}"
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HELPDESK_DATABASE_URL", sqlite_url)
    made = workers.isolate()
    assert made is not None and made.database is None
    home = Path(os.environ["HOME"])
    assert home.is_dir() and home != tmp_path and "gw7" in home.name
    assert "XDG_CONFIG_HOME" not in os.environ  # Qt and the XDG helpers then look under the new home
    assert os.environ["HELPDESK_DATABASE_URL"] == sqlite_url  # SQLite: pytest's temp folder is per worker
    workers.release(made)
    assert not home.exists()


def test_a_worker_gets_a_postgresql_database_of_its_own(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("needs the throwaway PostgreSQL (python -m tools.pg pytest)")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    monkeypatch.setenv("HELPDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("HOME", os.environ["HOME"])  # restored after the test
    made = workers.isolate()
    assert made is not None and made.database == f"{make_url(database_url).database}_gw7"
    own = os.environ["HELPDESK_DATABASE_URL"]
    assert make_url(own).database == made.database
    engine = create_engine(own)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT current_database()")) == made.database
            assert conn.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) == 0
    finally:
        engine.dispose()
    workers.release(made)
    server = create_engine(database_url)
    try:
        with server.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": made.database}) == 0
    finally:
        server.dispose()
