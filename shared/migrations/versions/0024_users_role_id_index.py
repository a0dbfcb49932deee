"""the users' role index ordered by id: candidate agents read without a walk over every user

Revision ID: 0024
Revises: 0023

Creating a ticket reads the candidate agents of one team and role, in id order
(services/assignment._candidates). PostgreSQL answered it with a merge join: the team's members
sorted, and every user walked in primary-key order, each filtered on role, active and on_duty.
The join could stop after the team's last member, but the walk could not: it looked for the next
user of the role and found none before the end. Each new ticket read every user (2,050 at 100k
tickets, ~0.4 ms of the server's time; 20,050 at 1M). `ix_users_role` on (role) keeps a role's
users in the order of the rows' place in the table, not of their id; on (role, id) it gives the
merge join the role's users already in id order, and the walk ends with them (24 rows for the
first line at 100k, as many at 1M). Whatever read the role index before reads this one as well.

SQLite keeps an index's entries in rowid order after its columns, so (role) already was (role,
id) there; the index is rebuilt with the same columns as PostgreSQL's so the models and the
schema agree on both.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_users_role", "users")
    op.create_index("ix_users_role", "users", ["role", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE users")


def downgrade() -> None:
    op.drop_index("ix_users_role", "users")
    op.create_index("ix_users_role", "users", ["role"])
