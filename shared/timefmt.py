"""Showing stored UTC instants in the user's time zone and language (Babel)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from shared.i18n import _, current_language


def local_zone(name: str | None = None) -> tzinfo:
    """The named zone, else the OS zone."""
    if name:
        return ZoneInfo(name)
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def fmt_datetime(value: datetime | None, zone: str | None = None, *, fmt: str = "medium",
                 language: str | None = None) -> str:
    if value is None:
        return "—"
    return format_datetime(value, format=fmt, tzinfo=local_zone(zone), locale=language or current_language())


def fmt_date(value: date | None, *, fmt: str = "medium", language: str | None = None) -> str:
    """A calendar date in the reader's language ("Dec 18, 2026", "18 Des 2026"). A date has no time
    zone to convert: it is shown as the day it names."""
    if value is None:
        return "—"
    return format_date(value, format=fmt, locale=language or current_language())


def fmt_duration(seconds: float | None) -> str:
    """Minutes below an hour, hours below two days, then days; one decimal, localised."""
    if seconds is None:
        return "—"
    lang = current_language()
    if abs(seconds) < 3600:
        return _("{n} min").format(n=format_decimal(round(seconds / 60), locale=lang))
    if abs(seconds) < 48 * 3600:
        return _("{n} h").format(n=format_decimal(round(seconds / 3600, 1), locale=lang))
    return _("{n} d").format(n=format_decimal(round(seconds / 86400, 1), locale=lang))


def fmt_percent(share: float | None) -> str:
    if share is None:
        return "—"
    return f"{format_decimal(round(share * 100, 1), locale=current_language())} %"


def fmt_number(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else format_decimal(round(value, decimals), locale=current_language())
