"""The schema comes from the migrations; they must match the models exactly, both ways."""

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, inspect

from shared.db.base import Base
from shared.db.engine import make_engine
from shared.db.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revisions,
    downgrade,
    include_object,
    is_current,
    upgrade,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


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


def test_upgrade_migrates_a_schema_behind_head_and_leaves_one_at_head_to_a_single_query(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch = make_engine(f"sqlite:///{(tmp_path / 'm.sqlite3').as_posix()}")
    assert current_revisions(scratch) == [] and not is_current(scratch)  # no alembic_version table yet
    upgrade(scratch)
    assert current_revisions(scratch) == [HEAD_REVISION] and is_current(scratch)
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(HEAD_REVISION).down_revision
    downgrade(scratch, str(previous))
    assert current_revisions(scratch) == [previous] and not is_current(scratch)
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


def test_alembic_is_imported_only_when_a_migration_is_due(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{(tmp_path / 'm.sqlite3').as_posix()}"

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", _UPGRADE, url], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, check=True)
        return done.stdout.strip()

    assert run() == "['alembic', 'mako']"  # a new database: every migration runs
    assert run() == "[]"  # at head: one query, no Alembic
