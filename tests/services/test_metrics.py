"""KPIs computed from a small, fully known history."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models.enums import Role
from shared.services import csat, metrics, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock
from tests.factories import jakarta as at


def test_report_figures(db: Database, clock: FakeClock) -> None:
    sup = f.user(db, Role.SUPERVISOR)
    l1, l2 = f.agent(db, 1), f.agent(db, 2)
    alice = f.user(db)

    # A: printer, created Mon 09:00, answered 30 min later, resolved 2 h after creation -> FCR, SLA met
    clock.set(at(2026, 3, 2, 9, 0))
    a = f.ticket(db, alice, subject="Printer jam", impact="medium", urgency="medium")
    clock.set(at(2026, 3, 2, 9, 30))
    tickets.reply(db.uow(), l1, a.id, "Cleared it remotely")
    clock.set(at(2026, 3, 2, 11, 0))
    workflow.resolve(db.uow(), l1, a.id, "Cleared the jam")
    csat.submit(db.uow(), alice, a.id, 5)

    # B: VPN, Tue 09:00, escalated to L2 (not FCR), answered after 5 business hours (response breached)
    clock.set(at(2026, 3, 3, 9, 0))
    b = f.ticket(db, alice, subject="VPN down", impact="medium", urgency="medium")
    clock.set(at(2026, 3, 3, 15, 0))
    tickets.reply(db.uow(), l1, b.id, "Looking")
    workflow.escalate(db.uow(), l1, b.id, 2, "RADIUS")
    clock.set(at(2026, 3, 3, 17, 0))
    workflow.resolve(db.uow(), l2, b.id, "Re-enabled the account")
    csat.submit(db.uow(), alice, b.id, 2)

    # C: printer again, Wed, still open at report time
    clock.set(at(2026, 3, 4, 10, 0))
    f.ticket(db, alice, subject="Printer offline", impact="low", urgency="low")

    clock.set(at(2026, 3, 6, 10, 0))
    r = metrics.report(db.uow(), sup, at(2026, 3, 2, 0, 0), at(2026, 3, 7, 0, 0), timezone="Asia/Jakarta")
    assert (r.created, r.resolved, r.open_backlog) == (3, 2, 1)
    assert r.fcr_rate == 0.5
    assert r.first_response_mean_s == (30 * 60 + 6 * 3600) / 2
    assert r.first_response_median_s == (30 * 60 + 6 * 3600) / 2
    assert r.resolution_mean_s == (2 * 3600 + 8 * 3600) / 2
    assert r.sla_compliance == 0.5  # B breached its response target
    assert (r.csat_average, r.csat_responses) == (3.5, 2)
    assert dict(r.per_day) == {date(2026, 3, 2): 1, date(2026, 3, 3): 1, date(2026, 3, 4): 1,
                               date(2026, 3, 5): 0, date(2026, 3, 6): 0}
    assert r.per_week == ((date(2026, 3, 2), 3),)
    assert dict(r.backlog_by_age)["1–3d"] == 1
    assert dict(r.backlog_by_tier) == {1: 1}
    top = {c.category: (c.count, c.previous) for c in r.top_categories}
    assert top == {"Hardware / Printer": (2, 0), "Network / VPN": (1, 0)}


def test_report_rules(db: Database) -> None:
    sup, agent = f.user(db, Role.SUPERVISOR), f.agent(db)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(PermissionDenied):
        metrics.report(db.uow(), agent, start, start + timedelta(days=1))
    with pytest.raises(ValidationFailed):
        metrics.report(db.uow(), sup, start, start)
    empty = metrics.report(db.uow(), sup, start, start + timedelta(days=7))
    assert (empty.created, empty.fcr_rate, empty.sla_compliance, empty.csat_average) == (0, None, None, None)
