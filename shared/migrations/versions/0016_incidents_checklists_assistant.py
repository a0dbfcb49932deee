"""Major incidents and their members, SOP checklist templates and ticket checklist steps, the tray
assistant's conversations (issue #17).

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("ticket_type", sa.String(length=16), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("said", sa.String(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_checklist_templates_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_templates")),
        sa.UniqueConstraint("category_id", "ticket_type", name=op.f("uq_checklist_templates_category_id")),
    )
    op.create_table(
        "major_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("banner", sa.Text(), nullable=False),
        sa.Column("parent_ticket_id", sa.Integer(), nullable=True),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["users.id"], name=op.f("fk_major_incidents_confirmed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["parent_ticket_id"], ["tickets.id"], name=op.f("fk_major_incidents_parent_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_major_incidents")),
    )
    op.create_index("ix_major_incidents_state", "major_incidents", ["state", "id"], unique=False)
    op.create_table(
        "ticket_checklist_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("said_key", sa.String(length=60), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["done_by_id"], ["users.id"], name=op.f("fk_ticket_checklist_steps_done_by_id_users")),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_templates.id"],
            name=op.f("fk_ticket_checklist_steps_template_id_checklist_templates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_checklist_steps_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_checklist_steps")),
    )
    op.create_index("ix_ticket_checklist_ticket", "ticket_checklist_steps", ["ticket_id", "position"], unique=False)
    op.create_table(
        "assistant_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["kb_articles.id"],
            name=op.f("fk_assistant_conversations_article_id_kb_articles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_assistant_conversations_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_assistant_conversations_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_conversations")),
    )
    op.create_index("ix_assistant_conv_created", "assistant_conversations", ["created_at"], unique=False)
    op.create_table(
        "major_incident_members",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["major_incidents.id"],
            name=op.f("fk_major_incident_members_incident_id_major_incidents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_major_incident_members_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("incident_id", "ticket_id", name=op.f("pk_major_incident_members")),
    )
    op.create_index(op.f("ix_major_incident_members_ticket_id"), "major_incident_members", ["ticket_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_major_incident_members_ticket_id"), table_name="major_incident_members")
    op.drop_table("major_incident_members")
    op.drop_index("ix_assistant_conv_created", table_name="assistant_conversations")
    op.drop_table("assistant_conversations")
    op.drop_index("ix_ticket_checklist_ticket", table_name="ticket_checklist_steps")
    op.drop_table("ticket_checklist_steps")
    op.drop_index("ix_major_incidents_state", table_name="major_incidents")
    op.drop_table("major_incidents")
    op.drop_table("checklist_templates")
