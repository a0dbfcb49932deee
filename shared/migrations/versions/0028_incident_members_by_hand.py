"""a ticket taken out of a major incident by hand stays out

Revision ID: 0028
Revises: 0027

Detection groups tickets by shared words, so it can take in a ticket that is not part of the
outage (recall and precision in bench.incident_bench), and miss one that is. Agents now add and
take out tickets by hand (services.incidents.add_tickets / remove_tickets). A ticket taken out
keeps its membership row, marked with who and when: the row keeps detection from putting it back
two minutes later (a ticket with any membership row is not suggested again, as after a
dismissal), and the incident's view leaves it out.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A batch rebuild on SQLite (a foreign key cannot be added otherwise); the table has no triggers.
    # resolve_fks=False: reflect this table alone, not `tickets` (whose expression indexes
    # SQLAlchemy cannot reflect, and warns about).
    with op.batch_alter_table("major_incident_members", reflect_kwargs={"resolve_fks": False}) as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("removed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_major_incident_members_removed_by_id_users"), "users", ["removed_by_id"],
                                 ["id"])


def downgrade() -> None:
    op.execute("DELETE FROM major_incident_members WHERE removed_at IS NOT NULL")
    with op.batch_alter_table("major_incident_members", reflect_kwargs={"resolve_fks": False}) as batch:
        batch.drop_constraint("fk_major_incident_members_removed_by_id_users", type_="foreignkey")
        batch.drop_column("removed_by_id")
        batch.drop_column("removed_at")
