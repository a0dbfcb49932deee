"""Who is on shift: weekly slots in their own time zone, night shifts past midnight, and exceptions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.models.enums import ShiftExceptionKind as K
from shared.rules.shifts import RosterException, Slot, on_shift, parse_clock

DAY = Slot(weekday=0, start_minute=8 * 60, end_minute=17 * 60, timezone="Asia/Jakarta")  # Monday 08–17 WIB
NIGHT = Slot(weekday=4, start_minute=22 * 60, end_minute=6 * 60, timezone="Asia/Jakarta")  # Friday 22–06


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    """March 2026: the 2nd is a Monday; Jakarta is UTC+7."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) + timedelta(hours=-7)


def test_a_day_shift_in_its_own_time_zone() -> None:
    assert not DAY.covers(wib(2, 7, 59))
    assert DAY.covers(wib(2, 8, 0)) and DAY.covers(wib(2, 16, 59))
    assert not DAY.covers(wib(2, 17, 0))
    assert not DAY.covers(wib(3, 9))  # Tuesday


def test_a_night_shift_runs_past_midnight_into_the_next_day() -> None:
    assert NIGHT.covers(wib(6, 23)) and NIGHT.covers(wib(7, 5, 59))
    assert not NIGHT.covers(wib(7, 6)) and not NIGHT.covers(wib(6, 21, 59))
    assert not NIGHT.covers(wib(8, 1))  # Sunday early: Saturday had no night shift


def test_exceptions_leave_and_holiday_win_cover_adds() -> None:
    monday_nine = wib(2, 9)
    leave = RosterException(K.LEAVE, wib(2, 0), wib(3, 0))
    cover = RosterException(K.COVER, wib(2, 18), wib(2, 22))
    assert on_shift([DAY], [], monday_nine)
    assert not on_shift([DAY], [leave], monday_nine)
    assert not on_shift([DAY], [RosterException(K.HOLIDAY, wib(2, 0), wib(3, 0)), cover], monday_nine)
    assert not on_shift([DAY], [], wib(2, 19)) and on_shift([DAY], [cover], wib(2, 19))
    assert on_shift([], [], wib(8, 3))  # no roster: the manual switch alone decides
    assert not on_shift([], [leave], monday_nine)


def test_clock_times() -> None:
    assert parse_clock("08:30") == 510 and parse_clock("24:00") == 1440 and parse_clock("7") == 420
    for bad in ("25:00", "08:60", "noon", "-1:00"):
        with pytest.raises(ValueError):
            parse_clock(bad)
