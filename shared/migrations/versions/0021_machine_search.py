"""the board's search by an index: host names and last users by trigram

Revision ID: 0021
Revises: 0020

The board's search box finds a machine by any part of its host name or last user (issue #16).
That was `lower(hostname) LIKE '%…%' OR lower(last_user) LIKE '%…%'` over the join of machines
and machine_health: every machine read and lowered at each refresh, ~30 ms of a PostgreSQL
server's time at 10,000 machines. A part of a word is what a trigram index finds:

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+), `machine_search(hostname,
last_user)`, one row per machine under the machine's id, kept by triggers on machines and
machine_health (any writer: the services, the demo, a bulk load, SQL by hand). A phrase query
`"pc-012"` matches the rows holding that run of characters, case-folded, from the index alone.

PostgreSQL: pg_trgm GIN indexes on lower(hostname) and lower(last_user), which serve the same
LIKE the board sent before. pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may
create it. Where it cannot be created (no contrib package, no privilege) the migration leaves the
indexes out and says so; the search then still works, by a scan, as before.
"""

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

SQLITE_TRIGGERS = {
    "machine_search_ai": """CREATE TRIGGER machine_search_ai AFTER INSERT ON machines BEGIN
         INSERT INTO machine_search (rowid, hostname, last_user) VALUES (new.id, new.hostname,
           coalesce((SELECT last_user FROM machine_health WHERE machine_id = new.id), ''));
       END""",
    "machine_search_au": """CREATE TRIGGER machine_search_au AFTER UPDATE OF hostname ON machines
       WHEN old.hostname IS NOT new.hostname BEGIN
         UPDATE machine_search SET hostname = new.hostname WHERE rowid = new.id;
       END""",
    "machine_search_ad": """CREATE TRIGGER machine_search_ad AFTER DELETE ON machines BEGIN
         DELETE FROM machine_search WHERE rowid = old.id;
       END""",
    "machine_search_health_ai": """CREATE TRIGGER machine_search_health_ai AFTER INSERT ON machine_health BEGIN
         UPDATE machine_search SET last_user = coalesce(new.last_user, '') WHERE rowid = new.machine_id;
       END""",
    # Every report rewrites machine_health: the index is touched only when the user changed.
    "machine_search_health_au": """CREATE TRIGGER machine_search_health_au AFTER UPDATE OF last_user, machine_id
       ON machine_health WHEN old.last_user IS NOT new.last_user OR old.machine_id IS NOT new.machine_id BEGIN
         UPDATE machine_search SET last_user = '' WHERE rowid = old.machine_id AND old.machine_id IS NOT new.machine_id;
         UPDATE machine_search SET last_user = coalesce(new.last_user, '') WHERE rowid = new.machine_id;
       END""",
    "machine_search_health_ad": """CREATE TRIGGER machine_search_health_ad AFTER DELETE ON machine_health BEGIN
         UPDATE machine_search SET last_user = '' WHERE rowid = old.machine_id;
       END""",
}

PG_INDEXES = {"ix_machines_hostname_trgm": ("machines", "hostname"),
              "ix_machine_health_last_user_trgm": ("machine_health", "last_user")}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():  # a refusal must not abort the migration's transaction
                op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DBAPIError as error:
            log.warning("pg_trgm is not available (%s): the board's search will scan the machines",
                        str(error.orig).strip())
            return
        for name, (table, column) in PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (lower({column}) gin_trgm_ops)")
        return
    op.execute("CREATE VIRTUAL TABLE machine_search USING fts5(hostname, last_user, tokenize = 'trigram')")
    op.execute("""INSERT INTO machine_search (rowid, hostname, last_user)
                  SELECT m.id, m.hostname, coalesce(h.last_user, '')
                  FROM machines m LEFT JOIN machine_health h ON h.machine_id = m.id""")
    for statement in SQLITE_TRIGGERS.values():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        return  # the extension stays: other databases' objects may use it
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE machine_search")
