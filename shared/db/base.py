"""Declarative base and shared column types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, MetaData, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC on every backend, returned timezone-aware in UTC.

    SQLite has no time zones; PostgreSQL's `timestamp` keeps the same semantics, so both behave
    alike and comparisons in SQL are plain.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; the core works in aware UTC datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value  # raw SQLite
        return parsed.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# A partial index's condition, kept in the index's `info` under this key (see partial_index).
PARTIAL_WHERE = "helpdesk_partial_where"


def partial_index(name: str, *expressions: Any, where: str, unique: bool = False) -> Index:
    """An index over the rows for which `where` (SQL that both databases read alike) holds: partial
    on SQLite and on PostgreSQL.

    Only SQLite's option is given to `Index()`: SQLAlchemy validates a dialect option by loading
    that dialect, and `postgresql_where=` would import `sqlalchemy.dialects.postgresql` into every
    SQLite start (the desktop's). PostgreSQL's option is set by `with_postgresql_where` when the
    index meets PostgreSQL: compiled for it (CREATE INDEX, from create_all or Alembic's SQL) or
    compared with it (the migration environment, see shared/migrations/env.py)."""
    return Index(name, *expressions, unique=unique, sqlite_where=text(where), info={PARTIAL_WHERE: where})


def with_postgresql_where(index: Index) -> Index:
    """`index` with its `postgresql_where` set from a `partial_index` condition (once; any other
    index is left as it is). Loads the PostgreSQL dialect: call it only on the way to PostgreSQL."""
    where = index.info.get(PARTIAL_WHERE)
    if where is not None and index.dialect_options["postgresql"]["where"] is None:
        index.dialect_kwargs["postgresql_where"] = text(where)
    return index


def with_postgresql_options(metadata: MetaData) -> MetaData:
    """Every partial index of `metadata` with its PostgreSQL option (with_postgresql_where)."""
    for table in metadata.tables.values():
        for index in table.indexes:
            with_postgresql_where(index)
    return metadata


@compiles(CreateIndex, "postgresql")
def _create_index_on_postgresql(create: CreateIndex, compiler: DDLCompiler, **kw: Any) -> str:
    with_postgresql_where(create.element)
    sql: str = compiler.visit_create_index(create, **kw)  # type: ignore[no-untyped-call]
    return sql
