"""Machine health: metric history in three tiers (with disk free per volume), the board's latest-health
row, and the alert loop's memory of each probe-alert ticket.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _machine_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["machine_id"], ["machines.id"], name=op.f(f"fk_{table}_machine_id_machines"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    # WITHOUT ROWID on SQLite: each sample is stored once, in its primary-key b-tree.
    op.create_table(
        "machine_samples",
        sa.Column("machine_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.SmallInteger(), nullable=False),
        sa.Column("t", sa.Integer(), nullable=False),
        sa.Column("n", sa.SmallInteger(), nullable=False),
        sa.Column("cpu", sa.SmallInteger(), nullable=False),
        sa.Column("mem", sa.SmallInteger(), nullable=False),
        sa.Column("battery", sa.SmallInteger(), nullable=True),
        sa.Column("uptime", sa.Integer(), nullable=False),
        sa.Column("reboots", sa.SmallInteger(), nullable=False),
        *[sa.Column(f"free{v}", sa.Integer(), nullable=True) for v in range(1, 5)],
        _machine_fk("machine_samples"),
        sa.PrimaryKeyConstraint("machine_id", "tier", "t", name=op.f("pk_machine_samples")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "machine_volumes",
        sa.Column("machine_id", sa.Integer(), nullable=False),
        sa.Column("vol", sa.SmallInteger(), nullable=False),
        sa.Column("mountpoint", sa.String(length=255), nullable=False),
        sa.Column("total_mb", sa.Integer(), nullable=False),
        _machine_fk("machine_volumes"),
        sa.PrimaryKeyConstraint("machine_id", "vol", name=op.f("pk_machine_volumes")),
    )
    op.create_table(
        "machine_health",
        sa.Column("machine_id", sa.Integer(), nullable=False),
        sa.Column("cpu", sa.Float(), nullable=True),
        sa.Column("mem", sa.Float(), nullable=True),
        sa.Column("disk_free_pct", sa.Float(), nullable=True),
        sa.Column("last_user", sa.String(length=120), nullable=True),
        sa.Column("forecast", sa.JSON(), nullable=True),
        sa.Column("spark", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        _machine_fk("machine_health"),
        sa.PrimaryKeyConstraint("machine_id", name=op.f("pk_machine_health")),
    )
    op.create_index(op.f("ix_machine_health_disk_free_pct"), "machine_health", ["disk_free_pct"])
    op.create_table(
        "alert_loops",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("machine_id", sa.Integer(), nullable=False),
        sa.Column("alert_key", sa.String(length=120), nullable=False),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.Column("auto_resolved_at", sa.DateTime(), nullable=True),
        sa.Column("last_note_at", sa.DateTime(), nullable=True),
        sa.Column("flaps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_alert_loops_ticket_id_tickets"),
                                ondelete="CASCADE"),
        _machine_fk("alert_loops"),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_alert_loops")),
    )
    op.create_index(op.f("ix_alert_loops_machine_id"), "alert_loops", ["machine_id"])
    op.create_index(op.f("ix_alert_loops_cleared_at"), "alert_loops", ["cleared_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_alert_loops_cleared_at"), table_name="alert_loops")
    op.drop_index(op.f("ix_alert_loops_machine_id"), table_name="alert_loops")
    op.drop_table("alert_loops")
    op.drop_index(op.f("ix_machine_health_disk_free_pct"), table_name="machine_health")
    op.drop_table("machine_health")
    op.drop_table("machine_volumes")
    op.drop_table("machine_samples")
