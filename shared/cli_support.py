"""What CLI plugins get. Other packages (desktop, mail, the HTTP server) add `helpdesk`
subcommands through the entry-point group `helpdesk.commands`:

    [project.entry-points."helpdesk.commands"]
    console = "desktop.console.app:register_cli"

`register_cli(subparsers)` adds its parser(s) and sets `handler=` to a function
`(args: argparse.Namespace, ctx: CliContext) -> int`. This keeps dependencies pointing one way:
the core never imports the packages that extend it.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from shared.i18n import N_, _

if TYPE_CHECKING:  # imported when used: `helpdesk console` starts by parsing its arguments, not with SQLAlchemy
    from shared.config import Settings
    from shared.db.database import Database


@dataclass
class CliContext:
    settings: Settings
    out: TextIO = field(default_factory=lambda: sys.stdout)
    _db: Database | None = None

    def database(self, *, migrate: bool = True, create: bool = False) -> Database:
        """The database, migrated to the newest schema (and seeded with defaults) on first use.

        A SQLite file that does not exist is refused (StorageUnavailable, saying where we looked)
        unless `create`: only `db upgrade` and `demo` start a new database, so a mistyped path
        never turns into an empty one that every report calls "zero"."""
        if self._db is None:
            from shared.db.database import open_database

            self._db = open_database(self.settings, migrate=migrate, create=create)
            if migrate:
                from shared.services.seed import ensure_defaults

                ensure_defaults(self._db.uow())
        return self._db

    def import_database_code(self) -> None:
        """Import the code that `database()` runs (the engine, the schema check, the defaults' counts,
        and the URL's SQLAlchemy dialect) without opening anything, for a caller that wants it
        imported at a moment of its choosing: the console does it before importing Qt, after which
        every import costs more (desktop.console.app.import_first_screen).

        A failure here is left to `database()`, which fails the same way where it always did: an
        import that failed leaves nothing behind, and a bad URL is refused there, in one line."""
        with contextlib.suppress(Exception):  # database() reports it, where it always did
            from shared.db import database, prepared  # noqa: F401  (prepared: the reference data's driver SQL)
            from shared.db.url import parse_database_url
            from shared.services import seed  # noqa: F401

            parse_database_url(self.settings.database_url).get_dialect()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def whole_number(low: int, high: int, message: str | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (a count of days, which datetime cannot
    take beyond ~2.7 million; a port, which the socket layer would wrap round). `message`: the
    refusal (an N_() text with {value}, {low} and {high}), translated when it is shown."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            text = _(message) if message else _("'{value}' is out of range: use a whole number from {low} to {high}")
            raise argparse.ArgumentTypeError(text.format(value=value, low=low, high=high))
        return number
    return parse


# Ids are INTEGER columns, and PostgreSQL's integer holds no more (the HTTP API has the same bound).
ID_MAX = 2**31 - 1

# A record's id as a command names it (an incident, a rule, a checklist, a canned response): a
# bigger one failed in the database's driver (OverflowError, NumericValueOutOfRange).
record_id = whole_number(1, ID_MAX, N_("'{value}' is not an id: use a whole number from 1 to {high}"))
