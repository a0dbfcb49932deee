"""Why the database could not be used, in the reader's words.

"OperationalError" tells nobody what to fix. SQLite names its error (`sqlite_errorname`),
PostgreSQL gives a SQLSTATE once connected, and libpq explains connection failures in a sentence
(always in English, whatever the server's language): each maps to a cause someone can act on.
"""

from __future__ import annotations

import re

from shared.i18n import _

# SQLSTATE classes and codes (PostgreSQL appendix A) that are the user's to fix.
_AUTH_STATES = ("28000", "28P01")  # invalid authorization / wrong password (also: no such role)
_NO_DATABASE = "3D000"
_NO_PERMISSION = "42501"
_READ_ONLY = "25006"


def _sqlite_cause(name: str) -> str | None:
    if name.startswith("SQLITE_READONLY"):
        return _("the database file is read-only (check its permissions and those of its folder)")
    if name.startswith("SQLITE_CANTOPEN"):
        return _("the database file cannot be opened (check that its folder exists and may be written)")
    if name.startswith("SQLITE_PERM") or name.startswith("SQLITE_AUTH"):
        return _("permission denied")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return _("the database is busy: another program holds a lock on it")
    if name.startswith("SQLITE_FULL"):
        return _("the disk is full")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return _("the file is not a helpdesk database (or it is damaged)")
    if name.startswith("SQLITE_IOERR"):
        return _("the disk reported an input/output error")
    return None


def _postgres_cause(text: str, sqlstate: str | None) -> str | None:
    if sqlstate in _AUTH_STATES or "authentication failed" in text or re.search(r'role ".*" does not exist', text):
        return _("the database server refused the sign-in (check the user name and password in the URL)")
    if sqlstate == _NO_DATABASE or re.search(r'database ".*" does not exist', text):
        return _("the database named in the URL does not exist on the server")
    if sqlstate == _NO_PERMISSION or "permission denied" in text:
        return _("permission denied (the database user lacks the rights it needs)")
    if sqlstate == _READ_ONLY or "read-only transaction" in text:
        return _("the database server accepts no changes right now (read-only)")
    host = re.search(r"failed to resolve host '([^']*)'|could not translate host name \"([^\"]*)\"", text)
    if host:
        return _("the host name {host} is unknown (check the URL)").format(host=host.group(1) or host.group(2))
    if "Connection refused" in text:
        where = re.search(r'server at "([^"]*)", port (\d+)', text)
        return _("{where} refused the connection (is the database server running, on that port?)").format(
            where=f"{where.group(1)}:{where.group(2)}" if where else _("the server"))
    if "timeout expired" in text or "timed out" in text:
        return _("the database server did not answer in time")
    if "No such file or directory" in text and "socket" in text:
        return _("no database server is listening on the local socket")
    return None


def describe(exc: BaseException) -> str | None:
    """A translated cause for a DBAPI error (raw or wrapped by SQLAlchemy), or None when we cannot
    tell it apart from a bug."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        return _sqlite_cause(name)
    sqlstate = getattr(orig, "sqlstate", None)
    return _postgres_cause(str(orig), sqlstate if isinstance(sqlstate, str) else None)


def cause_of(exc: BaseException) -> str:
    """`describe(exc)`, or else the driver's own first line (in its words, better than a class name)."""
    known = describe(exc)
    if known:
        return known
    orig = getattr(exc, "orig", None) or exc
    first = next((line.strip() for line in str(orig).splitlines() if line.strip()), "")
    return first[:200] or type(orig).__name__
