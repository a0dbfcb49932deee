"""The suite on several cores (pytest-xdist, `pytest -n 2`): what each worker process keeps to itself.

Every worker runs its share of the tests against state no other worker touches:
- SQLite: its database lives under pytest's temp folder, which xdist already makes per worker;
- PostgreSQL: a database of its own (`helpdesk_gw0`, `helpdesk_gw1`, …) created beside the one
  HELPDESK_DATABASE_URL names, on the same server, and dropped at the end; HELPDESK_DATABASE_URL
  is rewritten to it, so the CLI, the servers and the subprocesses the tests start use it too;
- a home folder of its own (Qt's settings and its test mode's ~/.qttest, anything under ~/.config),
  as `run.py`'s side-by-side runs give the PostgreSQL pass.
Servers (sshd, Dovecot, slapd, the live HTTP server) already listen on free ports. Without xdist
(and in xdist's controller) nothing here changes anything.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass

from sqlalchemy import URL, create_engine, make_url, text

XDG_HOMES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@dataclass(frozen=True)
class Isolation:
    """What `isolate` made, for `release` to undo."""

    home: str
    server_url: str | None = None  # the database HELPDESK_DATABASE_URL named before
    database: str | None = None  # the worker's own, on that server


def worker_id() -> str | None:
    """`gw0`, `gw1`, … in an xdist worker; None in a plain run and in xdist's controller."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def isolate() -> Isolation | None:
    """In an xdist worker: a home folder and (on PostgreSQL) a database of its own, in the
    environment of this process and of everything it starts."""
    worker = worker_id()
    if worker is None:
        return None
    home = tempfile.mkdtemp(prefix=f"helpdesk-tests-{worker}-home-")
    os.environ["HOME"] = home
    for name in XDG_HOMES:  # they then default to folders under the new home
        os.environ.pop(name, None)
    url = os.environ.get("HELPDESK_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return Isolation(home)
    server = make_url(url)
    own = server.set(database=f"{server.database}_{worker}")
    database = own.database or ""
    _on_server(server, [f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"'])
    os.environ["HELPDESK_DATABASE_URL"] = own.render_as_string(hide_password=False)
    return Isolation(home, url, database)


def release(made: Isolation | None) -> None:
    """At the worker's end: its database dropped (whatever still holds a connection to it is
    disconnected), its home folder deleted."""
    if made is None:
        return
    if made.server_url and made.database:
        _on_server(make_url(made.server_url), [f'DROP DATABASE IF EXISTS "{made.database}" WITH (FORCE)'])
    shutil.rmtree(made.home, ignore_errors=True)


def _on_server(server: URL, statements: list[str]) -> None:
    """Statements that run outside a transaction (CREATE/DROP DATABASE), on a connection to `server`."""
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()
