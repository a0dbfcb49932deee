"""Install secrets: random keys made on first use and shared by every process of the install.

The first one keys the digest that the audit log keeps, instead of the text, for a failed
sign-in whose name matches no account (people type their password into that box).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "install_secrets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_install_secrets")),
        sa.UniqueConstraint("name", name=op.f("uq_install_secrets_name")),
    )


def downgrade() -> None:
    op.drop_table("install_secrets")
