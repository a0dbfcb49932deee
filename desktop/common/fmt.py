"""Formatting shared by both apps: times in the user's zone, SLA countdowns, badges' colours.

Times are stored in UTC and shown in the signed-in user's time zone (Actor.timezone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from shared.models.enums import Priority, Status


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime | None, tz: str | ZoneInfo | None, *, with_date: bool = True) -> str:
    """`tz`: a zone's name, or the zone itself when the caller formats many times in it."""
    if value is None:
        return "—"
    local = value.astimezone(tz if isinstance(tz, ZoneInfo) else zone(tz))
    # Not strftime: it imports `time` at every call, and under PySide's import hook that is two
    # Python calls more (a third of a queue page's texts, made on a worker holding the GIL).
    if with_date:
        return f"{local.year}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"
    return f"{local.hour:02d}:{local.minute:02d}"


def duration(delta: timedelta) -> str:
    """Compact: 3d 4h, 2h 05m, 12m."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _tr("{d}d {h}h").format(d=days, h=hours)
    if hours:
        return _tr("{h}h {m:02d}m").format(h=hours, m=mins)
    return _tr("{m}m").format(m=mins)


class SlaState(StrEnum):
    NONE = "none"  # no target, or the ticket is done
    OK = "ok"
    WARNING = "warning"  # less than WARN_BEFORE left
    BREACHED = "breached"
    PAUSED = "paused"


WARN_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class SlaClock:
    state: SlaState
    text: str
    due_at: datetime | None
    clock: str  # "response" | "resolution" | ""


def sla_clock(*, status: Status, paused: bool, response_due_at: datetime | None,
              resolution_due_at: datetime | None, first_responded_at: datetime | None,
              now: datetime) -> SlaClock:
    """The clock that matters next: response until the first reply, then resolution."""
    if not Status(status).is_active:
        return SlaClock(SlaState.NONE, "—", None, "")
    due: datetime | None
    if first_responded_at is None and response_due_at is not None:
        due, which = response_due_at, "response"
    else:
        due, which = resolution_due_at, "resolution"
    if due is None:
        return SlaClock(SlaState.NONE, "—", None, "")
    if paused:
        return SlaClock(SlaState.PAUSED, _tr("paused"), due, which)
    left = due - now
    if left < timedelta(0):
        return SlaClock(SlaState.BREACHED, _tr("overdue {t}").format(t=duration(left)), due, which)
    state = SlaState.WARNING if left < WARN_BEFORE else SlaState.OK
    return SlaClock(state, duration(left), due, which)


SLA_COLOURS = {SlaState.OK: "#2e7d32", SlaState.WARNING: "#ef6c00", SlaState.BREACHED: "#c62828",
               SlaState.PAUSED: "#757575", SlaState.NONE: "#9e9e9e"}

PRIORITY_COLOURS = {Priority.P1: "#c62828", Priority.P2: "#ef6c00", Priority.P3: "#1565c0",
                    Priority.P4: "#607d8b"}


def sla_colour(state: SlaState) -> QColor:
    return QColor(SLA_COLOURS[state])


def priority_colour(priority: Priority) -> QColor:
    return QColor(PRIORITY_COLOURS[Priority(priority)])


def tier_text(tier: int) -> str:
    return f"L{tier}"
