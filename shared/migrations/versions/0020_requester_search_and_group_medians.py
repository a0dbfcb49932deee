"""the requester in the search document; report durations per group and four-week block

Revision ID: 0020
Revises: 0018

Two speed-ups of issue #18/#14, one revision.

1. Search (SQLite). A requester's search (queue.search, the queue's text filter in the OWN view)
used to take every document matching the words and keep the requester's by a lookup in tickets
per match: at a million tickets a common word costs tens of thousands of lookups to return a
handful. Now each document also holds its requester, as a token no typed word can match, and the
index intersects the words with the requester (a short list) itself.

SQLite: the FTS5 table gains a fifth column, `requester`, holding one token: 'zzreq' and the
id. A requester's query is `{subject description replies} : (words) AND requester : "zzreq<id>"`.
Staff queries name no column (a column filter costs FTS5 a position-list read per match), so
queue.py adds {subject description replies notes} only when a typed word could match such a token
(it begins with 'zzr'): no typed word ever matches the requester column. FTS5 cannot add a
column, so the table is rebuilt from its own content (no re-reading of the timeline) under the
same name, with the triggers of 0002 recreated.

PostgreSQL keeps its documents as they are: a GIN intersection of the words (prefix entries
read in full) with a requester lexeme measured slower there, at 100k, than checking the
requester's own few documents by key, which queue.search goes on doing.

The token stays right when a ticket changes hands: a trigger on UPDATE OF requester_id rewrites
it (any path: a service, a directory merge of two accounts, SQL by hand).

2. Reports. `report_key_durations` counts first-response and resolution times per group (every
report dimension) and block of 28 UTC days in the duration bins of 0012, so the breakdown's
per-group medians no longer rank the period's tickets, and the dashboard's medians over long
ranges read a row per block and bin instead of per day and bin. A median stays exact: once its bin
is known, the value is read from that group's tickets in the bin through the partial index
(group column, duration, time) made here, one per dimension and duration. Backfilled set-based
with the application's definition (services/report_sql.rebuild_key_durations). Two partial
indexes on the open tickets' category and type let the breakdown count its backlog per group from
an index (at 1M: 150k open tickets read from the table, ~220 ms, before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
SQLITE_TRIGGERS = ("ticket_search_ai", "ticket_search_au", "ticket_search_ad", "ticket_search_reply_ai",
                   "ticket_search_note_ai", "ticket_search_entry_au", "ticket_search_entry_ad",
                   "ticket_search_requester_au")


def _sqlite_triggers(with_requester: bool) -> list[str]:
    """The triggers of migration 0002, the insert one writing the requester when it is indexed."""
    insert = ("""CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets BEGIN
         INSERT INTO ticket_search (rowid, subject, description, replies, notes, requester)
         VALUES (new.id, new.subject, new.description, '', '', coalesce('zzreq' || new.requester_id, ''));
       END""" if with_requester else """CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets BEGIN
         INSERT INTO ticket_search (rowid, subject, description, replies, notes)
         VALUES (new.id, new.subject, new.description, '', '');
       END""")
    out = [
        insert,
        """CREATE TRIGGER ticket_search_au AFTER UPDATE OF subject, description ON tickets BEGIN
             UPDATE ticket_search SET subject = new.subject, description = new.description WHERE rowid = new.id;
           END""",
        """CREATE TRIGGER ticket_search_ad AFTER DELETE ON tickets BEGIN
             DELETE FROM ticket_search WHERE rowid = old.id;
           END""",
        """CREATE TRIGGER ticket_search_reply_ai AFTER INSERT ON timeline_entries WHEN new.kind = 'reply' BEGIN
             UPDATE ticket_search SET replies = replies || ' ' || new.body WHERE rowid = new.ticket_id;
           END""",
        """CREATE TRIGGER ticket_search_note_ai AFTER INSERT ON timeline_entries WHEN new.kind = 'note' BEGIN
             UPDATE ticket_search SET notes = notes || ' ' || new.body WHERE rowid = new.ticket_id;
           END""",
        """CREATE TRIGGER ticket_search_entry_au AFTER UPDATE OF body, kind, ticket_id ON timeline_entries
           WHEN new.kind IN ('reply', 'note') OR old.kind IN ('reply', 'note') BEGIN
             UPDATE ticket_search SET
               replies = coalesce((SELECT group_concat(body, ' ') FROM timeline_entries
                                   WHERE ticket_id = rowid AND kind = 'reply'), ''),
               notes = coalesce((SELECT group_concat(body, ' ') FROM timeline_entries
                                 WHERE ticket_id = rowid AND kind = 'note'), '')
             WHERE rowid IN (old.ticket_id, new.ticket_id);
           END""",
        """CREATE TRIGGER ticket_search_entry_ad AFTER DELETE ON timeline_entries
           WHEN old.kind IN ('reply', 'note') BEGIN
             UPDATE ticket_search SET
               replies = coalesce((SELECT group_concat(body, ' ') FROM timeline_entries
                                   WHERE ticket_id = rowid AND kind = 'reply'), ''),
               notes = coalesce((SELECT group_concat(body, ' ') FROM timeline_entries
                                 WHERE ticket_id = rowid AND kind = 'note'), '')
             WHERE rowid = old.ticket_id;
           END""",
    ]
    if with_requester:
        out.append("""CREATE TRIGGER ticket_search_requester_au AFTER UPDATE OF requester_id ON tickets
             WHEN old.requester_id IS NOT new.requester_id BEGIN
             UPDATE ticket_search SET requester = coalesce('zzreq' || new.requester_id, '') WHERE rowid = new.id;
           END""")
    return out


def sqlite_rebuild(with_requester: bool) -> list[str]:
    """Recreate ticket_search with or without the requester column, copying the documents over.
    The triggers go first: a rename rewrites (and checks) every trigger naming the table. Also
    run by bench/data.py after it rebuilds migration 0002's search on freshly loaded tickets."""
    out = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    out.append("ALTER TABLE ticket_search RENAME TO ticket_search_old")
    columns = "subject, description, replies, notes" + (", requester" if with_requester else "")
    out.append(f"CREATE VIRTUAL TABLE ticket_search USING fts5({columns}, {FTS_OPTIONS})")
    if with_requester:
        out.append("""INSERT INTO ticket_search (rowid, subject, description, replies, notes, requester)
                      SELECT s.rowid, s.subject, s.description, s.replies, s.notes,
                             coalesce('zzreq' || t.requester_id, '')
                      FROM ticket_search_old s JOIN tickets t ON t.id = s.rowid""")
    else:
        out.append("""INSERT INTO ticket_search (rowid, subject, description, replies, notes)
                      SELECT rowid, subject, description, replies, notes FROM ticket_search_old""")
    out.append("DROP TABLE ticket_search_old")
    return out + _sqlite_triggers(with_requester)


