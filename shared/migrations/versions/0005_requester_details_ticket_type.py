"""Requester details an agent asks for on the phone (phone, department, location), and the ticket
type (incident, service request, question, complaint).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch rebuild on SQLite would drop 0002's triggers.
    op.add_column("users", sa.Column("phone", sa.String(length=40), nullable=True))
    op.add_column("users", sa.Column("department", sa.String(length=80), nullable=True))
    op.add_column("users", sa.Column("location", sa.String(length=80), nullable=True))
    op.add_column("tickets", sa.Column("ticket_type", sa.String(length=16), nullable=False,
                                       server_default="incident"))


def downgrade() -> None:
    for table, column in (("tickets", "ticket_type"), ("users", "location"), ("users", "department"),
                          ("users", "phone")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # SQLite 3.35+ and PostgreSQL
