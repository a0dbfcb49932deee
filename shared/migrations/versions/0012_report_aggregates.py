"""Report aggregates: per-UTC-day counters per group, ticket creations per quarter hour, and
duration bins per day, so the dashboard and breakdown read a few thousand rows for any range
(models/reports.py explains the grain); two partial indexes finish medians exactly. Existing
tickets are backfilled with set-based INSERT … SELECT (services/report_sql.rebuild).

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTERS = ("created", "response_n", "response_sum", "resolved", "fcr", "sla_with", "sla_met", "resolution_n",
             "resolution_sum", "csat_n", "csat_sum")


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("dim", sa.String(8), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        *[sa.Column(name, sa.BigInteger() if name.endswith("_sum") and name != "csat_sum" else sa.Integer(),
                    nullable=False) for name in _COUNTERS],
        sa.PrimaryKeyConstraint("dim", "day", "key", name="pk_report_days"),
    )
    op.create_table(
        "report_quarters",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name="pk_report_quarters"),
    )
    op.create_table(
        "report_durations",
        sa.Column("metric", sa.String(10), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("bin", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "day", "bin", name="pk_report_durations"),
    )
    op.create_table(
        "report_open",
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tier", "day", name="pk_report_open"),
    )
    # Partial: a new ticket has neither time yet, so creating one does not touch these indexes.
    op.create_index("ix_tickets_response_value", "tickets", ["first_response_seconds", "created_at"],
                    sqlite_where=sa.text("first_response_seconds IS NOT NULL"),
                    postgresql_where=sa.text("first_response_seconds IS NOT NULL"))
    op.create_index("ix_tickets_resolution_value", "tickets", ["resolution_seconds", "resolved_at"],
                    sqlite_where=sa.text("resolution_seconds IS NOT NULL"),
                    postgresql_where=sa.text("resolution_seconds IS NOT NULL"))
    # The application's definition of the aggregates, so backfill and upkeep cannot disagree.
    from shared.services.report_sql import rebuild_0012
    rebuild_0012(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_tickets_resolution_value", "tickets")
    op.drop_index("ix_tickets_response_value", "tickets")
    for table in ("report_open", "report_durations", "report_quarters", "report_days"):
        op.drop_table(table)