def _sqlite_rebuild(with_requester: bool) -> None:
    for statement in sqlite_rebuild(with_requester):
        op.execute(statement)


ACTIVE = "status IN ('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"  # as in 0002
GROUP_COLUMNS = {"agent": "assignee_id", "team": "team_id", "category": "category_id", "type": "ticket_type"}
DURATIONS = {"response": ("first_response_seconds", "created_at"), "resolution": ("resolution_seconds", "resolved_at")}


def _reports_upgrade() -> None:
    op.create_table(
        "report_key_durations",
        sa.Column("metric", sa.String(10), nullable=False),
        sa.Column("dim", sa.String(8), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("bin", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "dim", "block", "key", "bin", name="pk_report_key_durations"),
    )
    for dim, column in GROUP_COLUMNS.items():
        for metric, (value, when) in DURATIONS.items():
            where = sa.text(f"{value} IS NOT NULL")
            op.create_index(f"ix_tickets_{dim}_{metric}", "tickets", [column, value, when], sqlite_where=where,
                            postgresql_where=where)
    # The breakdown's open backlog per category or type: an index-only count of the open tickets
    # (agents and teams already have theirs, migration 0002), with 0002's literal predicate; status
    # is in the index too, as SQLite proves a partial index covering from its columns only.
    for name, column in (("ix_tq_active_category", "category_id"), ("ix_tq_active_type", "ticket_type")):
        op.execute(f"CREATE INDEX {name} ON tickets ({column}, status) WHERE {ACTIVE}")
    from shared.services.report_sql import rebuild_key_durations
    rebuild_key_durations(op.get_bind())


def _reports_downgrade() -> None:
    op.execute("DROP INDEX ix_tq_active_type")
    op.execute("DROP INDEX ix_tq_active_category")
    for dim in GROUP_COLUMNS:
        for metric in DURATIONS:
            op.drop_index(f"ix_tickets_{dim}_{metric}", "tickets")
    op.drop_table("report_key_durations")


def upgrade() -> None:
    _reports_upgrade()
    if op.get_bind().dialect.name != "postgresql":
        _sqlite_rebuild(with_requester=True)


def downgrade() -> None:
    _reports_downgrade()
    if op.get_bind().dialect.name != "postgresql":
        _sqlite_rebuild(with_requester=False)
