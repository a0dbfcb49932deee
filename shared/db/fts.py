"""SQLite FTS5 helpers shared by the services that search (the queue's tickets, the board's machines)."""

from __future__ import annotations

# The ticket search index's terms, one row each (fts5vocab over migration 0020's ticket_search): a
# temporary table every SQLite connection creates (shared.db.engine), for services.queue's prefix
# search. No migration and no database file carries it.
TICKET_TERMS = "temp.ticket_terms"


def fts5_string(text: str) -> str:
    """`text` as an FTS5 string: in double quotes, a double quote doubled. FTS5 reads no operator
    in it; its tokenizer splits it into a phrase."""
    return '"' + text.replace('"', '""') + '"'
