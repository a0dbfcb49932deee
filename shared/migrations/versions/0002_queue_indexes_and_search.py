"""queue indexes, report covering indexes, full-text search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00

Queue: every standard view filters on the active statuses, so the per-view sort indexes are
partial (WHERE status IN the active ones: about 15 % of the rows) and end in `id`, the tie-break,
so a page is an index range scan in sort order whatever its depth (keyset paging). The "all" view
gets full (sort key, id) indexes. The status and SLA sort keys are indexed as expressions that the
queue service writes out identically (shared/services/queue.py: STATUS_ORDER_SQL, ACTIVE_SQL).

Reports: covering indexes keyed on created_at / resolved_at let the KPI aggregates run from the
index alone.

Search: one document per ticket with subject, description, public replies and internal notes,
kept in sync by triggers and backfilled here. SQLite: an FTS5 table (unicode61 tokenizer, no
stemmer: Porter would mangle Indonesian), ranked by bm25. PostgreSQL: a tsvector built with the
'simple' configuration (the same words as SQLite sees; no language guess per row), weighted
A subject, B description, C replies, D notes, under a GIN index, ranked by ts_rank.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"
STATUS_ORDER = ("CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'in_progress' THEN 2 "
                "WHEN 'pending_user' THEN 3 WHEN 'pending_vendor' THEN 4 WHEN 'resolved' THEN 5 "
                "WHEN 'closed' THEN 6 END")
SLA = "coalesce(resolution_due_at, created_at)"
# name -> key expression; every queue sort except the requester and assignee names
SORT_KEYS = {"updated": "updated_at", "created": "created_at", "priority": "priority", "tier": "tier",
             "subject": "subject", "status": f"({STATUS_ORDER})", "sla": f"({SLA})"}


def _indexes() -> list[tuple[str, str]]:
    """(name, definition after ON tickets) of every queue and report index."""
    out = []
    for name, key in SORT_KEYS.items():
        out.append((f"ix_tq_all_{name}", f"({key}, id)"))
        out.append((f"ix_tq_active_{name}", f"({key}, id) WHERE {ACTIVE}"))
        out.append((f"ix_tq_mine_{name}", f"(assignee_id, {key}, id) WHERE {ACTIVE}"))
        out.append((f"ix_tq_team_{name}", f"(team_id, {key}, id) WHERE {ACTIVE}"))
    for prefix in ("active", "mine", "team"):
        cols = {"active": "", "mine": "assignee_id, ", "team": "team_id, "}[prefix]
        out.append((f"ix_tq_{prefix}_number", f"({cols}id) WHERE {ACTIVE}"))
    # Sorting by requester name: walk users by name, then each one's tickets (see queue._sort_columns).
    out.append(("ix_tq_active_requester", f"(requester_id, id) WHERE {ACTIVE}"))
    out.append(("ix_tq_active_tier_created", f"(tier, created_at) WHERE {ACTIVE}"))
    out.append(("ix_tq_report_created",
                "(created_at, category_id, first_response_seconds)"))
    out.append(("ix_tq_report_resolved",
                "(resolved_at, resolution_seconds, reopen_count, agent_replies, max_tier, resolution_due_at, "
                "resolution_breached, response_breached)"))
    return out


SQLITE_UP = [
    "CREATE VIRTUAL TABLE ticket_search USING fts5(subject, description, replies, notes, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    """CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets BEGIN
         INSERT INTO ticket_search (rowid, subject, description, replies, notes)
         VALUES (new.id, new.subject, new.description, '', '');
       END""",
    """CREATE TRIGGER ticket_search_au AFTER UPDATE OF subject, description ON tickets BEGIN
         UPDATE ticket_search SET subject = new.subject, description = new.description WHERE rowid = new.id;
       END""",
    """CREATE TRIGGER ticket_search_ad AFTER DELETE ON tickets BEGIN
         DELETE FROM ticket_search WHERE rowid = old.id;
       END""",
    # A new reply or note is appended; edits and deletions rebuild the ticket's two columns.
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
    """INSERT INTO ticket_search (rowid, subject, description, replies, notes)
       SELECT t.id, t.subject, t.description,
              coalesce(r.body, ''), coalesce(n.body, '')
       FROM tickets t
       LEFT JOIN (SELECT ticket_id, group_concat(body, ' ') AS body FROM timeline_entries
                  WHERE kind = 'reply' GROUP BY ticket_id) r ON r.ticket_id = t.id
       LEFT JOIN (SELECT ticket_id, group_concat(body, ' ') AS body FROM timeline_entries
                  WHERE kind = 'note' GROUP BY ticket_id) n ON n.ticket_id = t.id""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS ticket_search_entry_ad",
    "DROP TRIGGER IF EXISTS ticket_search_entry_au",
    "DROP TRIGGER IF EXISTS ticket_search_note_ai",
    "DROP TRIGGER IF EXISTS ticket_search_reply_ai",
    "DROP TRIGGER IF EXISTS ticket_search_ad",
    "DROP TRIGGER IF EXISTS ticket_search_au",
    "DROP TRIGGER IF EXISTS ticket_search_ai",
    "DROP TABLE IF EXISTS ticket_search",
]

