"""Assignee name on tickets, so the queue sorts by assignee from an index.

Sorting by the assignee's name went through an outer join to users, which no index can order:
a full sort of the view (2.6 s on 1M tickets). The name now sits on the ticket ("" when
unassigned), kept by the services whenever the assignee changes, with the same four indexes
every other queue sort key has.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"
INDEXES = (
    ("ix_tq_all_assignee", "(assignee_name, id)"),
    ("ix_tq_active_assignee", f"(assignee_name, id) WHERE {ACTIVE}"),
    ("ix_tq_mine_assignee", f"(assignee_id, assignee_name, id) WHERE {ACTIVE}"),
    ("ix_tq_team_assignee", f"(team_id, assignee_name, id) WHERE {ACTIVE}"),
)


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch rebuild on SQLite would drop 0002's triggers.
    op.add_column("tickets", sa.Column("assignee_name", sa.String(length=120), nullable=False, server_default=""))
    op.execute("UPDATE tickets SET assignee_name = COALESCE("
               "(SELECT full_name FROM users WHERE users.id = tickets.assignee_id), '')")
    for name, definition in INDEXES:
        op.execute(f"CREATE INDEX {name} ON tickets {definition}")
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute("ANALYZE tickets" if postgres else "ANALYZE")


def downgrade() -> None:
    for name, _definition in reversed(INDEXES):
        op.execute(f"DROP INDEX {name}")
    op.execute("ALTER TABLE tickets DROP COLUMN assignee_name")  # SQLite 3.35+ and PostgreSQL
