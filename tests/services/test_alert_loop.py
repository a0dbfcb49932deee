"""The alert loop with an injected clock: resolve when clear, reopen on recurrence, raise on
critical, damp flapping; and the forecasts' preventive tickets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.i18n import is_said, reading_in, said_text
from shared.models import MachineHealth, Ticket, TimelineEntry
from shared.models.enums import EntryKind, Level, Status
from shared.services import alert_loop, alerts, enrolment, forecast, history, tickets
from tests.conftest import FakeClock
from tests.http.reports import report

GB = 1024**3


@pytest.fixture
def mid(db: Database) -> int:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    return enrolment.enrol(db.uow(), token, "pc-1", "Linux 6.1", None)[0]


def send(db: Database, clock: FakeClock, mid: int, *, full: bool, critical: bool = False) -> None:
    clock.advance(minutes=15)
    body = report(full_disk=full)
    body["snapshot"]["collected_at"] = clock().isoformat()
    if critical:
        body["alerts"][0]["severity"] = "critical"
    alerts.ingest_report(db.uow(), mid, body)


def ticket(db: Database) -> Ticket:
    with db.uow() as uow:
        return uow.session.scalars(select(Ticket).where(Ticket.alert_key == "disk_full:/srv/full")).one()


def notes(db: Database, ticket_id: int) -> list[str]:
    with db.uow() as uow:
        return [said_text(e.data) if is_said(e.data) else e.body for e in uow.session.scalars(
            select(TimelineEntry).where(TimelineEntry.ticket_id == ticket_id, TimelineEntry.kind == EntryKind.NOTE)
            .order_by(TimelineEntry.id))]


def test_a_ticket_clear_long_enough_resolves_and_reopens_when_the_alert_recurs(db: Database, clock: FakeClock,
                                                                               mid: int) -> None:
    send(db, clock, mid, full=True)
    send(db, clock, mid, full=False)
    clock.advance(minutes=db.settings.alert_clear_minutes - 20)
    assert alert_loop.run(db.uow()).resolved == ()  # not clear long enough yet
    clock.advance(minutes=20)
    [resolved] = alert_loop.run(db.uow()).resolved
    t = ticket(db)
    assert (t.id, t.status) == (resolved, Status.RESOLVED) and "resolved automatically" in (t.solution or "")
    with reading_in("id"):  # the requester reads the solution in their language
        assert (tickets.get(db.uow(), SYSTEM, t.id).solution or "").startswith("Kondisi tetap pulih selama 120 menit")
    send(db, clock, mid, full=True)
    again = ticket(db)  # the same ticket, back at work: no second one
    assert again.status == Status.OPEN and again.reopen_count == 1


def test_an_agent_resolved_alert_is_not_reopened_by_the_loop(db: Database, clock: FakeClock, mid: int) -> None:
    send(db, clock, mid, full=True)
    send(db, clock, mid, full=True)  # still there: the clear clock never starts
    clock.advance(days=1)
    assert alert_loop.run(db.uow()).resolved == ()
    assert ticket(db).status != Status.RESOLVED


def test_a_critical_condition_raises_the_priority(db: Database, clock: FakeClock, mid: int) -> None:
    send(db, clock, mid, full=True)
    before = ticket(db)
    send(db, clock, mid, full=True, critical=True)
    after = ticket(db)
    assert (after.impact, after.urgency) == (Level.HIGH, Level.HIGH)
    assert after.priority < before.priority  # P1 < P2 …: higher


def test_flapping_is_damped_to_one_cycle_and_one_summary(db: Database, clock: FakeClock, mid: int) -> None:
    send(db, clock, mid, full=True)
    for _ in range(6):  # clears and recurs six times within the flap window
        send(db, clock, mid, full=False)
        send(db, clock, mid, full=True)
    t = ticket(db)
    assert [n.split(":")[0] for n in notes(db, t.id)] == ["Condition cleared", "The alert recurred"]
    clock.advance(minutes=db.settings.alert_flap_minutes)
    assert alert_loop.run(db.uow()).summarised == (t.id,)
    assert notes(db, t.id)[-1].startswith("The alert flapped: 10 more changes held back")
    assert alert_loop.run(db.uow()).summarised == ()  # told once


def test_a_filling_disk_opens_one_preventive_ticket_that_explains_itself(db: Database, clock: FakeClock,
                                                                        mid: int) -> None:
    start = clock()
    samples = [history.Sample(at=start + timedelta(hours=6 * k), cpu=10, mem=40, uptime_s=3600 * 6 * k,
                              battery_health=None, user="budi",
                              disks=(("/", 100 * GB, int((40 - 0.25 * k) * GB)),))  # 1 GB a day
               for k in range(4 * 30)]
    with db.uow() as uow:
        history.backfill(uow, mid, samples)
        uow.commit()
    clock.set(samples[-1].at + timedelta(hours=1))
    result = forecast.run(db.uow())
    assert result.machines == 1 and len(result.opened) == 1
    assert forecast.run(db.uow()).opened == ()  # never twice while the first is active
    with db.uow() as uow:
        t = uow.session.get(Ticket, result.opened[0])
        health = uow.session.get(MachineHealth, mid)
        assert t is not None and t.alert_key == "forecast:disk:/" and health is not None and health.forecast
        text = said_text(health.forecast[0])
    assert text.startswith("/: 10.6 GB free, falling 1.0 GB a day since ") and "full around " in text


def test_a_cleanup_is_not_a_trend() -> None:
    start = history.moment(0)
    points = [(start + timedelta(days=d), int((50 - d) * GB)) for d in range(20)]
    points += [(start + timedelta(days=20 + d), int(80 * GB)) for d in range(10)]  # cleaned, then flat
    assert forecast.disk_forecast(points, 100 * GB, (start + timedelta(days=30)).date()) is None
