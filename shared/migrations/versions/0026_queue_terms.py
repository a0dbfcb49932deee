"""the queue views in the search documents: a view's text filter answered by the full-text index

Revision ID: 0026
Revises: 0025

The filter box over a queue view (QueueQuery.text) asked for the tickets of the view that hold
the words: the index found the words' documents (54,000 hold "printer" at 1M tickets), the
tickets table the view's (24,740 unassigned), and the plan read one side whole to check each of
its tickets against the other (a page of 200 and its count: up to 214 ms on PostgreSQL, up to
1.8 s on SQLite for the busiest agent's "password"). Each search document now also holds the
queue views its ticket is in, as terms, so the index intersects the words with the view itself:

    zzqa<id>  open (an active status) and assigned to user <id>   (My tickets)
    zzqu      open and unassigned                                 (Unassigned)
    zzqt<id>  open and routed to team <id>                        (My team)
    zzqr      open and its SLA clock running (not paused)         (Near / over SLA)

and, for a ticket whose clock runs, the instant it comes near its SLA (its first warning: the
response's while it has none, else the resolution's) by year, month and day, UTC:

    zzqy<yyyy>, zzqm<yyyymm>, zzqd<yyyymmdd>

so the tickets near their SLA now are the holders of a past year's, this year's past months' and
this month's past days' terms, and of today's term those whose instant has come (checked on the
ticket). A year before 2020 is written as 2019 (so a query names at most the years since: each
term of an OR costs its lookup). A closed or resolved ticket has none. services/queue.py adds the view's terms to the filter's
query and keeps every condition of the view on the tickets table for the page; a count whose
view the terms say exactly (mine, unassigned, team, all) is read from the index alone.

SQLite: the terms go into the `requester` column of migration 0020, after the requester's
token (same column: no rebuild of the FTS5 table, and a typed word never matches that column).
PostgreSQL: a tsvector column of their own, `queue`, in the GIN index with the documents and
their spans, so one index scan intersects them.

The terms follow the ticket through triggers on tickets (insert, and update of requester,
status, assignee, team, SLA pause, first response or warning instants, only when the terms
change): any path, a service, a merge,
SQL by hand. The cost: a change of view rewrites the ticket's document in the index, as a reply
does (measured in the README, round eleven). Existing tickets get their terms here.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"  # as in 0002
OLDEST_YEAR = 2019  # services/queue.py OLDEST_YEAR: an earlier year's instants are written as this one's


def _warned(row: str) -> str:
    """The instant the ticket comes near its SLA (services/sla.near_breach_condition's)."""
    return (f"(CASE WHEN {row}.first_responded_at IS NULL AND {row}.response_warn_at IS NOT NULL AND "
            f"({row}.resolution_warn_at IS NULL OR {row}.response_warn_at < {row}.resolution_warn_at) "
            f"THEN {row}.response_warn_at ELSE {row}.resolution_warn_at END)")


def sqlite_tokens(row: str) -> str:
    """The requester column's text for the tickets row `row` (new, old, or a table alias). SQLite
    holds a time as text, 'YYYY-MM-DD HH:MM:SS…' (UTC)."""
    w = _warned(row)
    when = (f"coalesce(' zzqy' || max(substr({w}, 1, 4), '{OLDEST_YEAR}') || "
            f"' zzqm' || substr({w}, 1, 4) || substr({w}, 6, 2) || "
            f"' zzqd' || substr({w}, 1, 4) || substr({w}, 6, 2) || substr({w}, 9, 2), '')")
    return (f"coalesce('zzreq' || {row}.requester_id, '') || CASE WHEN {row}.status IN {ACTIVE} THEN "
            f"coalesce(' zzqa' || {row}.assignee_id, ' zzqu') || coalesce(' zzqt' || {row}.team_id, '') || "
            f"CASE WHEN {row}.sla_paused_at IS NULL THEN ' zzqr' || {when} ELSE '' END ELSE '' END")


_SQLITE_INSERT = f"""CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets BEGIN
     INSERT INTO ticket_search (rowid, subject, description, replies, notes, requester)
     VALUES (new.id, new.subject, new.description, '', '', {sqlite_tokens('new')});
   END"""
# Named as 0020's requester trigger, which it replaces: 0020's rebuild (bench/data.py) drops it by name.
_SQLITE_UPDATE = f"""CREATE TRIGGER ticket_search_requester_au
   AFTER UPDATE OF requester_id, status, assignee_id, team_id, sla_paused_at, first_responded_at,
                   response_warn_at, resolution_warn_at ON tickets
   WHEN ({sqlite_tokens('old')}) IS NOT ({sqlite_tokens('new')}) BEGIN
     UPDATE ticket_search SET requester = {sqlite_tokens('new')} WHERE rowid = new.id;
   END"""


def sqlite_upgrade() -> list[str]:
    """The triggers, and the terms of the open tickets (a closed one's column is unchanged). Also
    run by bench/data.py after it rebuilds the search on freshly loaded tickets."""
    return ["DROP TRIGGER IF EXISTS ticket_search_ai", "DROP TRIGGER IF EXISTS ticket_search_requester_au",
            _SQLITE_INSERT, _SQLITE_UPDATE,
            f"""UPDATE ticket_search SET requester = (SELECT {sqlite_tokens('t')} FROM tickets t WHERE t.id = ticket_search.rowid)
                WHERE rowid IN (SELECT id FROM tickets WHERE status IN {ACTIVE})""",
            # The rewritten documents left the index in many small segments, each of which a query
            # reads per term: merged into one (11 s at 1M tickets), a view's filter at 1M read 2-3x
            # faster than straight after the update (the SLA view's "password" count: 38 -> 15 ms CPU).
            "INSERT INTO ticket_search (ticket_search) VALUES ('optimize')"]


_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS ticket_search_ai", "DROP TRIGGER IF EXISTS ticket_search_requester_au",
    """CREATE TRIGGER ticket_search_ai AFTER INSERT ON tickets BEGIN
         INSERT INTO ticket_search (rowid, subject, description, replies, notes, requester)
         VALUES (new.id, new.subject, new.description, '', '', coalesce('zzreq' || new.requester_id, ''));
       END""",
    """CREATE TRIGGER ticket_search_requester_au AFTER UPDATE OF requester_id ON tickets
         WHEN old.requester_id IS NOT new.requester_id BEGIN
         UPDATE ticket_search SET requester = coalesce('zzreq' || new.requester_id, '') WHERE rowid = new.id;
       END""",
    f"""UPDATE ticket_search SET requester = (SELECT coalesce('zzreq' || t.requester_id, '') FROM tickets t
                                               WHERE t.id = ticket_search.rowid)
        WHERE rowid IN (SELECT id FROM tickets WHERE status IN {ACTIVE})""",
]

