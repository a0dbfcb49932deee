"""What the system wrote on a ticket it opened (probe alerts), kept as message and values.

A probe-alert ticket's subject and description were written once, in the server's language. The
`said` column keeps them as `say(...)` messages ({"subject": …, "description": …}), so each reader
sees them in their own language; `subject` keeps the text as written for search and sorting.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch rebuild on SQLite would drop 0002's triggers.
    op.add_column("tickets", sa.Column("said", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE tickets DROP COLUMN said")  # SQLite 3.35+ and PostgreSQL
