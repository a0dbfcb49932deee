"""Dates inside stored messages (forecasts, preventive tickets) are shown in the reader's language,
not as ISO 8601: `say_date` keeps the day language-neutral, `said_text` formats it (Babel)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from shared.i18n import reading_in, said_text, say, say_date, set_language
from shared.services import forecast, history
from shared.timefmt import fmt_date

GB = 1024**3


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def test_a_disk_forecast_explains_itself_with_dates_in_english_and_indonesian() -> None:
    found = forecast.DiskForecast(free=12 * GB, per_day=2 * GB, since=date(2026, 11, 3), full_on=date(2026, 12, 18))
    said = found.explain("C:\\")
    assert said_text(said, "en") == (
        "C:\\: 12.0 GB free, falling 2.0 GB a day since Nov 3, 2026: full around Dec 18, 2026"
    )
    indonesian = said_text(said, "id")
    assert "3 Nov 2026" in indonesian and "18 Des 2026" in indonesian
    assert "2026-12-18" not in indonesian and "Dec" not in indonesian


def test_the_board_language_follows_the_active_language() -> None:
    said = say("Disk {mount} will be full around {date}", mount="/", date=say_date(date(2026, 12, 18)))
    set_language("en")
    assert said_text(said) == "Disk / will be full around Dec 18, 2026"
    set_language("id")
    assert said_text(said) == "Disk / akan penuh sekitar 18 Des 2026"


def test_a_server_answering_in_the_readers_language_formats_the_date_in_it_too() -> None:
    said = say("Battery will be worn out around {date}", date=say_date(date(2027, 3, 1)))
    set_language("en")
    with reading_in("id"):
        text = said_text(said)
    assert "1 Mar 2027" in text and "Mar 1, 2027" not in text
    assert said_text(said) == "Battery will be worn out around Mar 1, 2027"


def test_findings_store_dates_not_iso_text() -> None:
    findings = forecast.findings(_filling_history(), date(2026, 12, 1))
    (disk,) = findings
    assert disk.summary["args"]["date"] == {"date": disk.due.isoformat()}
    assert fmt_date(disk.due, language="id") in said_text(disk.summary, "id")


def test_messages_stored_before_keep_their_text() -> None:
    # Forecasts written before say_date carried ISO strings: still shown, unchanged.
    said = say("Disk {mount} will be full around {date}", mount="/", date="2026-12-18")
    assert said_text(said, "en") == "Disk / will be full around 2026-12-18"
    assert said_text(say("{date}", date={"date": "not a date"}), "en") == "not a date"


def _filling_history() -> history.History:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    points = tuple((start + timedelta(hours=6 * k), int((40 - 0.25 * k) * GB)) for k in range(4 * 30))
    return history.History(machine_id=1, points=(), volumes=(history.VolumeSeries("/", 100 * GB, points),))
