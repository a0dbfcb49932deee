"""report roll-ups: counters per four-week block, group durations per week, 112 and 448 days

Revision ID: 0022
Revises: 0021

The breakdown by agent at a million tickets read too many aggregate rows (issue #18): its counts
summed report_days, a row per agent and UTC day (~17k a year), and its medians summed
report_key_durations, a row per agent, four-week block and duration bin (~120k over a year's
blocks for both durations), then counted up to two blocks of the period's tickets at its ends.

`report_blocks` is report_days per block of 28 UTC days; report_days now serves only the whole
days outside whole blocks. `report_key_rollups` is report_key_durations at the grains of a week,
four blocks and sixteen blocks, for the breakdown's dimensions: a range is covered by the few
largest units that fit, then smaller ones toward its ends, and only the tickets of under a week
at either end are counted. Both are kept in the transaction that changes a ticket, by the same
upserts as the other aggregates (services/report_aggregates.py), and recomputed by
`helpdesk report rebuild-aggregates`. Backfilled set-based with the application's definition
(services/report_sql.rebuild_rollups).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTERS = ("created", "response_n", "response_sum", "resolved", "fcr", "sla_with", "sla_met", "resolution_n",
             "resolution_sum", "csat_n", "csat_sum")


def upgrade() -> None:
    op.create_table(
        "report_blocks",
        sa.Column("dim", sa.String(8), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        *[sa.Column(name, sa.BigInteger() if name.endswith("_sum") and name != "csat_sum" else sa.Integer(),
                    nullable=False) for name in _COUNTERS],
        sa.PrimaryKeyConstraint("dim", "block", "key", name="pk_report_blocks"),
    )
    op.create_table(
        "report_key_rollups",
        sa.Column("metric", sa.String(10), nullable=False),
        sa.Column("dim", sa.String(8), nullable=False),
        sa.Column("span", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("bin", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "dim", "span", "unit", "key", "bin", name="pk_report_key_rollups"),
    )
    from shared.services.report_sql import rebuild_rollups
    rebuild_rollups(op.get_bind())


def downgrade() -> None:
    op.drop_table("report_key_rollups")
    op.drop_table("report_blocks")
