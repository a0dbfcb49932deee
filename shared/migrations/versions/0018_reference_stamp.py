"""The reference-data change stamp: one row, moved by a trigger on every change to the tables
that ticket creation reads as reference data (categories, rules, SLA policies, calendars,
holidays, teams and their members, shifts, checklist templates, triage models, the KB's text), so
each process can cache them and check one row per transaction (services/reference.py).

A later migration that rebuilds one of these tables on SQLite (batch_alter_table) drops its
triggers with it: it must create them again (`sqlite_triggers(table)` below).

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in shared/models/reference.py, written out: a migration keeps the schema of its own day.
TABLES = ("categories", "classification_rules", "sla_policies", "business_calendars", "holidays", "teams",
          "team_members", "shifts", "shift_exceptions", "checklist_templates", "triage_models", "kb_articles")
KB_COLUMNS = "title, body, tags, status"
_SQLITE_BUMP = "UPDATE reference_stamp SET n = n + 1, token = lower(hex(randomblob(16))) WHERE id = 1;"


def sqlite_triggers(table: str) -> list[str]:
    update = f"UPDATE OF {KB_COLUMNS}" if table == "kb_articles" else "UPDATE"
    return [f"CREATE TRIGGER reference_stamp_{table}_{name} AFTER {event} ON {table} BEGIN {_SQLITE_BUMP} END"
            for name, event in (("ai", "INSERT"), ("au", update), ("ad", "DELETE"))]


def pg_trigger(table: str) -> str:
    update = f"UPDATE OF {KB_COLUMNS}" if table == "kb_articles" else "UPDATE"
    return (f"CREATE TRIGGER reference_stamp_{table} AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reference_stamp_bump()")


def upgrade() -> None:
    op.create_table(
        "reference_stamp",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_stamp")),
    )
    op.execute("INSERT INTO reference_stamp (id, n, token) VALUES (1, 0, 'initial')")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""CREATE FUNCTION reference_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE reference_stamp SET n = n + 1, token = md5(random()::text || clock_timestamp()::text)
              WHERE id = 1;
              RETURN NULL;
            END $$""")
        for table in TABLES:
            op.execute(pg_trigger(table))
    else:
        for table in TABLES:
            for statement in sqlite_triggers(table):
                op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS reference_stamp_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS reference_stamp_bump()")
    else:
        for table in TABLES:
            for name in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS reference_stamp_{table}_{name}")
    op.drop_table("reference_stamp")
