"""desktop.common.fmt.local_time formats without strftime (which imports `time` at every call,
two Python calls more under PySide's import hook, on the worker that makes a queue page's texts):
the same texts as strftime's, in every zone, across daylight-saving changes and day boundaries."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.common.fmt import local_time

ZONES = ("UTC", "Asia/Jakarta", "America/Lima", "Europe/Berlin", "Australia/Adelaide", "Asia/Kathmandu")


def test_the_texts_are_strftimes() -> None:
    start = datetime(2026, 3, 27, 22, 59, 30, tzinfo=UTC)  # Berlin's clocks change on the 29th
    instants = [start + timedelta(minutes=37 * i) for i in range(400)] + [
        datetime(2026, 12, 31, 23, 59, tzinfo=UTC), datetime(1999, 1, 1, 0, 0, tzinfo=UTC)]
    for name in ZONES:
        for at in instants:
            local = at.astimezone(ZoneInfo(name))
            assert local_time(at, name) == local.strftime("%Y-%m-%d %H:%M"), (name, at)
            assert local_time(at, ZoneInfo(name), with_date=False) == local.strftime("%H:%M"), (name, at)
    assert local_time(None, "UTC") == "—"
    assert local_time(start, "No/Such_Zone") == "2026-03-27 22:59"  # an unknown zone is UTC


def test_no_strftime_is_called(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object) -> str:
        raise AssertionError("strftime called")

    monkeypatch.setattr(time, "strftime", refused)  # what datetime.strftime calls
    assert local_time(datetime(2026, 7, 4, 5, 6, tzinfo=UTC), "Asia/Jakarta") == "2026-07-04 12:06"
