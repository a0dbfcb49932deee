"""PostgreSQL's search: each document's span of ticket ids in the GIN index, and the index's terms

Revision ID: 0025
Revises: 0024

A staff search ranks the newest SEARCH_WINDOW (2,000) tickets that match. PostgreSQL's planner
takes a query's words to be independent, so words that come together ("akun terkunci", "laptop
tidak menyala": every ticket of one kind says them all) are expected in a few hundred documents
when they are in 16,000 at 1M tickets. The planner then reads every match through the GIN index
and sorts them all to keep the newest 2,000: 160–230 ms. Combining the GIN index with a range of
ids would bound that, but with such a low estimate the planner never combines two indexes.

Each document now carries its span, ticket_id >> 16 (65,536 tickets), as a one-lexeme tsvector
of its own (a generated column: the triggers of 0002 and 0020 write the documents as before),
and the GIN index covers both columns. `span @@ '15'` then narrows the GIN scan itself, whatever
the planner expects, and services/queue.py reads a search's matches span by span, newest first,
until it has its window. The span is a separate column, so no typed word can match it.

The index's terms, one row each (`ticket_terms`, bytewise order), kept by a trigger on the
documents: a word typed is matched as a prefix ("restart" finds "restarted"), which GIN answers by
merging the whole list of every term that starts with it ("akun":* & "terkunci":* 39 ms at 1M,
"akun" & "terkunci" 9 ms). services/queue.py looks the terms of a word up here and matches it as
their OR, as SQLite does through fts5vocab (round eight). No unique key: a term two transactions
bring at once is stored twice rather than making one wait for the other (or deadlock); the
lookup reads distinct terms. Terms of deleted documents stay (an OR branch that matches nothing).

SQLite: nothing (FTS5 reads its matches newest first and stops at the window, and has fts5vocab).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SPAN_BITS = 14  # services/queue.py SPAN_BITS: the two must agree


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The old index goes first, so the column's rewrite of the table does not rebuild it.
    op.execute("DROP INDEX ix_ticket_search_doc")
    op.execute("ALTER TABLE ticket_search ADD COLUMN span tsvector GENERATED ALWAYS AS "
               f"(array_to_tsvector(ARRAY[(ticket_id >> {SPAN_BITS})::text])) STORED")
    # A multicolumn GIN index answers a condition on either column alone as well as on both.
    op.execute("CREATE INDEX ix_ticket_search_doc_span ON ticket_search USING gin (doc, span)")
    op.execute('CREATE TABLE ticket_terms (lexeme text COLLATE "C" NOT NULL)')
    op.execute("""CREATE FUNCTION ticket_terms_trg() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           INSERT INTO ticket_terms (lexeme)
             SELECT l FROM unnest(tsvector_to_array(NEW.doc)) AS l
             WHERE NOT EXISTS (SELECT 1 FROM ticket_terms t WHERE t.lexeme = l COLLATE "C");
           RETURN NULL;
         END $$""")
    op.execute("""INSERT INTO ticket_terms (lexeme)
                  SELECT DISTINCT unnest(tsvector_to_array(doc)) FROM ticket_search""")
    op.execute("CREATE INDEX ix_ticket_terms_lexeme ON ticket_terms (lexeme)")
    op.execute("""CREATE TRIGGER ticket_terms_ai AFTER INSERT ON ticket_search
                  FOR EACH ROW EXECUTE FUNCTION ticket_terms_trg()""")
    op.execute("""CREATE TRIGGER ticket_terms_au AFTER UPDATE OF doc ON ticket_search
                  FOR EACH ROW WHEN (OLD.doc IS DISTINCT FROM NEW.doc) EXECUTE FUNCTION ticket_terms_trg()""")
    op.execute("ANALYZE ticket_search")
    op.execute("ANALYZE ticket_terms")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER ticket_terms_au ON ticket_search")
    op.execute("DROP TRIGGER ticket_terms_ai ON ticket_search")
    op.execute("DROP FUNCTION ticket_terms_trg()")
    op.execute("DROP TABLE ticket_terms")
    op.execute("DROP INDEX ix_ticket_search_doc_span")
    op.execute("ALTER TABLE ticket_search DROP COLUMN span")
    op.execute("CREATE INDEX ix_ticket_search_doc ON ticket_search USING gin (doc)")
