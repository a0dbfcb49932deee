"""The schema comes from the migrations; they must match the models exactly, both ways."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from shared.db.base import Base
from shared.db.engine import make_engine
from shared.db.migrate import downgrade, include_object, upgrade


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
