"""Run Alembic migrations programmatically (no alembic.ini needed).

Alembic itself (with Mako and its DDL modules: a few hundred ms to import) is only loaded when a
migration is due. Whether one is due takes one query: the revision in `alembic_version` against
HEAD_REVISION, the newest revision id, written here so that knowing it costs no import
(tests/services/test_migrations.py checks it against Alembic's own head).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from shared.errors import storage_unavailable
from shared.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# The newest revision in migrations/versions. A new migration changes it in the same commit; the
# test named above fails until it does.
HEAD_REVISION = "0028"

# Made by migrations 0002 and 0021 in raw SQL, not declared on the models: the search tables
# (FTS5 on SQLite, tsvector and its terms on PostgreSQL) and the expression indexes that SQLAlchemy cannot reflect.
EXPRESSION_INDEXES = frozenset({*(f"ix_tq_{view}_{key}" for view in ("all", "active", "mine", "team")
                                  for key in ("status", "sla")),
                                "ix_machines_hostname_trgm", "ix_machine_health_last_user_trgm"})
SEARCH_TABLES = ("ticket_search", "ticket_terms", "machine_search")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate filter: leave alone what the migrations manage by hand."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLES):
        return False
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def current_revisions(engine: Engine) -> list[str]:
    """The revision(s) the database's schema is at: one query, no Alembic. Empty for a database
    that was never migrated (no `alembic_version` table) or was downgraded to nothing."""
    try:
        with engine.connect() as conn:
            return [str(r) for r in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()]
    except (OperationalError, ProgrammingError):  # no such table (SQLite: OperationalError)
        return []


def known_revisions() -> set[str]:
    """Every revision id in migrations/versions, read from the file names ("0024_users_role_id_index.py"
    holds revision "0024"; tests/services/test_migrations.py checks the names against Alembic)."""
    return {path.name.partition("_")[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision in ("head", HEAD_REVISION):
        found = current_revisions(engine)
        if found == [HEAD_REVISION]:
            return  # what Alembic would find too, without importing it
        unknown = sorted(set(found) - known_revisions())
        if unknown:  # Alembic's answer was a traceback ("Can't locate revision identified by …")
            raise storage_unavailable(_(
                "its schema is at revision {found}, newer than this version of helpdesk knows ({head}): "
                "update helpdesk, or open another database").format(found=", ".join(unknown), head=HEAD_REVISION))
    from alembic import command

    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
