"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# Made by migration 0002 in raw SQL, not declared on the models: the search tables (FTS5 on
# SQLite, tsvector on PostgreSQL) and the expression indexes that SQLAlchemy cannot reflect.
EXPRESSION_INDEXES = frozenset(f"ix_tq_{view}_{key}" for view in ("all", "active", "mine", "team")
                               for key in ("status", "sla"))


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate filter: leave alone what the migrations manage by hand."""
    if type_ == "table" and name and name.startswith("ticket_search"):
        return False
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
