"""The demo's machines: enrolled and reporting through the real services, so the Machines tab, the
probe alert loop and the intake dialog show real content."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.demo_machines import MACHINES, load_machines
from shared.i18n import said_text
from shared.models import ProbeReport, Ticket, TimelineEntry
from shared.models.enums import Channel, EntryKind, Role
from shared.services import board, machines, requesters
from tests import factories as f
from tests.conftest import FakeClock


def test_demo_machines_report_for_90_days_and_raise_the_alerts(db: Database, clock: FakeClock) -> None:
    admin = f.user(db, Role.ADMIN, name="admin")
    tech = f.agent(db, tier=2, name="tech1")
    people = {owner: f.user(db, name=owner) for owner in sorted({m.owner for m in MACHINES})}
    end = clock.now
    start = end - timedelta(days=90)
    assert load_machines(db, clock.set, random.Random(7), start, end, admin, tech, people) == len(MACHINES)

    seen = {m.hostname: m for m in machines.list_machines(db.uow(), SYSTEM)}
    assert set(seen) == {m.hostname for m in MACHINES}
    assert seen["LAPTOP-RINA"].active_alerts == ("disk_full:C:\\",)
    assert seen["WS-FINANCE-01"].active_alerts == ("memory_pressure",)
    assert seen["LAPTOP-SITI"].active_alerts == ("battery_low",)
    assert seen["PC-PUTRI-HR"].last_seen_at == end - timedelta(days=6)  # silent for days
    with db.uow() as uow:
        reports = uow.session.scalar(select(ProbeReport.id).order_by(ProbeReport.id.desc()).limit(1))
        alerts = uow.session.scalars(select(Ticket).where(Ticket.channel == Channel.PROBE)).all()
        runs = uow.session.scalars(select(TimelineEntry).where(TimelineEntry.kind == EntryKind.DIAGNOSTIC)).all()
    assert reports is not None and reports > 100  # about every six days, for 90 days
    hosts = {t.machine_id for t in alerts}
    assert {seen["LAPTOP-RINA"].id, seen["PC-PUTRI-HR"].id, seen["WS-FINANCE-01"].id} <= hosts
    assert len(runs) == 1 and runs[0].data["hostname"] == "LAPTOP-RINA" and "96%" in runs[0].data["stdout"]
    # The loop and the forecasts: the cleaned notebook's alert resolved itself, the flapping memory
    # alert has two notes and one summary, the refilling PC has one preventive ticket, and the board
    # has history and forecasts to show.
    by_key = {(t.machine_id, t.alert_key): t for t in alerts}
    joko = by_key[(seen["NB-JOKO"].id, "disk_full:/")]
    assert joko.status == "resolved" and "resolved automatically" in (joko.solution or "")
    memory = by_key[(seen["WS-FINANCE-01"].id, "memory_pressure")]
    with db.uow() as uow:
        notes = [said_text(e.data) for e in uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == memory.id, TimelineEntry.kind == EntryKind.NOTE).order_by(TimelineEntry.id))]
    assert [n.split(":")[0] for n in notes] == ["Condition cleared", "The alert recurred", "The alert flapped"]
    preventive = by_key[(seen["PC-AGUS-FIN"].id, "forecast:disk:C:\\")]
    assert preventive.status == "new" and "will be full around" in preventive.subject
    assert (seen["LAPTOP-RINA"].id, "forecast:disk:C:\\") not in by_key  # its disk alert says it already
    rows = {r.hostname: r for r in board.page(db.uow(), tech, board.BoardQuery(), 0, 20)}
    assert len(rows["LAPTOP-RINA"].spark_cpu) >= 40 and rows["PC-AGUS-FIN"].forecast
    assert not rows["PC-PUTRI-HR"].online and rows["LAPTOP-RINA"].online
    card = requesters.card(db.uow(), tech, people["bambang.hartono"].id)
    assert sorted(m.hostname for m in card.machines) == ["LAPTOP-BAMBANG", "WS-FINANCE-01"]
