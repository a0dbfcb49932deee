"""Business calendars: their time zone, weekly opening hours and holidays, with holidays
importable from an iCalendar (.ics) file such as a public-holiday feed."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import BusinessCalendar, Holiday, SlaPolicy
from shared.rules.business_hours import Calendar
from shared.services._common import clean_text
from shared.services.admin.audit import record
from shared.services.uow import UnitOfWork

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ICS_MAX_BYTES = 2 * 1024 * 1024
MAX_DAYS_PER_EVENT = 31  # a holiday "event" longer than a month is a mistake in the file
_DATES = frozenset({"DTSTART", "DTEND", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})
RECURRENCE_YEARS = 2  # a recurring event's dates up to the end of the year after next (import again later)


@dataclass(frozen=True)
class HolidayRow:
    day: date
    name: str


@dataclass(frozen=True)
class CalendarRow:
    id: int
    name: str
    timezone: str
    hours: str  # as `format_hours` writes it: "mon-fri 08:00-12:00 13:00-17:00"
    holidays: tuple[HolidayRow, ...]
    policies: tuple[str, ...]  # the priorities whose SLA runs on it


def format_hours(hours: Mapping[str, Sequence[Sequence[str]]]) -> str:
    """{"0": [["08:00", "17:00"]], ...} as "mon-fri 08:00-17:00; sat 08:00-12:00" (days with the
    same hours grouped when consecutive)."""
    spans = [" ".join(f"{a}-{b}" for a, b in hours.get(str(d), [])) for d in range(7)]
    parts: list[str] = []
    d = 0
    while d < 7:
        if not spans[d]:
            d += 1
            continue
        end = d
        while end + 1 < 7 and spans[end + 1] == spans[d]:
            end += 1
        days = DAYS[d] if end == d else f"{DAYS[d]}-{DAYS[end]}"
        parts.append(f"{days} {spans[d]}")
        d = end + 1
    return "; ".join(parts)


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$|^24:00$")


def parse_hours(text: str) -> dict[str, list[list[str]]]:
    """The inverse of `format_hours`. Raises ValidationFailed with the part that is wrong."""
    hours: dict[str, list[list[str]]] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        days_text, _sep, spans_text = part.partition(" ")
        first, _dash, last = days_text.lower().partition("-")
        if first not in DAYS or (last and last not in DAYS) or not spans_text.strip():
            raise ValidationFailed(_("'{part}' is not like 'mon-fri 08:00-17:00'.").format(part=part), field="hours")
        a, b = DAYS.index(first), DAYS.index(last or first)
        if b < a:
            raise ValidationFailed(_("'{part}' is not like 'mon-fri 08:00-17:00'.").format(part=part), field="hours")
        spans = []
        for span in spans_text.split():
            start, _d, end = span.partition("-")
            if not (_TIME.match(start) and _TIME.match(end)):
                raise ValidationFailed(_("'{span}' is not a time span like 08:00-17:00.").format(span=span),
                                       field="hours")
            spans.append([start.zfill(5), end.zfill(5)])
        for day in range(a, b + 1):
            hours[str(day)] = spans
    try:
        Calendar.from_spec("UTC", hours)
    except ValueError as exc:
        raise ValidationFailed(_("Invalid business hours: {error}").format(error=exc), field="hours") from None
    return hours


def _zone(timezone: str) -> str:
    try:
        ZoneInfo(timezone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(_("Unknown time zone '{tz}'.").format(tz=timezone), field="timezone") from None
    return timezone.strip()


def _find(session: Session, calendar: int | str) -> BusinessCalendar:
    found = session.get(BusinessCalendar, calendar) if isinstance(calendar, int) else \
        session.scalar(select(BusinessCalendar).where(BusinessCalendar.name == calendar.strip()))
    if found is None:
        raise NotFound(_("Unknown calendar '{name}'.").format(name=calendar))
    return found


def _row(session: Session, cal: BusinessCalendar) -> CalendarRow:
    policies = tuple(sorted(session.scalars(select(SlaPolicy.priority).where(SlaPolicy.calendar_id == cal.id))))
    return CalendarRow(cal.id, cal.name, cal.timezone, format_hours(cal.hours),
                       tuple(HolidayRow(h.day, h.name) for h in sorted(cal.holidays, key=lambda h: h.day)),
                       tuple(str(p) for p in policies))


def list_calendars(uow: UnitOfWork, actor: Actor) -> list[CalendarRow]:
    """By name, with their holidays. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        return [_row(s, c) for c in s.scalars(select(BusinessCalendar).order_by(BusinessCalendar.name))]


def get(uow: UnitOfWork, actor: Actor, calendar: int | str) -> CalendarRow:
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        return _row(uow.session, _find(uow.session, calendar))