PG_DOC = """
    setweight(to_tsvector('simple', t.subject), 'A')
    || setweight(to_tsvector('simple', t.description), 'B')
    || setweight(to_tsvector('simple', coalesce((SELECT string_agg(e.body, ' ' ORDER BY e.id)
        FROM timeline_entries e WHERE e.ticket_id = t.id AND e.kind = 'reply'), '')), 'C')
    || setweight(to_tsvector('simple', coalesce((SELECT string_agg(e.body, ' ' ORDER BY e.id)
        FROM timeline_entries e WHERE e.ticket_id = t.id AND e.kind = 'note'), '')), 'D')
"""
PG_UP = [
    """CREATE TABLE ticket_search (
         ticket_id integer PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
         doc tsvector NOT NULL
       )""",
    f"""CREATE FUNCTION ticket_search_refresh(tid integer) RETURNS void LANGUAGE sql AS $$
         INSERT INTO ticket_search (ticket_id, doc)
         SELECT t.id, {PG_DOC} FROM tickets t WHERE t.id = tid
         ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc
       $$""",
    """CREATE FUNCTION ticket_search_ticket_trg() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           INSERT INTO ticket_search (ticket_id, doc) VALUES (NEW.id,
             setweight(to_tsvector('simple', NEW.subject), 'A')
             || setweight(to_tsvector('simple', NEW.description), 'B'));
         ELSE
           PERFORM ticket_search_refresh(NEW.id);
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE FUNCTION ticket_search_entry_trg() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           UPDATE ticket_search SET doc = doc || setweight(to_tsvector('simple', NEW.body),
             CASE NEW.kind WHEN 'reply' THEN 'C' ELSE 'D' END::"char")
           WHERE ticket_id = NEW.ticket_id;
           RETURN NULL;
         END IF;
         IF TG_OP IN ('UPDATE', 'DELETE') THEN
           PERFORM ticket_search_refresh(OLD.ticket_id);
         END IF;
         IF TG_OP = 'UPDATE' AND NEW.ticket_id <> OLD.ticket_id THEN
           PERFORM ticket_search_refresh(NEW.ticket_id);
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets
       FOR EACH ROW EXECUTE FUNCTION ticket_search_ticket_trg()""",
    """CREATE TRIGGER ticket_search_au AFTER UPDATE OF subject, description ON tickets
       FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description)
       EXECUTE FUNCTION ticket_search_ticket_trg()""",
    """CREATE TRIGGER ticket_search_entry_ai AFTER INSERT ON timeline_entries
       FOR EACH ROW WHEN (NEW.kind IN ('reply', 'note')) EXECUTE FUNCTION ticket_search_entry_trg()""",
    """CREATE TRIGGER ticket_search_entry_au AFTER UPDATE OF body, kind, ticket_id ON timeline_entries
       FOR EACH ROW WHEN (NEW.kind IN ('reply', 'note') OR OLD.kind IN ('reply', 'note'))
       EXECUTE FUNCTION ticket_search_entry_trg()""",
    """CREATE TRIGGER ticket_search_entry_ad AFTER DELETE ON timeline_entries
       FOR EACH ROW WHEN (OLD.kind IN ('reply', 'note')) EXECUTE FUNCTION ticket_search_entry_trg()""",
    f"""INSERT INTO ticket_search (ticket_id, doc)
        SELECT t.id,
          setweight(to_tsvector('simple', t.subject), 'A')
          || setweight(to_tsvector('simple', t.description), 'B')
          || setweight(to_tsvector('simple', coalesce(r.body, '')), 'C')
          || setweight(to_tsvector('simple', coalesce(n.body, '')), 'D')
        FROM tickets t
        LEFT JOIN (SELECT ticket_id, string_agg(body, ' ' ORDER BY id) AS body FROM timeline_entries
                   WHERE kind = 'reply' GROUP BY ticket_id) r ON r.ticket_id = t.id
        LEFT JOIN (SELECT ticket_id, string_agg(body, ' ' ORDER BY id) AS body FROM timeline_entries
                   WHERE kind = 'note' GROUP BY ticket_id) n ON n.ticket_id = t.id""",
    "CREATE INDEX ix_ticket_search_doc ON ticket_search USING gin (doc)",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS ticket_search_entry_ad ON timeline_entries",
    "DROP TRIGGER IF EXISTS ticket_search_entry_au ON timeline_entries",
    "DROP TRIGGER IF EXISTS ticket_search_entry_ai ON timeline_entries",
    "DROP TRIGGER IF EXISTS ticket_search_au ON tickets",
    "DROP TRIGGER IF EXISTS ticket_search_ai ON tickets",
    "DROP FUNCTION IF EXISTS ticket_search_entry_trg()",
    "DROP FUNCTION IF EXISTS ticket_search_ticket_trg()",
    "DROP FUNCTION IF EXISTS ticket_search_refresh(integer)",
    "DROP TABLE IF EXISTS ticket_search",
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, definition in _indexes():
        op.execute(f"CREATE INDEX {name} ON tickets {definition}")
    op.execute("CREATE INDEX ix_users_full_name ON users (full_name, id)")
    # Deleting a ticket checks merged_into_id references; without an index that is a full scan.
    op.execute("CREATE INDEX ix_tickets_merged_into_id ON tickets (merged_into_id)")
    for statement in PG_UP if postgres else SQLITE_UP:
        op.execute(statement)
    # Only the new revision's view of the data is right for the planner after a bulk backfill.
    op.execute("ANALYZE tickets" if postgres else "ANALYZE")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in PG_DOWN if postgres else SQLITE_DOWN:
        op.execute(statement)
    op.execute("DROP INDEX ix_tickets_merged_into_id")
    op.execute("DROP INDEX ix_users_full_name")
    for name, _definition in reversed(_indexes()):
        op.execute(f"DROP INDEX {name}")
