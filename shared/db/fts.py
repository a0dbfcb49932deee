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


# FTS5's structure record: row 10 of a table's `_data` shadow table (FTS5_STRUCTURE_ROWID in
# SQLite's fts5_index.c). It lists the index's b-trees ("segments"); each write transaction adds
# one, FTS5's automerge folds them together only in part, and a query looks each term up in every
# one. SQLite has no SQL function that reads it (fts5_decode is in debug builds only).
STRUCTURE_ROWID = 10
_STRUCTURE_V2 = b"\xff\x00\x00\x01"  # after the 4-byte cookie, in tables of SQLite 3.44+ that use it


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's varint (sqlite3Fts5GetVarint): 7 bits a byte, high bit set while more follow, the
    9th byte whole."""
    value = 0
    for _ in range(8):
        byte = data[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at
    return (value << 8) | data[at], at + 1


def segment_count(record: bytes | None) -> int:
    """How many segments an FTS5 index has, from its structure record: after the cookie, the
    number of levels and then of segments (None or empty: a table never written, none)."""
    if not record:
        return 0
    at = 8 if record[4:8] == _STRUCTURE_V2 else 4
    _levels, at = _varint(record, at)
    return _varint(record, at)[0]
