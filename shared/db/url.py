"""Database URLs as people type them, checked before SQLAlchemy sees them.

We run on SQLite and PostgreSQL (through psycopg 3). A plain `postgresql://` or `postgres://` URL
means psycopg 3 here: SQLAlchemy's default for it is psycopg2, which we do not install. Anything
else is refused with a sentence naming what is supported, instead of a plugin-loading traceback.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from shared.errors import BadSetting, StorageUnavailable
from shared.i18n import _

SUPPORTED_HINT = "sqlite:///PATH, postgresql://USER:PASSWORD@HOST/NAME"

# Drivers we ship (psycopg 3) or that come with Python (sqlite3).
_DRIVERS = {
    "sqlite": "sqlite", "sqlite+pysqlite": "sqlite+pysqlite",
    "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg", "postgresql+psycopg2": "postgresql+psycopg",
}


def parse_database_url(url: str) -> URL:
    """The URL SQLAlchemy should use; BadSetting when it is not one we can work with."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadSetting(_("'{url}' is not a database URL; use one like {example}.").format(
            url=url, example=SUPPORTED_HINT)) from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise BadSetting(_("The database '{name}' is not supported: the helpdesk runs on SQLite and PostgreSQL "
                           "({example}).").format(name=parsed.drivername, example=SUPPORTED_HINT))
    return parsed.set(drivername=driver)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    name = url.database
    if url.query.get("uri") == "true":  # sqlite:///file:PATH?mode=ro&uri=true
        if not name.startswith("file:"):
            return None
        name = name[len("file:"):]
        if name.startswith(":memory:") or "mode=memory" in str(url.query.get("mode", "")):
            return None
    return Path(name)


def prepare_sqlite_file(url: URL, *, create: bool) -> None:
    """Make the folder of a new SQLite file, or refuse a missing one when we must not create it.

    Without this, a mistyped path silently becomes a new, empty database, and every report on it
    says zero.
    """
    path = sqlite_path(url)
    if path is None or path.exists():
        return
    if not create:
        raise StorageUnavailable(_(
            "There is no database at {path}. Check HELPDESK_DATABASE_URL (or --database-url), or create it "
            "with `helpdesk db upgrade` (empty) or `helpdesk demo` (with demo data).").format(path=path))
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise StorageUnavailable(_("Cannot create the database {path}: {blocker} is a file, not a folder.").format(
            path=path, blocker=blocker))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageUnavailable(_("Cannot create the folder for the database {path}: {reason}.").format(
            path=path, reason=exc.strerror or type(exc).__name__)) from None
