"""SQL text compiled once per dialect and run as the driver's own statement.

A `text()` statement's bound parameters and result columns carry no types, so SQLAlchemy converts
nothing on the way in or out; what it still does on every execution (look the statement up in the
compiled cache, build the parameters through the compiled form) cost more Python than running the
short statements that creating a ticket repeats (the reference stamp's read, the report
aggregates' upserts). `Prepared` keeps the driver's SQL per dialect and hands it to
`Connection.exec_driver_sql`: the same statement and values reach the driver, and the engine's
events (statement counts, fault injection) still see it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, CursorResult, TextClause
from sqlalchemy.engine import Dialect


class Prepared:
    """A `text()` statement whose parameters are plain values (integers, strings: no type of
    SQLAlchemy converts them), run on a connection with one parameter set or many."""

    def __init__(self, statement: TextClause) -> None:
        self.statement = statement
        self._sql: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}

    def sql(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
        """The driver's SQL for `dialect`, with the parameters' names in order when the driver
        takes them by position (SQLite's `?`), or None when it takes them by name."""
        key = (dialect.name, dialect.paramstyle)
        found = self._sql.get(key)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            names = tuple(compiled.positiontup or ()) if compiled.positional else None
            if not compiled.positional and compiled.escaped_bind_names:
                raise ValueError("a parameter name the driver cannot take as it is")  # a programming error
            found = self._sql[key] = (compiled.string, names)
        return found

    def execute(self, conn: Connection,
                params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None) -> CursorResult[Any]:
        sql, names = self.sql(conn.dialect)
        if params is None:
            return conn.exec_driver_sql(sql)
        if isinstance(params, Mapping):
            return conn.exec_driver_sql(sql, _values(params, names))
        return conn.exec_driver_sql(sql, [_values(p, names) for p in params])


def _values(params: Mapping[str, Any], names: tuple[str, ...] | None) -> Any:
    return dict(params) if names is None else tuple(params[name] for name in names)
