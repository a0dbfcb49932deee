"""Data fixtures built once through the services, then copied in for every other test.

A fixture that builds a realistic queue (dozens of tickets, each created, assigned and escalated
through the real services) costs ~0.5 s per test. Decorated with `built_once`, it runs for real the
first time; the rows it added and the clock it left are recorded, and later tests that start from
the same state (same rows, same clock, same settings) get those rows inserted in one statement per
table, on their own connection (so inside `db`'s transaction, or committed under `committed_db`),
and the same return value. The database then holds exactly what the build would have made again.

    @pytest.fixture
    @built_once
    def world(db: Database, clock: FakeClock) -> dict: ...

The fixture's first two parameters must be the database and the clock. Rows the build changed
rather than added, and builds that merge tickets (a row pointing at a later one), are not
replayable: those builds simply run every time.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Integer, Table, func, select, text

from shared.db.base import Base
from shared.db.database import Database

if TYPE_CHECKING:
    from tests.conftest import FakeClock

T = TypeVar("T")
Rows = dict[str, dict[tuple[Any, ...], dict[str, Any]]]


@dataclass(frozen=True)
class _Recording:
    added: list[tuple[Table, list[dict[str, Any]]]]
    clock: datetime
    value: Any


_recordings: dict[tuple[str, str], _Recording | None] = {}


def table_rows(conn: Connection) -> Rows:
    """Every row of every table, by primary key."""
    out: Rows = {}
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        out[table.name] = {tuple(r[c.name] for c in key): dict(r) for r in
                           conn.execute(select(table).order_by(*key)).mappings()}
    return out


# The reference-data change stamp (services/reference.py) moves, to a random token, with every change
# to reference data, and replayed rows move it again through its triggers: it is no part of a state.
_UNSTATED = frozenset({"reference_stamp"})


def _state(db: Database, clock: FakeClock, rows: Rows) -> str:
    digest = hashlib.sha256(repr((sorted((t, sorted(r.items(), key=repr)) for t, r in rows.items()
                                         if t not in _UNSTATED),
                                  clock.now, db.settings.model_dump())).encode())
    return digest.hexdigest()


# Columns that triggers keep from other tables' rows (migration 0023: an agent's active tickets):
# recorded rows go in with the column at its start value, and the triggers count the replayed
# tickets onto it again, as they did in the build.
_TRIGGER_KEPT = {"users": {"open_tickets": 0}}


def insert_rows(conn: Connection, added: list[tuple[Table, list[dict[str, Any]]]]) -> None:
    """Insert recorded rows, one statement per table, parents first."""
    for table, rows in added:
        start = _TRIGGER_KEPT.get(table.name)
        conn.execute(table.insert(), [row | start for row in rows] if start else rows)
        if conn.dialect.name == "postgresql" and "id" in table.c and isinstance(table.c.id.type, Integer):
            # Explicit ids leave the sequence behind; never move it back (ids are not reused).
            seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
            if seq is not None:
                top = conn.scalar(select(func.max(table.c.id)))
                conn.execute(text(f"SELECT setval('{seq}', GREATEST(:top, (SELECT last_value FROM {seq})))"),
                             {"top": top})


def built_once(build: Callable[..., T]) -> Callable[..., T]:
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def fixture(db: Database, clock: FakeClock, *args: Any, **kwargs: Any) -> T:
        with db.uow() as uow:
            before = table_rows(uow.session.connection())
        key = (name, _state(db, clock, before))
        recording = _recordings.get(key)
        if recording is not None:
            with db.uow() as uow:
                insert_rows(uow.session.connection(), recording.added)
                uow.commit()
            clock.set(recording.clock)
            return copy.deepcopy(recording.value)  # type: ignore[no-any-return]
        value = build(db, clock, *args, **kwargs)
        if key not in _recordings:
            with db.uow() as uow:
                after = table_rows(uow.session.connection())
            changed = any(after[t].get(k) != row for t, rows in before.items() if t not in _UNSTATED
                          for k, row in rows.items())
            added = [(table, [row for k, row in after[table.name].items() if k not in before[table.name]])
                     for table in Base.metadata.sorted_tables]
            merged = any(row.get("merged_into_id") for _t, rows in added for row in rows)
            _recordings[key] = None if changed or merged else _Recording(
                [(t, rows) for t, rows in added if rows], clock.now, copy.deepcopy(value))
        return value

    return fixture
