"""SLA policies per category: a policy may name a category, whose tickets (and those of its
subcategories) it then governs instead of the priority's general policy.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A batch rebuild on SQLite (its only way to drop a constraint); sla_policies has no triggers.
    with op.batch_alter_table("sla_policies") as batch:
        batch.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch.drop_constraint("uq_sla_policies_priority", type_="unique")
        batch.create_foreign_key(op.f("fk_sla_policies_category_id_categories"), "categories", ["category_id"],
                                 ["id"], ondelete="CASCADE")
        batch.create_unique_constraint(op.f("uq_sla_policies_priority"), ["priority", "category_id"])
    op.create_index("uq_sla_policies_general", "sla_policies", ["priority"], unique=True,
                    sqlite_where=sa.text("category_id IS NULL"), postgresql_where=sa.text("category_id IS NULL"))


def downgrade() -> None:
    op.execute("DELETE FROM sla_policies WHERE category_id IS NOT NULL")
    op.drop_index("uq_sla_policies_general", table_name="sla_policies")
    with op.batch_alter_table("sla_policies") as batch:
        batch.drop_constraint("uq_sla_policies_priority", type_="unique")
        batch.drop_constraint("fk_sla_policies_category_id_categories", type_="foreignkey")
        batch.drop_column("category_id")
        batch.create_unique_constraint("uq_sla_policies_priority", ["priority"])
