"""Mail intake decisions: every inbound mail ends as a recorded decision with its raw bytes.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_intake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(length=254), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("rescued_by_id", sa.Integer(), nullable=True),
        sa.Column("rescued_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_mail_intake_ticket_id_tickets"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["duplicate_of_id"], ["mail_intake.id"],
                                name=op.f("fk_mail_intake_duplicate_of_id_mail_intake"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["rescued_by_id"], ["users.id"], name=op.f("fk_mail_intake_rescued_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_intake")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_mail_intake_fingerprint")),
    )
    op.create_index(op.f("ix_mail_intake_message_id"), "mail_intake", ["message_id"])
    op.create_index(op.f("ix_mail_intake_sender"), "mail_intake", ["sender"])
    op.create_index(op.f("ix_mail_intake_ticket_id"), "mail_intake", ["ticket_id"])
    op.create_index("ix_mail_intake_recent", "mail_intake", ["created_at", "id"])


def downgrade() -> None:
    op.drop_table("mail_intake")  # its indexes go with it
