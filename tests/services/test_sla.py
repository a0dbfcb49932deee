"""SLA clocks across business hours, pauses, reopening, and the watcher."""

from datetime import timedelta

from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models import OutboxMessage
from shared.models.enums import Role
from shared.services import sla, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock
from tests.factories import jakarta as at


def test_p3_targets_run_on_office_hours(db: Database, clock: FakeClock) -> None:
    clock.set(at(2026, 3, 6, 15, 0))  # Friday 15:00; P3 = 4 h response, 24 h resolution
    t = f.ticket(db, f.user(db), subject="Monitor flickers", impact="medium", urgency="medium")
    assert t.response_due_at == at(2026, 3, 9, 10, 0)  # Fri 15-17 + Mon 08-10
    # 24 business hours: Fri 2 h + Mon 8 h + Tue 8 h + Wed 08-12 and 13-15
    assert t.resolution_due_at == at(2026, 3, 11, 15, 0)


def test_pause_and_resume_moves_targets_by_business_time_only(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    clock.set(at(2026, 3, 2, 9, 0))  # Monday 09:00
    t = f.ticket(db, f.user(db), subject="Monitor flickers", impact="medium", urgency="medium")
    due = t.resolution_due_at
    assert due == at(2026, 3, 5, 9, 0)
    clock.set(at(2026, 3, 2, 16, 0))
    t = workflow.change_status(db.uow(), agent, t.id, "pending_user")
    assert t.sla_paused
    clock.set(at(2026, 3, 3, 10, 30))  # paused Mon 16:00 -> Tue 10:30 = 1 h + 2.5 h business time
    t = workflow.change_status(db.uow(), agent, t.id, "in_progress")
    assert not t.sla_paused
    assert t.resolution_due_at == at(2026, 3, 5, 13, 30)  # 09:00 + 3.5 h, skipping lunch


def test_pending_vendor_pauses_too_and_pause_overnight_costs_nothing(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    clock.set(at(2026, 3, 2, 9, 0))
    t = f.ticket(db, f.user(db), subject="Monitor flickers", impact="medium", urgency="medium")
    due = t.resolution_due_at
    clock.set(at(2026, 3, 2, 17, 30))
    workflow.change_status(db.uow(), agent, t.id, "pending_vendor")
    clock.set(at(2026, 3, 3, 7, 45))
    t = workflow.change_status(db.uow(), agent, t.id, "in_progress")
    assert t.resolution_due_at == due


def test_time_spent_resolved_does_not_count_after_reopen(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    alice = f.user(db)
    clock.set(at(2026, 3, 2, 9, 0))
    t = f.ticket(db, alice, subject="Monitor flickers", impact="medium", urgency="medium")
    due = t.resolution_due_at
    clock.set(at(2026, 3, 2, 10, 0))
    workflow.resolve(db.uow(), agent, t.id, "Cable swapped")
    clock.set(at(2026, 3, 2, 14, 0))  # 3 business hours later (lunch excluded)
    t = tickets.reply(db.uow(), alice, t.id, "Flickering again")
    assert t.resolution_due_at == due + timedelta(hours=3)


def test_first_response_breach_is_recorded(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    clock.set(at(2026, 3, 2, 9, 0))
    t = f.ticket(db, f.user(db), impact="medium", urgency="medium")  # 4 h to respond
    clock.set(at(2026, 3, 2, 13, 30))  # 4.5 h on the wall clock, 3.5 business hours (lunch)
    assert not tickets.reply(db.uow(), agent, t.id, "On it").response_breached
    t2 = f.ticket(db, f.user(db), impact="medium", urgency="medium")
    clock.set(at(2026, 3, 3, 9, 0))
    assert tickets.reply(db.uow(), agent, t2.id, "Sorry for the wait").response_breached


def test_watcher_warns_then_breaches_once_each(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    sup = f.user(db, Role.SUPERVISOR)
    clock.set(at(2026, 3, 2, 9, 0))
    t = f.ticket(db, f.user(db), impact="high", urgency="high")  # P1: 30 min response, 24x7
    assert t.assignee is not None and t.assignee.id == agent.id
    clock.advance(minutes=10)
    assert sla.check(db.uow(), SYSTEM).warnings == 0
    clock.advance(minutes=15)  # 25 min: past 80 % of 30 min
    first = sla.check(db.uow(), SYSTEM)
    assert (first.warnings, first.breaches, first.ticket_ids) == (1, 0, frozenset({t.id}))
    assert sla.check(db.uow(), SYSTEM).warnings == 0  # only once
    clock.advance(minutes=10)
    assert sla.check(db.uow(), SYSTEM).breaches == 1
    assert sla.check(db.uow(), SYSTEM).breaches == 0
    with db.uow() as uow:
        rows = uow.session.execute(select(OutboxMessage.kind, OutboxMessage.channel, OutboxMessage.recipient_id)
                                   .where(OutboxMessage.kind.like("sla_%"))).all()
    assert {(k, r) for k, _c, r in rows} == {("sla_warning", agent.id), ("sla_warning", sup.id),
                                               ("sla_breach", agent.id), ("sla_breach", sup.id)}
    assert {c for _k, c, _r in rows} == {"app", "email"}
    detail = tickets.get(db.uow(), agent, t.id)
    assert detail.response_breached
    assert detail.version == t.version  # the watcher does not put editing agents into a conflict


def test_watcher_skips_paused_and_answered_tickets(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    clock.set(at(2026, 3, 2, 9, 0))
    paused = f.ticket(db, f.user(db), impact="high", urgency="high")
    answered = f.ticket(db, f.user(db), impact="high", urgency="high")
    workflow.change_status(db.uow(), agent, paused.id, "pending_user")
    tickets.reply(db.uow(), agent, answered.id, "Looking")
    clock.advance(minutes=40)
    result = sla.check(db.uow(), SYSTEM)
    assert paused.id not in result.ticket_ids
    assert result.breaches == 0  # the answered one's response clock stopped; resolution is 4 h


def test_priority_change_recomputes_from_creation(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    clock.set(at(2026, 3, 2, 9, 0))
    t = f.ticket(db, f.user(db), impact="low", urgency="low")  # P4: 8 h response
    assert t.response_due_at == at(2026, 3, 3, 9, 0)
    clock.advance(minutes=5)
    t = tickets.update_fields(db.uow(), agent, t.id, impact="high", urgency="high")  # P1: 30 min, 24x7
    assert t.response_due_at == at(2026, 3, 2, 9, 30)
