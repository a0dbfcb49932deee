"""Why a database could not be used, told from real driver errors (shared.db.faults)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from shared.db.faults import cause_of, describe


def sqlite_error(path: str, sql: str, **kw: object) -> sqlite3.Error:
    try:
        with sqlite3.connect(path, **kw) as conn:  # type: ignore[call-overload]
            conn.execute(sql)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no error")


def test_sqlite_causes(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (a)")
    conn.close()
    assert "read-only" in str(describe(sqlite_error(f"file:{db}?mode=ro", "INSERT INTO t VALUES (1)", uri=True)))
    assert "cannot be opened" in str(describe(sqlite_error(f"file:{tmp_path}/no/x.db?mode=rw", "SELECT 1", uri=True)))
    text = tmp_path / "hostname"
    text.write_text("not a database at all, just some text that is long enough" * 20)
    assert "not a helpdesk database" in str(describe(sqlite_error(str(text), "SELECT * FROM sqlite_master")))


def test_an_unknown_cause_falls_back_to_the_drivers_words() -> None:
    exc = sqlite_error(":memory:", "SELECT * FROM nope")
    assert describe(exc) is None
    assert cause_of(exc) == "no such table: nope"


@pytest.mark.parametrize(("error", "words"), [
    (psycopg.errors.InvalidPassword('password authentication failed for user "x"'), "refused the sign-in"),
    (psycopg.errors.InvalidCatalogName('database "nope" does not exist'), "does not exist on the server"),
    (psycopg.errors.InsufficientPrivilege("permission denied for table tickets"), "permission denied"),
    (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"), "read-only"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5433 failed: '
                              "Connection refused"), "10.0.0.5:5433 refused the connection"),
    (psycopg.OperationalError("failed to resolve host 'db.example': [Errno -2] Name or service not known"),
     "host name db.example is unknown"),
    (psycopg.OperationalError('could not translate host name "db.example" to address'),
     "host name db.example is unknown"),
])
def test_postgresql_causes(error: Exception, words: str) -> None:
    assert words in str(describe(error))
