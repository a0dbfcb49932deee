"""each agent's number of active tickets, stored and kept by triggers

Revision ID: 0023
Revises: 0022

Automatic assignment picks the least-loaded agent: it used to count each candidate's active
tickets (status new … pending_vendor) with a correlated count per candidate, ~24 of them for every
new ticket, each walking that agent's whole backlog in an index (issue #18). `users.open_tickets`
holds that number instead, exact at every commit.

Triggers on tickets keep it, not the services: a ticket's assignee or active state changes in
many places (creation, assignment, escalation, every status move, merge, deletion, imports,
bulk loads, the demo, SQL by hand), and a writer that forgot one would leave the count wrong
until the next repair. A trigger also sees rows written by Core statements, which the ORM's
flush hooks do not. The count moves only when a ticket's (assignee, active) pair changes: one
UPDATE of at most two users rows, by primary key, in ascending id order (so two transactions
moving tickets between the same two agents lock them in the same order on PostgreSQL).

Repair: `helpdesk report rebuild-aggregates` recounts it (services/assignment.rebuild_open_tickets),
with the same statement as the backfill here.

A later migration that rebuilds `tickets` on SQLite (batch_alter_table) drops these triggers
with it: it must create them again (`SQLITE_TRIGGERS` below).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in shared/models/enums.py (ACTIVE_STATUSES), written out: a migration keeps the schema of its own day.
ACTIVE = "('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"

BACKFILL = f"""UPDATE users SET open_tickets = (
    SELECT count(*) FROM tickets WHERE tickets.assignee_id = users.id AND tickets.status IN {ACTIVE})"""


def _sqlite_move(old: str, new: str) -> str:
    """One UPDATE taking a ticket off `old`'s count and onto `new`'s (either may be NULL)."""
    return (f"UPDATE users SET open_tickets = open_tickets + (CASE WHEN id = {new} THEN 1 ELSE 0 END) "
            f"- (CASE WHEN id = {old} THEN 1 ELSE 0 END) WHERE id IN ({old}, {new});")


_OLD = f"(CASE WHEN old.status IN {ACTIVE} THEN old.assignee_id END)"
_NEW = f"(CASE WHEN new.status IN {ACTIVE} THEN new.assignee_id END)"

SQLITE_TRIGGERS = {
    "agent_open_tickets_ai": f"""CREATE TRIGGER agent_open_tickets_ai AFTER INSERT ON tickets
       WHEN new.assignee_id IS NOT NULL AND new.status IN {ACTIVE} BEGIN
         UPDATE users SET open_tickets = open_tickets + 1 WHERE id = new.assignee_id;
       END""",
    "agent_open_tickets_au": f"""CREATE TRIGGER agent_open_tickets_au AFTER UPDATE OF assignee_id, status ON tickets
       WHEN {_OLD} IS NOT {_NEW} BEGIN
         {_sqlite_move(_OLD, _NEW)}
       END""",
    "agent_open_tickets_ad": f"""CREATE TRIGGER agent_open_tickets_ad AFTER DELETE ON tickets
       WHEN old.assignee_id IS NOT NULL AND old.status IN {ACTIVE} BEGIN
         UPDATE users SET open_tickets = open_tickets - 1 WHERE id = old.assignee_id;
       END""",
}

PG_FUNCTION = f"""CREATE FUNCTION agent_open_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      was integer;
      now_on integer;
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.status IN {ACTIVE} THEN was := OLD.assignee_id; END IF;
      IF TG_OP <> 'DELETE' AND NEW.status IN {ACTIVE} THEN now_on := NEW.assignee_id; END IF;
      IF was IS DISTINCT FROM now_on THEN
        -- one statement, by primary key: both rows are locked in ascending id order
        UPDATE users SET open_tickets = open_tickets + (CASE WHEN id = now_on THEN 1 ELSE 0 END)
                                                     - (CASE WHEN id = was THEN 1 ELSE 0 END)
        WHERE id = ANY (ARRAY[was, now_on]);
      END IF;
      RETURN NULL;
    END $$"""

PG_TRIGGER = """CREATE TRIGGER agent_open_tickets AFTER INSERT OR UPDATE OF assignee_id, status OR DELETE
    ON tickets FOR EACH ROW EXECUTE FUNCTION agent_open_tickets()"""


def upgrade() -> None:
    op.add_column("users", sa.Column("open_tickets", sa.Integer(), server_default="0", nullable=False))
    op.execute(BACKFILL)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS agent_open_tickets ON tickets")
        op.execute("DROP FUNCTION IF EXISTS agent_open_tickets()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("users", "open_tickets")  # SQLite 3.35+: ALTER TABLE DROP COLUMN, no rebuild
