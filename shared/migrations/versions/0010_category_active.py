"""Categories can be disabled: kept for the tickets that have them, no longer offered for new
ones, and their keyword rules stop applying.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch rebuild on SQLite would drop 0002's triggers.
    op.add_column("categories", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    op.execute("ALTER TABLE categories DROP COLUMN active")  # SQLite 3.35+ and PostgreSQL
