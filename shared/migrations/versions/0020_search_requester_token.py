"""the requester in the search document: a requester's own-ticket search from the index alone

Revision ID: 0020
Revises: 0017

A requester's search (queue.search, the queue's text filter in the OWN view) used to take every
document matching the words and keep the requester's by a lookup in tickets per match: at a
million tickets a common word costs tens of thousands of lookups to return a handful. Now each
document also holds its requester, as a token no word of any text can produce or match, and the
index intersects the words with the requester (a short list) itself.

SQLite: the FTS5 table gains a fifth column, `requester`, holding one token: 'zzreq' and the
id. A requester's query is `{subject description replies} : (words) AND requester : "zzreq<id>"`.
Staff queries name no column (a column filter costs FTS5 a position-list read per match), so
queue.py adds {subject description replies notes} only when a typed word could match such a token
(it begins with 'zzr'): no typed word ever matches the requester column. FTS5 cannot add a column, so the table is rebuilt from its own content
(no re-reading of the timeline) under the same name, with the triggers of 0002 recreated.

PostgreSQL: the tsvector gains one position-less lexeme, ' r<id>' (leading space). The text
search parser never yields a token holding white space, so no document word equals it and no
query word (nor prefix: every query lexeme comes from the parser) can match it.

Both stay right when a ticket changes hands: a trigger on UPDATE OF requester_id rewrites the
token (any path: a service, a directory merge of two accounts, SQL by hand).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0017"
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


def _sqlite_rebuild(with_requester: bool) -> None:
    """Recreate ticket_search with or without the requester column, copying the documents over.
    The triggers go first: a rename rewrites (and checks) every trigger naming the table."""
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE ticket_search RENAME TO ticket_search_old")
    columns = "subject, description, replies, notes" + (", requester" if with_requester else "")
    op.execute(f"CREATE VIRTUAL TABLE ticket_search USING fts5({columns}, {FTS_OPTIONS})")
    if with_requester:
        op.execute("""INSERT INTO ticket_search (rowid, subject, description, replies, notes, requester)
                      SELECT s.rowid, s.subject, s.description, s.replies, s.notes,
                             coalesce('zzreq' || t.requester_id, '')
                      FROM ticket_search_old s JOIN tickets t ON t.id = s.rowid""")
    else:
        op.execute("""INSERT INTO ticket_search (rowid, subject, description, replies, notes)
                      SELECT rowid, subject, description, replies, notes FROM ticket_search_old""")
    op.execute("DROP TABLE ticket_search_old")
    for statement in _sqlite_triggers(with_requester):
        op.execute(statement)


# The document of migration 0002, plus the requester token when `token` is true.
_PG_DOC = """
    setweight(to_tsvector('simple', t.subject), 'A')
    || setweight(to_tsvector('simple', t.description), 'B')
    || setweight(to_tsvector('simple', coalesce((SELECT string_agg(e.body, ' ' ORDER BY e.id)
        FROM timeline_entries e WHERE e.ticket_id = t.id AND e.kind = 'reply'), '')), 'C')
    || setweight(to_tsvector('simple', coalesce((SELECT string_agg(e.body, ' ' ORDER BY e.id)
        FROM timeline_entries e WHERE e.ticket_id = t.id AND e.kind = 'note'), '')), 'D')
"""


def _pg_functions(token: bool) -> list[str]:
    doc = _PG_DOC + ("    || ticket_search_requester(t.requester_id)\n" if token else "")
    insert_doc = ("setweight(to_tsvector('simple', NEW.subject), 'A') "
                  "|| setweight(to_tsvector('simple', NEW.description), 'B')"
                  + (" || ticket_search_requester(NEW.requester_id)" if token else ""))
    return [
        f"""CREATE OR REPLACE FUNCTION ticket_search_refresh(tid integer) RETURNS void LANGUAGE sql AS $$
             INSERT INTO ticket_search (ticket_id, doc)
             SELECT t.id, {doc} FROM tickets t WHERE t.id = tid
             ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc
           $$""",
        f"""CREATE OR REPLACE FUNCTION ticket_search_ticket_trg() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF TG_OP = 'INSERT' THEN
               INSERT INTO ticket_search (ticket_id, doc) VALUES (NEW.id, {insert_doc});
             ELSE
               PERFORM ticket_search_refresh(NEW.id);
             END IF;
             RETURN NULL;
           END $$""",
    ]


PG_TOKEN = """CREATE FUNCTION ticket_search_requester(uid integer) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN uid IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY[' r' || uid]) END
    $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        _sqlite_rebuild(with_requester=True)
        return
    op.execute(PG_TOKEN)
    for statement in _pg_functions(token=True):
        op.execute(statement)
    op.execute("""CREATE TRIGGER ticket_search_requester_au AFTER UPDATE OF requester_id ON tickets
                  FOR EACH ROW WHEN (OLD.requester_id IS DISTINCT FROM NEW.requester_id)
                  EXECUTE FUNCTION ticket_search_ticket_trg()""")
    # Every row is rewritten: the GIN index is rebuilt once afterwards rather than row by row.
    op.execute("DROP INDEX ix_ticket_search_doc")
    op.execute("""UPDATE ticket_search s SET doc = s.doc || ticket_search_requester(t.requester_id)
                  FROM tickets t WHERE t.id = s.ticket_id""")
    op.execute("CREATE INDEX ix_ticket_search_doc ON ticket_search USING gin (doc)")
    op.execute("ANALYZE ticket_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        _sqlite_rebuild(with_requester=False)
        return
    op.execute("DROP TRIGGER IF EXISTS ticket_search_requester_au ON tickets")
    for statement in _pg_functions(token=False):
        op.execute(statement)
    op.execute("DROP INDEX ix_ticket_search_doc")
    op.execute("""UPDATE ticket_search s SET doc = ts_delete(s.doc, ' r' || t.requester_id)
                  FROM tickets t WHERE t.id = s.ticket_id""")
    op.execute("CREATE INDEX ix_ticket_search_doc ON ticket_search USING gin (doc)")
    op.execute("DROP FUNCTION ticket_search_requester(integer)")