# The terms as a tsvector; IMMUTABLE, so the update trigger's WHEN compares old and new terms.
_PG_TERMS = f"""CREATE FUNCTION ticket_queue_terms(status text, assignee integer, team integer,
                                                   running boolean, warned timestamp) RETURNS tsvector
   LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN status IN {ACTIVE} THEN array_to_tsvector(array_remove(ARRAY[
       coalesce('zzqa' || assignee, 'zzqu'), 'zzqt' || team,
       CASE WHEN running THEN 'zzqr' END,
       CASE WHEN running AND warned IS NOT NULL THEN 'zzqy' || greatest(to_char(warned, 'YYYY'), '{OLDEST_YEAR}') END,
       CASE WHEN running THEN 'zzqm' || to_char(warned, 'YYYYMM') END,
       CASE WHEN running THEN 'zzqd' || to_char(warned, 'YYYYMMDD') END], NULL)) ELSE ''::tsvector END
   $$"""


def _pg_terms(row: str) -> str:
    return (f"ticket_queue_terms({row}.status, {row}.assignee_id, {row}.team_id, {row}.sla_paused_at IS NULL, "
            f"{_warned(row)})")


_PG_NEW, _PG_OLD = _pg_terms("NEW"), _pg_terms("OLD")


def _pg_ticket_trg(with_queue: bool) -> str:
    """0002's trigger function on tickets, its INSERT writing the terms with the document (one row
    version: an UPDATE after it would index the whole document again)."""
    queue, value = (", queue", f", {_PG_NEW}") if with_queue else ("", "")
    return f"""CREATE OR REPLACE FUNCTION ticket_search_ticket_trg() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           INSERT INTO ticket_search (ticket_id, doc{queue}) VALUES (NEW.id,
             setweight(to_tsvector('simple', NEW.subject), 'A')
             || setweight(to_tsvector('simple', NEW.description), 'B'){value});
         ELSE
           PERFORM ticket_search_refresh(NEW.id);
         END IF;
         RETURN NULL;
       END $$"""


def _pg_upgrade() -> None:
    # The old index goes first: the backfill then writes no index entries; built once at the end.
    op.execute("DROP INDEX ix_ticket_search_doc_span")
    op.execute("ALTER TABLE ticket_search ADD COLUMN queue tsvector NOT NULL DEFAULT ''")
    op.execute(_PG_TERMS)
    op.execute(_pg_ticket_trg(with_queue=True))
    op.execute(f"""CREATE FUNCTION ticket_search_queue_trg() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           UPDATE ticket_search SET queue = {_PG_NEW} WHERE ticket_id = NEW.id;
           RETURN NULL;
         END $$""")
    op.execute(f"""CREATE TRIGGER ticket_search_queue_au
         AFTER UPDATE OF status, assignee_id, team_id, sla_paused_at, first_responded_at, response_warn_at,
                         resolution_warn_at ON tickets
         FOR EACH ROW WHEN ({_PG_OLD} IS DISTINCT FROM {_PG_NEW}) EXECUTE FUNCTION ticket_search_queue_trg()""")
    op.execute(f"""UPDATE ticket_search s
                   SET queue = {_pg_terms("t")}
                   FROM tickets t WHERE t.id = s.ticket_id AND t.status IN {ACTIVE}""")
    op.execute("CREATE INDEX ix_ticket_search_doc_span ON ticket_search USING gin (doc, span, queue)")
    op.execute("ANALYZE ticket_search")


def _pg_downgrade() -> None:
    op.execute("DROP TRIGGER ticket_search_queue_au ON tickets")
    op.execute("DROP FUNCTION ticket_search_queue_trg()")
    op.execute(_pg_ticket_trg(with_queue=False))
    op.execute("DROP FUNCTION ticket_queue_terms(text, integer, integer, boolean, timestamp)")
    op.execute("DROP INDEX ix_ticket_search_doc_span")
    op.execute("ALTER TABLE ticket_search DROP COLUMN queue")
    op.execute("CREATE INDEX ix_ticket_search_doc_span ON ticket_search USING gin (doc, span)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()
    else:
        for statement in sqlite_upgrade():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
    else:
        for statement in _SQLITE_DOWN:
            op.execute(statement)
