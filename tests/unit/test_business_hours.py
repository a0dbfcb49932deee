from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.rules import business_hours
from shared.rules.business_hours import Calendar, add_business_time, business_time_between

JKT = ZoneInfo("Asia/Jakarta")
OFFICE = {str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}


@pytest.fixture
def cal() -> Calendar:
    return Calendar.from_spec("Asia/Jakarta", OFFICE, [date(2026, 3, 19)])  # a Thursday holiday


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=JKT)  # type: ignore[misc]


def test_within_one_morning(cal: Calendar) -> None:
    assert add_business_time(cal, local(2026, 3, 2, 9, 0), timedelta(hours=2)) == local(2026, 3, 2, 11, 0)


def test_skips_lunch(cal: Calendar) -> None:
    assert add_business_time(cal, local(2026, 3, 2, 11, 0), timedelta(hours=2)) == local(2026, 3, 2, 14, 0)


def test_starting_outside_hours_waits_for_opening(cal: Calendar) -> None:
    assert add_business_time(cal, local(2026, 3, 2, 6, 30), timedelta(minutes=30)) == local(2026, 3, 2, 8, 30)
    assert add_business_time(cal, local(2026, 3, 2, 20, 0), timedelta(hours=1)) == local(2026, 3, 3, 9, 0)


def test_friday_evening_rolls_over_the_weekend(cal: Calendar) -> None:
    assert add_business_time(cal, local(2026, 3, 6, 16, 0), timedelta(hours=2)) == local(2026, 3, 9, 9, 0)


def test_holiday_is_skipped(cal: Calendar) -> None:
    assert add_business_time(cal, local(2026, 3, 18, 16, 0), timedelta(hours=2)) == local(2026, 3, 20, 9, 0)


def test_between_is_the_inverse_of_add(cal: Calendar) -> None:
    start = local(2026, 3, 5, 10, 17)
    for minutes in (1, 59, 60 * 7, 60 * 8, 60 * 40, 60 * 100):
        end = add_business_time(cal, start, timedelta(minutes=minutes))
        assert business_time_between(cal, start, end) == timedelta(minutes=minutes)


def test_between_counts_only_open_hours(cal: Calendar) -> None:
    # Friday 16:00 -> Monday 10:00: 1 h on Friday + 2 h on Monday
    assert business_time_between(cal, local(2026, 3, 6, 16), local(2026, 3, 9, 10)) == timedelta(hours=3)
    assert business_time_between(cal, local(2026, 3, 9, 10), local(2026, 3, 6, 16)) == -timedelta(hours=3)


def test_no_calendar_means_around_the_clock() -> None:
    start = datetime(2026, 3, 7, 23, 0, tzinfo=UTC)
    assert add_business_time(None, start, timedelta(hours=4)) == start + timedelta(hours=4)
    assert business_time_between(None, start, start + timedelta(hours=4)) == timedelta(hours=4)


def test_dst_change_uses_local_wall_clock() -> None:
    # Berlin springs forward on Sunday 29 March 2026; opening hours stay 09:00-17:00 local.
    berlin = Calendar.from_spec("Europe/Berlin", {str(d): [["09:00", "17:00"]] for d in range(5)})
    friday = datetime(2026, 3, 27, 16, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    due = add_business_time(berlin, friday, timedelta(hours=2))
    assert due == datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert due.astimezone(UTC).hour == 8  # UTC+2 after the change, UTC+1 before


@pytest.mark.parametrize("hours", [{}, {"0": [["17:00", "08:00"]]}, {"7": [["08:00", "09:00"]]},
                                   {"0": [["08:00", "12:00"], ["11:00", "13:00"]]}])
def test_bad_calendars_are_refused(hours: dict[str, list[list[str]]]) -> None:
    with pytest.raises(ValueError):
        Calendar.from_spec("Asia/Jakarta", hours)


def test_a_days_intervals_are_worked_out_once(cal: Calendar) -> None:
    # Every new ticket's four SLA instants walk the same few days: each is converted once.
    wednesday = date(2026, 3, 18)
    first = cal.intervals(wednesday)
    assert cal.intervals(wednesday) is first
    assert first == ((local(2026, 3, 18, 8).astimezone(UTC), local(2026, 3, 18, 12).astimezone(UTC)),
                     (local(2026, 3, 18, 13).astimezone(UTC), local(2026, 3, 18, 17).astimezone(UTC)))
    assert cal.intervals(date(2026, 3, 19)) == ()  # the holiday
    assert cal.intervals(date(2026, 3, 21)) == ()  # a Saturday
    assert cal == Calendar.from_spec("Asia/Jakarta", OFFICE, [date(2026, 3, 19)])  # what it keeps is no part of it


def test_the_kept_days_are_bounded_and_a_dropped_day_is_worked_out_again(
        cal: Calendar, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(business_hours, "DAYS_KEPT", 3)
    fresh = Calendar.from_spec("Asia/Jakarta", OFFICE, [date(2026, 3, 19)])
    days = [date(2026, 3, 2) + timedelta(days=i) for i in range(10)]
    for day in days:
        cal.intervals(day)
        assert len(cal._days) <= 3
    assert [cal.intervals(day) for day in days] == [fresh._work_out(day) for day in days]
    # The same instants as a calendar that keeps nothing, over three weeks of starts.
    start = local(2026, 3, 2, 7, 30)
    for hours in range(0, 21 * 24, 5):
        when = start + timedelta(hours=hours)
        assert add_business_time(cal, when, timedelta(hours=9)) == _uncached_add(fresh, when, timedelta(hours=9))


def _uncached_add(cal: Calendar, start: datetime, duration: timedelta) -> datetime:
    """add_business_time over intervals worked out afresh for every day."""
    remaining, day = duration, start.astimezone(cal.timezone).date() - timedelta(days=1)
    while True:
        for opens, b in cal._work_out(day):
            if b <= start:
                continue
            a = max(opens, start)
            if remaining <= b - a:
                return a + remaining
            remaining -= b - a
        day += timedelta(days=1)


def test_between_spans_any_length_of_time(cal: Calendar) -> None:
    """A ticket paused for four years (pending a vendor, forgotten) and resumed: its pause is counted
    in full, past the three-year horizon that bounds looking for when a target falls due."""
    start, end = local(2022, 3, 21, 8, 0), local(2026, 3, 23, 8, 0)  # Mondays, 209 weeks apart
    open_days = sum(1 for n in range((end - start).days) if (start.date() + timedelta(days=n)).weekday() < 5)
    assert open_days == 5 * 209
    holidays = 1  # 2026-03-19, a Thursday
    assert business_time_between(cal, start, end) == timedelta(hours=8) * (open_days - holidays)
    assert business_time_between(cal, end, start) == -business_time_between(cal, start, end)
    assert business_time_between(cal, local(2026, 3, 7, 9), local(2026, 3, 8, 17)) == timedelta(0)  # a weekend
