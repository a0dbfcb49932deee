"""Is an agent on shift at a given instant? Pure rules, no database: weekly slots in their own time
zone (night shifts run past midnight), then the exceptions — leave and holidays take an agent off,
cover puts them on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shared.models.enums import ShiftExceptionKind

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday
    start_minute: int
    end_minute: int  # at or before start: ends the next day
    timezone: str

    def covers(self, when: datetime) -> bool:
        local = when.astimezone(ZoneInfo(self.timezone))
        minute = local.hour * 60 + local.minute
        overnight = self.end_minute <= self.start_minute
        if local.weekday() == self.weekday and minute >= self.start_minute and (overnight or minute < self.end_minute):
            return True
        # The part of last night's shift that runs past midnight.
        yesterday = (local - timedelta(days=1)).weekday()
        return overnight and yesterday == self.weekday and minute < self.end_minute


@dataclass(frozen=True)
class RosterException:
    """An exception to the roster for a stretch of time (leave, a holiday, or cover)."""

    kind: ShiftExceptionKind
    starts_at: datetime
    ends_at: datetime

    def covers(self, when: datetime) -> bool:
        return self.starts_at <= when < self.ends_at


def on_shift(slots: Iterable[Slot], exceptions: Iterable[RosterException], when: datetime) -> bool:
    """Leave or a holiday wins over everything; cover wins over the roster; an agent without any
    slot is on duty whenever their manual switch says so (the roster does not narrow it)."""
    active = [e for e in exceptions if e.covers(when)]
    if any(e.kind in (ShiftExceptionKind.LEAVE, ShiftExceptionKind.HOLIDAY) for e in active):
        return False
    if any(e.kind is ShiftExceptionKind.COVER for e in active):
        return True
    slots = list(slots)
    return not slots or any(slot.covers(when) for slot in slots)


def parse_clock(text: str) -> int:
    """"08:30" -> 510; "24:00" -> 1440. Raises ValueError."""
    hours, _sep, minutes = text.strip().partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not 0 <= int(minutes or 0) < 60 or not 0 <= value <= MINUTES_PER_DAY:
        raise ValueError(text)
    return value
