"""Handing a leaving agent's open tickets over: spread over their team like new tickets (whether
on shift now or not, never back to them), to one colleague, or to the team's queue when nobody
can take them; every move on the ticket's timeline with the reason, all or nothing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import NotFound, PermissionDenied, ValidationFailed
from shared.models import AuditLog, OutboxMessage, Ticket, TimelineEntry
from shared.models.enums import Role
from shared.services import roster, users, workflow
from shared.services.admin import hand_over
from tests import factories as f
from tests.conftest import FakeClock

DESK = "Service Desk"


def _mine(db: Database, leaver_id: int, n: int) -> list[int]:
    """`n` tickets assigned to the leaver by hand, one of them resolved (it stays theirs)."""
    requester = f.user(db)
    ids = [f.ticket(db, requester, subject=f"Laptop slow {i}").id for i in range(n + 1)]
    for ticket_id in ids:
        workflow.assign(db.uow(), SYSTEM, ticket_id, leaver_id)
    workflow.resolve(db.uow(), SYSTEM, ids[-1], "Restarted")
    return ids


def _assignees(db: Database, ids: list[int]) -> list[int | None]:
    with db.uow() as uow:
        return [uow.session.get(Ticket, i).assignee_id for i in ids]  # type: ignore[union-attr]


def test_the_team_shares_them_out_like_new_tickets_even_off_shift(db: Database, clock: FakeClock) -> None:
    admin = f.user(db, Role.ADMIN)
    leaver, dewi, budi = f.agent(db, name="leaver"), f.agent(db, name="dewi"), f.agent(db, name="budi")
    ids = _mine(db, leaver.id, 6)
    # Budi works 08:00-17:00 on weekdays; the clock says Monday 09:00 in Jakarta, so move to 22:00:
    roster.add_shifts(db.uow(), admin, team_id=f.team_id(db, DESK), user_id=budi.id,
                      weekdays=roster.parse_weekdays("mon-fri"), start="08:00", end="17:00")
    clock.advance(hours=13)
    users.set_active(db.uow(), admin, leaver.id, False)
    with db.uow() as uow:
        before = uow.session.scalar(select(func.max(OutboxMessage.id))) or 0
    done = hand_over.hand_over(db.uow(), admin, "leaver")
    assert done.count == 6 and done.to_queue == 0
    assert dict(done.to_agents) == {dewi.full_name: 3, budi.full_name: 3}  # least-loaded first, in turn
    assert Counter(_assignees(db, ids[:-1])) == Counter({dewi.id: 3, budi.id: 3})
    assert _assignees(db, ids[-1:]) == [leaver.id]  # the resolved one stays theirs, for the record
    with db.uow() as uow:
        events = uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == ids[0], TimelineEntry.field == "assignee_id").order_by(TimelineEntry.id)).all()
        told = uow.session.scalars(select(OutboxMessage.recipient_id).where(
            OutboxMessage.kind == "ticket_assigned", OutboxMessage.id > before, OutboxMessage.channel == "app")).all()
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.action == "user.hand_over")).one()
    last = events[-1]
    assert last.author_id == admin.id and last.old_value == str(leaver.id)
    assert last.data is not None and last.data["say"] == "Handed over from {name}"
    assert Counter(told) == Counter({dewi.id: 3, budi.id: 3})  # each new assignee told about each ticket
    assert audit.actor_id == admin.id and audit.detail["count"] == 6 and audit.detail["to"] is None


def test_never_back_to_them_and_the_queue_when_nobody_can_take_one(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    leaver, dewi = f.agent(db, name="leaver"), f.agent(db, name="dewi")
    ids = _mine(db, leaver.id, 2)
    users.set_on_duty(db.uow(), admin, dewi.id, False)  # the only colleague is off duty
    done = hand_over.hand_over(db.uow(), admin, leaver.id)  # still active: they are not picked either
    assert done.to_agents == () and done.to_queue == 2
    assert _assignees(db, ids[:-1]) == [None, None]
    assert hand_over.open_count(db.uow(), admin, "leaver") == 0


def test_to_one_colleague_all_or_nothing(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    leaver = f.agent(db, tier=2, name="leaver")
    ids = _mine(db, leaver.id, 3)
    workflow.escalate(db.uow(), SYSTEM, ids[1], 2, "needs hands on the laptop")
    workflow.assign(db.uow(), SYSTEM, ids[1], leaver.id)
    f.agent(db, name="junior")
    senior = f.agent(db, tier=2, name="senior")
    with pytest.raises(ValidationFailed, match=r"works at L1; HD-.* needs L2"):
        hand_over.hand_over(db.uow(), admin, "leaver", to="junior")
    assert _assignees(db, ids[:-1]) == [leaver.id] * 3  # none moved
    done = hand_over.hand_over(db.uow(), admin, "leaver", to="senior")
    assert done.to_agents == ((senior.full_name, 3),) and _assignees(db, ids[:-1]) == [senior.id] * 3
    with pytest.raises(ValidationFailed, match="someone other than senior"):
        hand_over.hand_over(db.uow(), admin, "senior", to="senior")
    with pytest.raises(NotFound, match="nobody"):
        hand_over.hand_over(db.uow(), admin, "senior", to="nobody")
    f.user(db, name="rina")  # a requester
    with pytest.raises(ValidationFailed, match="not an active agent"):
        hand_over.hand_over(db.uow(), admin, "senior", to="rina")


def test_only_who_manages_accounts(db: Database) -> None:
    leaver = f.agent(db, name="leaver")
    _mine(db, leaver.id, 1)
    for who in (f.user(db, Role.SUPERVISOR), f.agent(db)):
        with pytest.raises(PermissionDenied):
            hand_over.hand_over(db.uow(), who, "leaver")


def test_a_colleague_on_leave_gets_none(db: Database, clock: FakeClock) -> None:
    """Off shift is fine (the tickets outlive tonight), away on leave is not: they would sit unseen."""
    admin = f.user(db, Role.ADMIN)
    leaver, dewi, budi = f.agent(db, name="leaver"), f.agent(db, name="dewi"), f.agent(db, name="budi")
    ids = _mine(db, leaver.id, 4)
    roster.add_exception(db.uow(), admin, kind="leave", starts_at=clock() - timedelta(days=1),
                         ends_at=clock() + timedelta(days=10), user_id=budi.id, note="Cuti tahunan")
    done = hand_over.hand_over(db.uow(), admin, "leaver")
    assert dict(done.to_agents) == {dewi.full_name: 4}
    assert set(_assignees(db, ids[:-1])) == {dewi.id}
