"""The tray's idempotency keys (its offline outbox sends each report and reply exactly once) and
each machine's inventories over time.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tray_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_tray_submissions_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_tray_submissions_ticket_id_tickets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tray_submissions")),
        # Named as the naming convention names it: races.RACE_KEYS recognises a lost race by it.
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_tray_submissions_user_id")),
    )
    op.create_table(
        "machine_inventories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("machine_id", sa.Integer(), nullable=False),
        sa.Column("collected_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["machine_id"], ["machines.id"], name=op.f("fk_machine_inventories_machine_id_machines"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_machine_inventories")),
    )
    op.create_index("ix_machine_inventories_machine", "machine_inventories", ["machine_id", "collected_at"])


def downgrade() -> None:
    op.drop_index("ix_machine_inventories_machine", table_name="machine_inventories")
    op.drop_table("machine_inventories")
    op.drop_table("tray_submissions")
