"""Rescuing a wrong intake decision: make a ticket / append to a ticket, audited, once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import InvalidTransition, NotFound, PermissionDenied
from shared.mail import decisions, intake
from shared.models import AuditLog, Ticket, TimelineEntry, User
from shared.models.enums import EntryKind, Role
from tests import factories as f
from tests.mail.conftest import sample
from tests.mail.test_decisions import MAIL


def _ticket(db: Database, ticket_id: int | None) -> Ticket:
    with db.uow() as uow:
        t = uow.session.get(Ticket, ticket_id)
        assert t is not None
        return t


def test_only_supervisors_and_admins_see_and_rescue(db: Database) -> None:
    ignored = intake.process(db, sample("13_out_of_office.eml"), MAIL)
    assert ignored.decision_id is not None
    for role in (Role.REQUESTER, Role.L1_AGENT, Role.L3_ENGINEER):
        actor = f.user(db, role)
        with pytest.raises(PermissionDenied):
            decisions.recent(db.uow(), actor)
        with pytest.raises(PermissionDenied):
            decisions.raw_message(db.uow(), actor, ignored.decision_id)
        with pytest.raises(PermissionDenied):
            decisions.make_ticket(db.uow(), actor, ignored.decision_id)
    for role in (Role.SUPERVISOR, Role.ADMIN):
        assert [d.id for d in decisions.recent(db.uow(), f.user(db, role))] == [ignored.decision_id]


def test_recent_lists_newest_first_with_filters_and_the_raw_message(db: Database) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    first = intake.process(db, sample("01_plain.eml"), MAIL)
    auto = intake.process(db, sample("13_out_of_office.eml"), MAIL)
    dup = intake.process(db, sample("01_plain.eml"), MAIL)
    rows = decisions.recent(db.uow(), boss)
    assert [(d.id, d.outcome) for d in rows] == [(dup.decision_id, "duplicate"), (auto.decision_id, "ignored"),
                                                (first.decision_id, "created")]
    assert rows[0].duplicate_of_id == first.decision_id and rows[1].rule == "auto-reply: X-Autoreply: yes"
    assert [d.id for d in decisions.recent(db.uow(), boss, outcomes=["ignored"])] == [auto.decision_id]
    assert decisions.raw_message(db.uow(), boss, auto.decision_id) == sample("13_out_of_office.eml")
    assert decisions.raw_message(db.uow(), boss, dup.decision_id) == sample("01_plain.eml")  # the original's
    with pytest.raises(NotFound):
        decisions.raw_message(db.uow(), boss, 999)


def test_make_a_ticket_from_an_ignored_mail(db: Database) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    ignored = intake.process(db, sample("13_out_of_office.eml"), MAIL)
    assert ignored.decision_id is not None
    done = decisions.make_ticket(db.uow(), boss, ignored.decision_id)
    assert done.ticket_id is not None and done.rescued_by == boss.username and not done.rescuable
    t = _ticket(db, done.ticket_id)
    assert t.subject == "Out of office: Your request" and "on leave until 9 March" in t.description
    with db.uow() as uow:
        requester = uow.session.get(User, t.requester_id)
        assert requester is not None and requester.email == "wati@example.test"
        audit = uow.session.scalar(select(AuditLog).where(AuditLog.action == "mail.make_ticket"))
        assert audit is not None and (audit.actor_id, audit.entity_id) == (boss.id, ignored.decision_id)
        assert audit.detail == {"ticket_id": t.id, "was": "ignored"}
    with pytest.raises(InvalidTransition):
        decisions.make_ticket(db.uow(), boss, ignored.decision_id)


def test_append_a_quarantined_mail_to_a_ticket(db: Database) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    first = intake.process(db, sample("01_plain.eml"), MAIL)
    limited = MAIL.model_copy(update={"rate_limit_per_hour": 1})
    held = intake.process(db, sample("02_alternative.eml").replace(b"rina@", b"budi.santoso@"), limited)
    assert held.outcome == "quarantined" and held.decision_id is not None and first.ticket_id is not None
    done = decisions.append_to(db.uow(), boss, held.decision_id, first.ticket_id)
    assert done.ticket_id == first.ticket_id
    with db.uow() as uow:
        replies = list(uow.session.scalars(select(TimelineEntry.body).where(
            TimelineEntry.ticket_id == first.ticket_id, TimelineEntry.kind == EntryKind.REPLY)))
        audit = uow.session.scalar(select(AuditLog).where(AuditLog.action == "mail.append"))
    assert replies == ["The VPN drops every ten minutes when I work from home."]  # the requester's own reply
    assert audit is not None and audit.detail == {"ticket_id": first.ticket_id, "was": "quarantined"}
    with pytest.raises(NotFound):
        decisions.append_to(db.uow(), boss, first.decision_id or 0, 999)