def create(uow: UnitOfWork, actor: Actor, name: str, *, timezone: str, hours: str) -> CalendarRow:
    """Permission: config:manage. Raises ValidationFailed (name taken, zone, hours). Audited."""
    require(actor, Permission.CONFIG_MANAGE)
    spec, zone = parse_hours(hours), _zone(timezone)
    with uow:
        s = uow.session
        name = clean_text(name, "name", max_len=80)
        if s.scalar(select(BusinessCalendar.id).where(BusinessCalendar.name == name)) is not None:
            raise ValidationFailed(_("A calendar called '{name}' exists already.").format(name=name), field="name")
        cal = BusinessCalendar(name=name, timezone=zone, hours=spec)
        s.add(cal)
        s.flush()
        record(s, actor, uow.now(), "calendar.create", "calendar", cal.id,
               after={"name": name, "timezone": zone, "hours": format_hours(spec)})
        uow.commit()
        return _row(s, cal)


def edit(uow: UnitOfWork, actor: Actor, calendar: int | str, *, name: str | None = None,
         timezone: str | None = None, hours: str | None = None) -> CalendarRow:
    """Rename a calendar or change its zone or hours. Permission: config:manage. Audited."""
    require(actor, Permission.CONFIG_MANAGE)
    spec = parse_hours(hours) if hours is not None else None
    zone = _zone(timezone) if timezone is not None else None
    with uow:
        s = uow.session
        cal = _find(s, calendar)
        before = {"name": cal.name, "timezone": cal.timezone, "hours": format_hours(cal.hours)}
        if name is not None:
            new_name = clean_text(name, "name", max_len=80)
            other = s.scalar(select(BusinessCalendar.id).where(BusinessCalendar.name == new_name))
            if other is not None and other != cal.id:
                raise ValidationFailed(_("A calendar called '{name}' exists already.").format(name=new_name),
                                       field="name")
            cal.name = new_name
        if zone is not None:
            cal.timezone = zone
        if spec is not None:
            cal.hours = spec
        after = {"name": cal.name, "timezone": cal.timezone, "hours": format_hours(cal.hours)}
        changed = [k for k in after if after[k] != before[k]]
        if changed:
            record(s, actor, uow.now(), "calendar.edit", "calendar", cal.id, before={k: before[k] for k in changed},
                   after={k: after[k] for k in changed})
        uow.commit()
        return _row(s, cal)


def add_holiday(uow: UnitOfWork, actor: Actor, calendar: int | str, day: date, name: str) -> CalendarRow:
    """A day the calendar's clock stands still. Permission: config:manage. Raises
    ValidationFailed when the day is a holiday already. Audited as holiday.add."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        cal = _find(s, calendar)
        label = clean_text(name, "name", max_len=120)
        if any(h.day == day for h in cal.holidays):
            raise ValidationFailed(_("{day} is a holiday in {calendar} already.").format(
                day=day.isoformat(), calendar=cal.name), field="day")
        cal.holidays.append(Holiday(day=day, name=label))
        record(s, actor, uow.now(), "holiday.add", "calendar", cal.id, after={"day": day.isoformat(), "name": label})
        uow.commit()
        return _row(s, cal)


def remove_holiday(uow: UnitOfWork, actor: Actor, calendar: int | str, day: date) -> CalendarRow:
    """Permission: config:manage. Raises NotFound when the day is no holiday there. Audited."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        cal = _find(s, calendar)
        found = next((h for h in cal.holidays if h.day == day), None)
        if found is None:
            raise NotFound(_("{day} is no holiday in {calendar}.").format(day=day.isoformat(), calendar=cal.name))
        cal.holidays.remove(found)
        record(s, actor, uow.now(), "holiday.remove", "calendar", cal.id,
               before={"day": day.isoformat(), "name": found.name})
        uow.commit()
        return _row(s, cal)


# --- iCalendar import ---------------------------------------------------------------------------

