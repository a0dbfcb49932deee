"""Which database errors mean "another transaction got there first".

Two agents saving the same ticket, two deliveries of one mail or probe report: the loser's
transaction fails inside the database, and the unit of work turns exactly these failures into
`Conflict` (reload and try again). Every other integrity error is a bug and stays loud.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

# Unique keys that exist to make something happen once. Two transactions doing that thing at the
# same instant meet here; the one that commits second lost a race. (table, first column) — the
# constraint's name is `uq_<table>_<column>` (shared/db/base.py naming convention).
RACE_KEYS: frozenset[tuple[str, str]] = frozenset({
    ("outbox", "dedup_key"),  # one CSAT request / SLA warning per ticket and round
    ("mail_messages", "message_id"),  # one intake per mail
    ("probe_reports", "machine_id"),  # (machine_id, report_id): one ingest per report
    ("csat_responses", "ticket_id"),  # one rating per ticket
    ("install_secrets", "name"),  # one key per install, made on first use
    ("tray_submissions", "user_id"),  # (user_id, key): one ticket or reply per tray submission
})

# PostgreSQL SQLSTATEs of transactions that collided: deadlock, serialization failure.
_RACE_STATES = frozenset({"40P01", "40001"})


def race_key(exc: BaseException) -> tuple[str, str] | None:
    """The RACE_KEYS entry a unique violation hit, or None for any other error."""
    if not isinstance(exc, IntegrityError):
        return None
    orig = exc.orig
    diag = getattr(orig, "diag", None)
    constraint = getattr(diag, "constraint_name", None)
    if constraint:  # PostgreSQL names the constraint
        return next((k for k in RACE_KEYS if constraint == f"uq_{k[0]}_{k[1]}"), None)
    text = str(orig)
    prefix = "UNIQUE constraint failed: "  # SQLite: "... failed: table.col, table.col2"
    if not text.startswith(prefix):
        return None
    table, _, column = text[len(prefix):].split(",", maxsplit=1)[0].strip().partition(".")
    return (table, column) if (table, column) in RACE_KEYS else None


def is_lost_race(exc: BaseException) -> bool:
    """A stale-version UPDATE, a unique key of RACE_KEYS, or a PostgreSQL deadlock/serialization failure."""
    if isinstance(exc, StaleDataError) or race_key(exc) is not None:
        return True
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in _RACE_STATES


def lost_race_on(exc: BaseException, table: str) -> bool:
    """Whether this Conflict (or its cause) was a unique-key race on `table`."""
    cause = exc if isinstance(exc, IntegrityError) else exc.__cause__
    key = race_key(cause) if cause is not None else None
    return key is not None and key[0] == table
