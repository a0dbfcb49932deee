"""Helpers shared by the `helpdesk admin` commands."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, datetime
from pathlib import Path

from shared.auth.permissions import SYSTEM, Actor
from shared.cli_support import CliContext
from shared.errors import NotFound
from shared.i18n import _
from shared.services import users
from shared.timefmt import local_zone


def actor(args: argparse.Namespace, ctx: CliContext) -> Actor:
    name = getattr(args, "as_user", None)
    return users.actor_for(ctx.database().uow(), name) if name else SYSTEM


def read_file(path: str) -> bytes:
    """The file's bytes, or NotFound with one readable line (never a traceback)."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise NotFound(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)) from None


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not a date like 2026-01-31").format(value=value)) from None


def instant(value: str) -> datetime:
    """A date (its local midnight) or a date and time (local unless it names its offset)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date like 2026-01-31 or a time like 2026-01-31T08:00").format(value=value)) from None
    return parsed


def to_utc(value: datetime | None, zone: str | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=local_zone(zone))
    return value.astimezone(UTC)


_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m?)?$")


def minutes(value: str) -> int:
    """90, 90m, 4h or 1h30m. No days: a business day's length depends on the calendar."""
    m = _DURATION.match(value.strip().lower())
    if not value.strip() or m is None:
        raise argparse.ArgumentTypeError(_("'{value}' is not a duration like 30m, 4h or 1h30m").format(value=value))
    h, mins = (int(g) if g else 0 for g in m.groups())
    return h * 60 + mins


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