def parse_ics(data: bytes, timezone: str = "UTC", *, today: date | None = None) -> list[HolidayRow]:
    """The holidays an iCalendar file lists: each VEVENT's days (an all-day event's DTEND is the
    day after its last), named by its SUMMARY, sorted; a timed event counts on its local date in
    `timezone`. A recurring event (RRULE, RDATE, with its EXDATEs and the occurrences moved or
    cancelled by a RECURRENCE-ID) gives its dates from a year before `today` to the end of the
    year after next (`RECURRENCE_YEARS`): a company's "every 17 August" exported from Outlook, not
    only its first year. A cancelled event gives none. Raises ValidationFailed for a file that is
    not iCalendar."""
    import icalendar  # only admins import calendars; keep it out of everyone's start-up

    if len(data) > ICS_MAX_BYTES:
        raise ValidationFailed(_("The calendar file is too large (at most {n} MiB).").format(
            n=ICS_MAX_BYTES // (1024 * 1024)), field="file")
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise ValidationFailed(_("This is not an iCalendar (.ics) file: {error}").format(error=exc),
                               field="file") from None
    zone = ZoneInfo(timezone)
    today = today or datetime.now(zone).date()
    window = (today - timedelta(days=366), date(today.year + RECURRENCE_YEARS, 12, 31))
    events = list(cal.walk("VEVENT"))
    moved = {(str(e.get("UID", "")), d) for e in events if (d := _day(e.get("RECURRENCE-ID"), zone)) is not None}
    found: dict[date, str] = {}
    for event in events:
        # icalendar keeps a property it cannot read aside (event.errors); a dropped RRULE would
        # import one day where the file meant every year, without a word.
        unread = [f"{prop}: {why}" for prop, why in getattr(event, "errors", []) if prop in _DATES]
        if unread:
            raise ValidationFailed(_("The event “{name}” has dates that cannot be read: {error}").format(
                name=" ".join(str(event.get("SUMMARY", "")).split()), error="; ".join(unread)), field="file")
        start = _day(event.get("DTSTART"), zone)
        if start is None or str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        end = _day(event.get("DTEND"), zone)
        days = max(1, min((end - start).days, MAX_DAYS_PER_EVENT)) if end is not None and end > start else 1
        name = " ".join(str(event.get("SUMMARY", "")).split())[:120] or _("Holiday")
        uid = str(event.get("UID", ""))
        for first in _occurrences(event, start, zone, window):
            if event.get("RECURRENCE-ID") is None and (uid, first) in moved:
                continue  # this occurrence was moved or cancelled: its own VEVENT says where
            for n in range(days):
                found.setdefault(first + timedelta(days=n), name)
    return [HolidayRow(d, n) for d, n in sorted(found.items())]


def _occurrences(event: Any, start: date, zone: ZoneInfo, window: tuple[date, date]) -> list[date]:
    """The days an event starts on: DTSTART alone, or its recurrence within `window`."""
    rule, extra = event.get("RRULE"), _days(event.get("RDATE"), zone)
    if rule is None and not extra:
        return [start]
    from dateutil.rrule import rrulestr  # icalendar's own dependency

    days = {start, *extra}
    for one in rule if isinstance(rule, list) else [rule] if rule is not None else []:
        try:
            recurrence = rrulestr(_local_rule(one, zone), dtstart=datetime.combine(start, time()))
        except (ValueError, TypeError) as exc:
            raise ValidationFailed(_("The event “{name}” has dates that cannot be read: {error}").format(
                name=str(event.get("SUMMARY", "")), error=exc), field="file") from None
        days.update(d.date() for d in recurrence.between(datetime.combine(window[0], time()),
                                                         datetime.combine(window[1], time.max), inc=True))
    days -= set(_days(event.get("EXDATE"), zone))
    return sorted(d for d in days if window[0] <= d <= window[1])


def _local_rule(rule: Any, zone: ZoneInfo) -> str:
    """An RRULE as dateutil reads it against a local, naive start: its UNTIL as the end of a local
    day (dateutil refuses an UNTIL in UTC against a naive start)."""
    values = dict(rule)
    until = values.pop("UNTIL", None)
    text: str = rule.__class__(values).to_ical().decode()
    last = _day_of(until[0], zone) if until else None
    return text + (f";UNTIL={last:%Y%m%d}T235959" if last is not None else "")


def _days(prop: Any, zone: ZoneInfo) -> list[date]:
    """The days of an RDATE or EXDATE property (one or several lines, each one or more values;
    a PERIOD counts on its start)."""
    out: list[date] = []
    for line in prop if isinstance(prop, list) else [prop] if prop is not None else []:
        for value in getattr(line, "dts", []):
            day = _day_of(value.dt[0] if isinstance(value.dt, tuple) else value.dt, zone)
            if day is not None:
                out.append(day)
    return out


def _day(prop: Any, zone: ZoneInfo) -> date | None:
    return _day_of(getattr(prop, "dt", None), zone)


def _day_of(value: Any, zone: ZoneInfo) -> date | None:
    if isinstance(value, datetime):
        return (value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)).date()
    return value if isinstance(value, date) else None


@dataclass(frozen=True)
class IcsImport:
    added: tuple[HolidayRow, ...]
    already: int  # days that were holidays already (kept as they were)
    dry_run: bool


def import_ics(uow: UnitOfWork, actor: Actor, calendar: int | str, data: bytes, *,
               dry_run: bool = False) -> IcsImport:
    """Add the holidays of an iCalendar file to a calendar; days it has already are left alone.
    A dry run writes nothing. Permission: config:manage. Audited as holiday.import."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        cal = _find(s, calendar)
        holidays = parse_ics(data, cal.timezone, today=uow.now().astimezone(ZoneInfo(cal.timezone)).date())
        have = {h.day for h in cal.holidays}
        new = tuple(h for h in holidays if h.day not in have)
        if not dry_run and new:
            cal.holidays.extend(Holiday(day=h.day, name=h.name) for h in new)
            record(s, actor, uow.now(), "holiday.import", "calendar", cal.id,
                   after={"days": [h.day.isoformat() for h in new]}, count=len(new))
            uow.commit()
        return IcsImport(new, len(holidays) - len(new), dry_run)
