"""Engine and session factory. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from shared.db import json_text
from shared.db.fts import TICKET_TERMS
from shared.db.url import parse_database_url, prepare_sqlite_file

BUSY_TIMEOUT_MS = 5000  # how long a writer waits for SQLite's one write lock before giving up
WAL_AUTOCHECKPOINT_PAGES = 10_000
WAL_SIZE_LIMIT = 64 * 1024 * 1024

# How long a PostgreSQL client waits for a server that went away (a VPN dropped, the host rebooted,
# a cable pulled). libpq's own defaults wait forever to connect, and a query sent to a vanished
# host waits for the kernel to give up retransmitting (~15 minutes on Linux): the console's worker,
# the sign-in dialog behind it and every server request on that connection would hang that long.
# With these, connecting gives up after 10 s, an idle connection's dead peer is found by keepalive
# probes within 30 + 3 x 10 s, and data the server never acknowledges fails the call after 60 s.
# All are libpq parameters: a value in the URL's query (`?connect_timeout=30`) wins. Systems without
# TCP_USER_TIMEOUT (Windows) or keepalive counts ignore those two, as libpq documents; tcp_user_timeout
# needs libpq 12 or newer (psycopg's binary wheels carry 18).
PG_CONNECTION_DEFAULTS = {"connect_timeout": "10", "keepalives": "1", "keepalives_idle": "30",
                          "keepalives_interval": "10", "keepalives_count": "3", "tcp_user_timeout": "60000"}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A ticket's INSERT touches ~60 index pages, mostly the same hot ones ticket after ticket. At
    # SQLite's default (a checkpoint every 1,000 WAL pages, ~16 tickets) each checkpoint copied
    # them back again; every 10,000 pages copies each hot page once per ~160 tickets. tickets.create
    # and bench/creation_floor.py's driver-only replay, each alternated four times with the default:
    # 28-73 % more tickets a second. The WAL file is cut back to 64 MiB after a checkpoint.
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    cur.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
    # The search index's terms (shared.db.fts). fts5vocab reads the index it names only when
    # queried, so a database without one yet is no error here.
    cur.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TICKET_TERMS} USING fts5vocab(main, ticket_search, row)")
    cur.close()


def make_engine(url: str, *, create: bool = True, prepared_statements: bool = True, **kwargs: Any) -> Engine:
    """An engine for `url` (see shared.db.url for the URLs we take). `create=False` refuses a
    SQLite file that does not exist yet instead of starting a new, empty database there.
    `prepared_statements=False` (PostgreSQL): psycopg never prepares a statement on the server
    (prepare_threshold=None), which PgBouncer in transaction mode needs unless it tracks them
    itself (1.21+ with max_prepared_statements)."""
    parsed = parse_database_url(url)
    kwargs.setdefault("json_serializer", json_text.dumps)  # a probe's snapshot as it came (shared.db.json_text)
    if parsed.get_backend_name() == "sqlite":
        prepare_sqlite_file(parsed, create=create)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    given = kwargs.get("connect_args", {})
    bounds = {k: v for k, v in PG_CONNECTION_DEFAULTS.items() if k not in parsed.query and k not in given}
    kwargs["connect_args"] = {**bounds, **given}
    if not prepared_statements:
        kwargs["connect_args"]["prepare_threshold"] = None
    return create_engine(parsed, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # No autoflush: a service flushes when it needs ids, so each operation writes a ticket once
    # and bumps its version once.
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
