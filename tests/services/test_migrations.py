"""The schema comes from the migrations; they must match the models exactly, both ways."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Index, event, inspect, text
from sqlalchemy.schema import CreateIndex

from shared.db.base import PARTIAL_WHERE, Base, with_postgresql_options
from shared.db.engine import make_engine
from shared.db.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revisions,
    downgrade,
    include_object,
    known_revisions,
    upgrade,
)
from shared.errors import StorageUnavailable

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_models_and_migrations_agree(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with_postgresql_options(Base.metadata)  # as the migration environment does (autogenerate)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def _partial_names_in_database(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"))
    else:
        rows = conn.execute(text("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                 "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE i.indpred IS NOT NULL AND n.nspname = current_schema()"))
    return {str(name) for name in rows.scalars()}


def _predicate(conn: Connection, name: str) -> str:
    """The condition of the database's partial index `name`, as the database keeps it."""
    if conn.dialect.name == "sqlite":
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar_one()
        return str(sql).partition(" WHERE ")[2]
    return str(conn.execute(text("SELECT pg_get_expr(indpred, indrelid) FROM pg_index "
                                 "WHERE indexrelid = to_regclass(:n)"), {"n": name}).scalar_one())


def _model_partial_indexes() -> list[Index]:
    return [ix for table in Base.metadata.sorted_tables for ix in table.indexes if PARTIAL_WHERE in ix.info]


def test_the_models_partial_indexes_are_partial_on_this_database_with_the_migrations_condition(
        engine: Engine) -> None:
    """Alembic's comparison does not look at an index's WHERE. The models declare their partial
    indexes without loading the PostgreSQL dialect (shared.db.base.partial_index): compiled for
    this database, each must still be partial, with the condition the migrations gave it (on
    PostgreSQL: the model's index is created in a transaction that is rolled back, and the
    server's own rendering of both conditions is compared)."""
    model = _model_partial_indexes()
    assert {"uq_sla_policies_general", "ix_tq_active_updated", "ix_tickets_team_resolution",
            "ix_tickets_response_value"} <= {ix.name for ix in model}
    ddl = {ix.name: str(CreateIndex(ix).compile(dialect=engine.dialect)) for ix in model}
    assert all(" WHERE " in sql for sql in ddl.values()), ddl
    with engine.connect() as conn:
        assert _partial_names_in_database(conn) == set(ddl)
        for name, sql in ddl.items():
            expected = _predicate(conn, str(name))
            if conn.dialect.name == "sqlite":
                assert sql.partition(" WHERE ")[2] == expected, name
                continue
            conn.execute(text(sql.replace(f"INDEX {name} ON", "INDEX probe_from_model ON", 1)))
            assert _predicate(conn, "probe_from_model") == expected, name
            conn.rollback()  # the probe index goes with the transaction


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_downgrade_to_nothing_and_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch = make_engine(f"sqlite:///{(tmp_path / 'm.sqlite3').as_posix()}")
    upgrade(scratch)
    assert "tickets" in inspect(scratch).get_table_names()
    downgrade(scratch, "base")
    assert "tickets" not in inspect(scratch).get_table_names()
    upgrade(scratch)
    assert "tickets" in inspect(scratch).get_table_names()
    scratch.dispose()


def test_the_head_revision_constant_is_alembics_head() -> None:
    """shared/db/migrate.py names the newest revision so that checking the schema costs no Alembic
    import; a new migration must change it in the same commit."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [HEAD_REVISION], f"set HEAD_REVISION in shared/db/migrate.py to {heads}"


def test_the_revision_ids_are_the_file_names() -> None:
    """upgrade() tells a schema newer than the code from one it can migrate by the versions' file
    names, without importing Alembic."""
    script = ScriptDirectory.from_config(alembic_config())
    assert known_revisions() == {r.revision for r in script.walk_revisions()}


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_a_schema_newer_than_the_code_is_refused_in_one_line(tmp_path: Path) -> None:
    """A database that a newer helpdesk migrated: Alembic's "Can't locate revision" was a traceback
    at every command and at the console's start; now StorageUnavailable, saying which revisions."""
    path = tmp_path / "newer.sqlite3"
    scratch = make_engine(f"sqlite:///{path.as_posix()}")
    upgrade(scratch)
    with scratch.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    with pytest.raises(StorageUnavailable, match=f"revision 9001, newer than .* knows \\({HEAD_REVISION}\\)"):
        upgrade(scratch)
    assert current_revisions(scratch) == ["9001"]  # nothing was changed
    scratch.dispose()
    env = {**os.environ, "HELPDESK_LANGUAGE": "en", "HELPDESK_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run([sys.executable, "-m", "shared.cli", "--database-url", f"sqlite:///{path.as_posix()}",
                           "user", "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == StorageUnavailable.exit_code, done.stderr
    assert done.stderr.count("\n") == 1 and "9001" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_upgrade_migrates_a_schema_behind_head_and_leaves_one_at_head_to_a_single_query(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch = make_engine(f"sqlite:///{(tmp_path / 'm.sqlite3').as_posix()}")
    assert current_revisions(scratch) == []  # no alembic_version table yet
    upgrade(scratch)
    assert current_revisions(scratch) == [HEAD_REVISION]
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(HEAD_REVISION).down_revision
    downgrade(scratch, str(previous))
    assert current_revisions(scratch) == [previous]
    upgrade(scratch)  # a migration is due: the check must not skip it
    assert current_revisions(scratch) == [HEAD_REVISION]
    statements: list[str] = []
    event.listen(scratch, "before_cursor_execute", lambda *a: statements.append(a[2]))
    upgrade(scratch)
    assert statements == ["SELECT version_num FROM alembic_version"]
    scratch.dispose()


_UPGRADE = """
import sys
from shared.db.engine import make_engine
from shared.db.migrate import upgrade
engine = make_engine(sys.argv[1])
upgrade(engine)
engine.dispose()
print(sorted(m for m in ("alembic", "mako") if m in sys.modules))
"""


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_alembic_is_imported_only_when_a_migration_is_due(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{(tmp_path / 'm.sqlite3').as_posix()}"

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", _UPGRADE, url], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, check=True)
        return done.stdout.strip()

    assert run() == "['alembic', 'mako']"  # a new database: every migration runs
    assert run() == "[]"  # at head: one query, no Alembic
