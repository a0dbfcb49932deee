"""Business-time arithmetic for SLA clocks.

A calendar has its own time zone, weekly opening hours and holidays. Instants are aware UTC
datetimes; working intervals are built in the calendar's local time and converted per day, so
DST changes are handled by zoneinfo. `None` as a calendar means the clock runs 24x7.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 3 * 366  # a search horizon: no real SLA target spans more
DAYS_KEPT = 4096  # a calendar's days whose intervals are kept (11 years); more start the memo afresh


@dataclass(frozen=True)
class Calendar:
    timezone: ZoneInfo
    # ISO weekday - 1 (Monday = 0) -> sorted, non-overlapping (start, end) local times
    hours: Mapping[int, Sequence[tuple[time, time]]]
    holidays: frozenset[date] = field(default_factory=frozenset)
    # Each day's intervals once worked out: every new ticket's four SLA instants walk the same few
    # days (four zone conversions a working day each, ~0.1 ms a ticket). The calendar is immutable
    # (a changed one is parsed afresh, see services/reference), so a day's intervals never change.
    _days: dict[date, tuple[tuple[datetime, datetime], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_spec(cls, timezone: str, hours: Mapping[str, Sequence[Sequence[str]]],
                  holidays: Sequence[date] = ()) -> Calendar:
        """Build from stored JSON: {"0": [["08:00", "17:00"]], ...}. Raises ValueError."""
        parsed: dict[int, list[tuple[time, time]]] = {}
        for day, spans in hours.items():
            weekday = int(day)
            if not 0 <= weekday <= 6:
                raise ValueError(f"weekday {day!r} is not 0..6")
            intervals = sorted((time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans)
            for (s1, e1), (s2, _e2) in itertools.pairwise(intervals):
                if s2 < e1:
                    raise ValueError(f"overlapping hours on weekday {weekday}: {s1}-{e1} and {s2}")
            for start, end in intervals:
                if end <= start:
                    raise ValueError(f"empty interval {start}-{end} on weekday {weekday}")
            if intervals:
                parsed[weekday] = intervals
        if not parsed:
            raise ValueError("a business calendar needs opening hours on at least one day")
        return cls(ZoneInfo(timezone), parsed, frozenset(holidays))

    def intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """Working intervals of a local day, as UTC instants."""
        found = self._days.get(day)
        if found is None:
            if len(self._days) >= DAYS_KEPT:
                self._days.clear()
            found = self._days[day] = self._work_out(day)
        return found

    def _work_out(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        if day in self.holidays:
            return ()
        return tuple((datetime.combine(day, start, self.timezone).astimezone(UTC),
                      datetime.combine(day, end, self.timezone).astimezone(UTC))
                     for start, end in self.hours.get(day.weekday(), ()))

    def _from(self, instant: datetime, until: datetime | None = None) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals from `instant` on, the first one clipped to start there: up to the
        local day of `until` when given (however far: a ticket paused for years is resumed), else
        within the search horizon (MAX_DAYS), past which ValueError."""
        day = instant.astimezone(self.timezone).date() - timedelta(days=1)
        days = MAX_DAYS if until is None else (until.astimezone(self.timezone).date() - day).days + 1
        for _ in range(days):
            for a, b in self.intervals(day):
                if b <= instant:
                    continue
                yield max(a, instant), b
            day += timedelta(days=1)
        if until is None:
            raise ValueError("no working time within the search horizon")


def add_business_time(calendar: Calendar | None, start: datetime, duration: timedelta) -> datetime:
    """The instant when `duration` of working time has passed after `start`."""
    if calendar is None:
        return start + duration
    remaining = duration
    if remaining <= timedelta(0):
        return start
    for a, b in calendar._from(start):
        span = b - a
        if remaining <= span:
            return a + remaining
        remaining -= span
    raise AssertionError("unreachable")  # _from raises first


def business_time_between(calendar: Calendar | None, start: datetime, end: datetime) -> timedelta:
    """Working time in [start, end); negative when end is before start."""
    if end < start:
        return -business_time_between(calendar, end, start)
    if calendar is None:
        return end - start
    total = timedelta(0)
    for a, b in calendar._from(start, until=end):
        if a >= end:
            break
        total += min(b, end) - a
    return total
