"""shared.db.base.partial_index: partial on both databases, without loading PostgreSQL's dialect
until something is on its way to PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import Column, Index, Integer, MetaData, String, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex

from shared.db.base import PARTIAL_WHERE, partial_index, with_postgresql_options, with_postgresql_where

ROOT = Path(__file__).resolve().parents[2]
_PG: Dialect = postgresql.dialect()  # type: ignore[no-untyped-call]


def _table() -> tuple[Table, Index, Index]:
    table = Table("things", MetaData(), Column("id", Integer, primary_key=True), Column("state", String(10)),
                  Column("owner_id", Integer))
    partial = partial_index("ix_things_open", "owner_id", "id", where="state = 'open'")
    plain = Index("ix_things_owner", "owner_id")
    table.append_constraint(partial)
    table.append_constraint(plain)
    return table, partial, plain


def test_a_partial_index_compiles_with_its_condition_for_both_databases() -> None:
    _, partial, plain = _table()
    assert partial.info[PARTIAL_WHERE] == "state = 'open'"
    assert str(CreateIndex(partial).compile(dialect=sqlite.dialect())) == (
        "CREATE INDEX ix_things_open ON things (owner_id, id) WHERE state = 'open'")
    # Not given at construction (that would load the dialect), added on the way to PostgreSQL.
    assert partial.dialect_options["postgresql"]["where"] is None
    assert str(CreateIndex(partial).compile(dialect=_PG)) == (
        "CREATE INDEX ix_things_open ON things (owner_id, id) WHERE state = 'open'")
    assert str(partial.dialect_kwargs["postgresql_where"]) == "state = 'open'"
    assert str(CreateIndex(plain).compile(dialect=_PG)) == (
        "CREATE INDEX ix_things_owner ON things (owner_id)")


def test_the_postgresql_option_is_set_once_for_each_partial_index_of_a_metadata() -> None:
    table, partial, plain = _table()
    assert with_postgresql_options(table.metadata) is table.metadata
    where = partial.dialect_kwargs["postgresql_where"]
    assert str(where) == "state = 'open'"
    assert with_postgresql_where(partial).dialect_kwargs["postgresql_where"] is where  # not replaced
    assert plain.dialect_options["postgresql"]["where"] is None


_MODELS = """
import sys
import shared.models
from shared.db.base import Base
from shared.models import load_all
load_all()
assert Base.metadata.tables["tickets"].indexes
print(sorted(m for m in sys.modules if m.startswith(("sqlalchemy.dialects.postgresql", "psycopg"))))
"""


def test_the_models_load_without_the_postgresql_dialect() -> None:
    """The models declare partial indexes (tickets, SLA policies): importing them on a SQLite
    desktop must not import PostgreSQL's dialect nor psycopg."""
    done = subprocess.run([sys.executable, "-c", _MODELS], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_scheduler_loads_without_the_postgresql_dialect() -> None:
    """The job leases' upsert imports its dialect's INSERT when it runs, so a SQLite desk's
    scheduler (the console runs it too) never loads PostgreSQL's."""
    code = _MODELS.replace("import shared.models", "import shared.scheduler.runner, shared.scheduler.jobs")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.strip() == "[]"
