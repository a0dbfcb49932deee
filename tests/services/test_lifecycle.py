"""The full lifecycle: triage, claim, reply, pending, escalate, resolve, reopen, close."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import InvalidTransition, PermissionDenied, ValidationFailed
from shared.models import OutboxMessage
from shared.models.enums import EntryKind, Priority, Role, Status
from shared.services import kb, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock


def outbox(db: Database, ticket_id: int) -> list[tuple[str, str, int | None]]:
    with db.uow() as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket_id)
                                   .order_by(OutboxMessage.id))
        return [(r.kind, r.channel, r.recipient_id) for r in rows]


def test_full_lifecycle(db: Database, clock: FakeClock) -> None:
    alice = f.user(db)
    agent = f.agent(db)
    t = tickets.create(db.uow(), alice, subject="Outlook keeps asking for my password", description="Since today")
    assert t.assignee is not None and t.assignee.id == agent.id  # the only L1 on duty

    t = tickets.update_fields(db.uow(), agent, t.id, impact="medium", urgency="medium", expected_version=t.version)
    assert t.status == Status.OPEN and t.priority == Priority.P3

    t = workflow.claim(db.uow(), agent, t.id, expected_version=t.version)
    assert t.status == Status.IN_PROGRESS

    clock.advance(minutes=20)
    t = tickets.reply(db.uow(), agent, t.id, "Could you try signing out of Office?")
    assert t.first_responded_at == clock.now
    t = workflow.change_status(db.uow(), agent, t.id, "pending_user", reason="Waiting for Alice")
    assert t.status == Status.PENDING_USER and t.sla_paused

    clock.advance(hours=3)
    t = tickets.reply(db.uow(), alice, t.id, "Signed out and in, still asks.")
    assert t.status == Status.IN_PROGRESS and not t.sla_paused

    t = workflow.resolve(db.uow(), agent, t.id, "Removed the stale credential from the keychain")
    assert t.status == Status.RESOLVED
    assert t.solution == "Removed the stale credential from the keychain"
    assert t.resolved_at == clock.now

    clock.advance(days=1)
    t = tickets.reply(db.uow(), alice, t.id, "It is back again :(")
    assert t.status == Status.IN_PROGRESS
    assert t.resolved_at is None

    t = workflow.resolve(db.uow(), agent, t.id, "Reset the Office licence cache")
    t = workflow.close(db.uow(), agent, t.id)
    assert t.status == Status.CLOSED and t.closed_at == clock.now

    with pytest.raises(InvalidTransition, match="closed"):
        tickets.reply(db.uow(), alice, t.id, "One more thing")

    kinds = [k for k, _c, _r in outbox(db, t.id)]
    assert kinds.count("agent_reply") == 1
    assert kinds.count("status_changed") == 4  # pending user, resolved twice, closed
    assert kinds.count("csat_request") == 2
    audit = [e for e in tickets.get(db.uow(), agent, t.id).entries if e.kind == EntryKind.EVENT]
    statuses = [(e.old_value, e.new_value) for e in audit if e.field == "status"]
    assert statuses == [("new", "open"), ("open", "in_progress"), ("in_progress", "pending_user"),
                        ("pending_user", "in_progress"), ("in_progress", "resolved"),
                        ("resolved", "in_progress"), ("in_progress", "resolved"), ("resolved", "closed")]
    assert all(e.author is not None for e in audit)


def test_agent_reply_notification_names_the_entry(db: Database) -> None:
    alice, agent = f.user(db), f.agent(db)
    t = f.ticket(db, alice)
    t = tickets.reply(db.uow(), agent, t.id, "Try this")
    with db.uow() as uow:
        row = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "agent_reply"))
        assert row is not None
        reply_entry = [e for e in t.entries if e.kind == EntryKind.REPLY][-1]
        assert row.payload["entry_id"] == reply_entry.id
        assert row.payload["body"] == "Try this" and row.recipient_id == alice.id


def test_internal_notes_are_never_notified(db: Database) -> None:
    alice, agent = f.user(db), f.agent(db)
    t = f.ticket(db, alice)
    before = outbox(db, t.id)
    tickets.note(db.uow(), agent, t.id, "Internal: user is a VIP")
    assert outbox(db, t.id) == before


def test_resolve_needs_a_solution(db: Database) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    with pytest.raises(ValidationFailed, match="Solution"):
        workflow.resolve(db.uow(), agent, t.id, "   ")


def test_resolve_can_draft_a_kb_article(db: Database) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer shows offline")
    workflow.resolve(db.uow(), agent, t.id, "Re-added the printer with its IP address", kb_draft=True)
    found = kb.search(db.uow(), agent, "printer offline")
    assert [a.title for a in found] == ["Printer shows offline"]
    article = kb.get_article(db.uow(), agent, found[0].id)
    assert article.status == "draft"
    assert "Re-added the printer" in article.body
    assert article.solved_tickets == (t.number,)


@pytest.mark.parametrize("target", ["resolved", "closed", "new", "nonsense"])
def test_change_status_refuses_shortcuts(db: Database, target: str) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    with pytest.raises((InvalidTransition, ValidationFailed)):
        workflow.change_status(db.uow(), agent, t.id, target)


def test_closing_an_unresolved_ticket_needs_a_reason(db: Database) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    with pytest.raises(ValidationFailed):
        workflow.close(db.uow(), agent, t.id)
    assert workflow.close(db.uow(), agent, t.id, "Spam").status == Status.CLOSED


def test_claim_refuses_someone_elses_ticket(db: Database) -> None:
    first, second = f.agent(db), f.agent(db)
    t = f.ticket(db, f.user(db))
    workflow.assign(db.uow(), first, t.id, first.id)
    with pytest.raises(InvalidTransition, match="already assigned"):
        workflow.claim(db.uow(), second, t.id)


def test_assign_requires_an_agent_of_the_right_tier(db: Database) -> None:
    l1, l2 = f.agent(db, 1), f.agent(db, 2)
    requester = f.user(db)
    t = f.ticket(db, requester)
    with pytest.raises(ValidationFailed, match="not an active agent"):
        workflow.assign(db.uow(), l1, t.id, requester.id)
    t = workflow.escalate(db.uow(), l1, t.id, 2, "Needs hands on the laptop")
    with pytest.raises(ValidationFailed, match="L2"):
        workflow.assign(db.uow(), l2, t.id, l1.id)


def test_escalation_moves_team_tier_and_assignee(db: Database) -> None:
    l1 = f.agent(db, 1)
    l2 = f.agent(db, 2)
    l3 = f.agent(db, 3)
    t = f.ticket(db, f.user(db))
    t = workflow.escalate(db.uow(), l1, t.id, 2, "Hardware fault suspected")
    assert (t.tier, t.team, t.assignee.id if t.assignee else None) == (2, "Desktop Support", l2.id)
    reason = next(e for e in tickets.get(db.uow(), l1, t.id).entries if e.field == "tier")
    assert (reason.old_value, reason.new_value, reason.body) == ("1", "2", "Hardware fault suspected")
    t = workflow.escalate(db.uow(), l2, t.id, 3, "Firmware bug")
    assert (t.tier, t.team, t.assignee.id if t.assignee else None) == (3, "Infrastructure", l3.id)
    t = workflow.escalate(db.uow(), l3, t.id, 4, "Vendor RMA", vendor_reference="DELL-12345")
    assert (t.tier, t.team, t.status, t.vendor_reference) == (4, "Vendors", Status.PENDING_VENDOR, "DELL-12345")
    assert t.assignee is not None and t.assignee.id == l3.id and t.sla_paused
    with pytest.raises(InvalidTransition, match="goes up"):
        workflow.escalate(db.uow(), l3, t.id, 2, "down again")


def test_escalation_needs_a_reason(db: Database) -> None:
    l1 = f.agent(db)
    t = f.ticket(db, f.user(db))
    with pytest.raises(ValidationFailed, match="Reason"):
        workflow.escalate(db.uow(), l1, t.id, 2, "")


def test_priority_override_needs_a_reason_and_moves_the_sla(db: Database, clock: FakeClock) -> None:
    sup = f.user(db, Role.SUPERVISOR)
    t = f.ticket(db, f.user(db))
    assert t.priority == Priority.P4
    with pytest.raises(ValidationFailed, match="Reason"):
        tickets.override_priority(db.uow(), sup, t.id, "P1", "")
    t2 = tickets.override_priority(db.uow(), sup, t.id, "P1", "CEO's laptop")
    assert t2.priority == Priority.P1 and t2.priority_override_reason == "CEO's laptop"
    assert t2.response_due_at == clock.now + timedelta(minutes=30)  # P1 runs 24x7
    # impact/urgency changes no longer move an overridden priority
    t3 = tickets.update_fields(db.uow(), sup, t.id, impact="low", urgency="low")
    assert t3.priority == Priority.P1
    t4 = tickets.override_priority(db.uow(), sup, t.id, None)
    assert t4.priority == Priority.P4 and t4.priority_override_reason is None
    with pytest.raises(ValidationFailed, match="P1, P2"):
        tickets.override_priority(db.uow(), sup, t.id, "P9", "typo")


def test_auto_close_after_n_days(db: Database, clock: FakeClock) -> None:
    from shared.auth.permissions import SYSTEM

    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    workflow.resolve(db.uow(), agent, t.id, "Fixed")
    clock.advance(days=db.settings.auto_close_days - 1)
    assert workflow.auto_close(db.uow(), SYSTEM) == []
    clock.advance(days=1)
    assert workflow.auto_close(db.uow(), SYSTEM) == [t.id]
    assert tickets.get(db.uow(), agent, t.id).status == Status.CLOSED


def test_auto_close_is_not_for_agents(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        workflow.auto_close(db.uow(), f.agent(db))


def test_merge_closes_the_duplicate_and_links(db: Database) -> None:
    agent = f.agent(db)
    alice, bob = f.user(db), f.user(db)
    original = f.ticket(db, alice, subject="Wi-Fi down on floor 2")
    dup = f.ticket(db, bob, subject="No internet floor 2", description="since 9am")
    target = workflow.merge(db.uow(), agent, dup.id, original.id)
    assert [link.number for link in target.links] == [dup.number]
    assert any("No internet floor 2" in e.body for e in target.entries if e.kind == EntryKind.NOTE)
    merged = tickets.get(db.uow(), agent, dup.id)
    assert merged.status == Status.CLOSED and merged.merged_into == original.number
    with pytest.raises(InvalidTransition):
        workflow.merge(db.uow(), agent, dup.id, original.id)
    with pytest.raises(ValidationFailed):
        workflow.merge(db.uow(), agent, original.id, original.id)


def test_link_and_unlink(db: Database) -> None:
    agent = f.agent(db)
    a, b = f.ticket(db, f.user(db)), f.ticket(db, f.user(db))
    assert [r.id for r in workflow.link(db.uow(), agent, a.id, b.id).links] == [b.id]
    assert [r.id for r in tickets.get(db.uow(), agent, b.id).links] == [a.id]
    workflow.link(db.uow(), agent, b.id, a.id)  # idempotent
    assert workflow.unlink(db.uow(), agent, a.id, b.id).links == ()


def test_the_ticket_carries_its_assignees_name_for_sorting(db: Database) -> None:
    from shared.models import Ticket

    def name(ticket_id: int) -> str:
        with db.uow() as uow:
            t = uow.session.get(Ticket, ticket_id)
            assert t is not None
            return t.assignee_name

    l1 = f.agent(db, 1, full_name="Budi Santoso")
    l2 = f.agent(db, 2, full_name="Andi Wijaya")
    t = f.ticket(db, f.user(db))
    assert name(t.id) == "Budi Santoso"  # auto-assigned
    workflow.assign(db.uow(), l1, t.id, None)
    assert name(t.id) == ""
    workflow.claim(db.uow(), l1, t.id)
    assert name(t.id) == "Budi Santoso"
    workflow.escalate(db.uow(), l1, t.id, 2, "hardware")
    assert name(t.id) == "Andi Wijaya"
    assert tickets.get(db.uow(), l2, t.id).assignee.full_name == "Andi Wijaya"  # type: ignore[union-attr]


def test_each_edit_returns_what_it_changed(db: Database) -> None:
    """Views reload from the service's own account of a change (Anki's OpChanges), never a guess."""
    agent, alice = f.agent(db), f.user(db)
    original, dup = f.ticket(db, alice, subject="Wi-Fi down"), f.ticket(db, alice, subject="No Wi-Fi")
    merged = workflow.merge(db.uow(), agent, dup.id, original.id)
    assert merged.changes.ticket_ids == {original.id, dup.id} and not merged.changes.kb
    third = f.ticket(db, alice, subject="Printer")
    dewi = f.agent(db, full_name="Dewi")  # on duty only now: every ticket above went to `agent`
    assert workflow.link(db.uow(), agent, original.id, third.id).changes.ticket_ids == {original.id, third.id}
    claimed = workflow.claim(db.uow(), agent, third.id)
    assert claimed.changes.ticket_ids == {third.id} and not claimed.changes.inbox
    assert workflow.assign(db.uow(), agent, third.id, dewi.id).changes.inbox  # Dewi got an in-app message
    resolved = workflow.resolve(db.uow(), agent, third.id, "Cleared the queue", kb_draft=True)
    assert resolved.changes.ticket_ids == {third.id} and len(resolved.changes.article_ids) == 1
    article_id = next(iter(resolved.changes.article_ids))
    assert kb.get_article(db.uow(), agent, article_id).title == "Printer"
    assert tickets.note(db.uow(), agent, original.id, "Checked the AP").changes.ticket_ids == {original.id}


def test_resolving_a_resolved_ticket_is_refused_and_changes_nothing(db: Database) -> None:
    """The requester was told the first solution (and asked to rate it): a second resolve would
    silently replace it. Reopen first; the new solution is then audited with the new resolution."""
    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    done = workflow.resolve(db.uow(), agent, t.id, "Restarted the print spooler")
    with pytest.raises(InvalidTransition, match="resolved already"):
        workflow.resolve(db.uow(), agent, t.id, "Replaced the toner")
    again = tickets.get(db.uow(), agent, t.id)
    assert (again.version, again.solution) == (done.version, "Restarted the print spooler")
    workflow.reopen(db.uow(), agent, t.id, "Still jams")
    final = workflow.resolve(db.uow(), agent, t.id, "Replaced the toner")
    resolutions = [e.body for e in final.entries if e.field == "status" and e.new_value == Status.RESOLVED]
    assert resolutions == ["Restarted the print spooler", "Replaced the toner"]
    assert [k for k, _c, _r in outbox(db, t.id)].count("csat_request") == 2  # one survey per resolution


def test_every_priority_override_change_is_audited(db: Database) -> None:
    """A new override reason on an unchanged priority is a change too: it gets its own event."""
    sup = f.user(db, Role.SUPERVISOR)
    t = f.ticket(db, f.user(db))
    t = tickets.override_priority(db.uow(), sup, t.id, t.priority, "VIP user")
    assert t.priority_override_reason == "VIP user"
    reasons = [(e.field, e.new_value) for e in t.entries if e.field == "priority_override_reason"]
    assert reasons == [("priority_override_reason", "VIP user")]
    t = tickets.override_priority(db.uow(), sup, t.id, Priority.P1, "Whole floor down")
    assert [e.body for e in t.entries if e.field == "priority"] == ["Whole floor down"]
    t = tickets.override_priority(db.uow(), sup, t.id, None)
    assert t.priority_override_reason is None and t.entries[-1].field == "priority"


def test_merge_records_where_the_duplicate_went(db: Database) -> None:
    agent = f.agent(db)
    source, target = f.ticket(db, f.user(db)), f.ticket(db, f.user(db))
    workflow.merge(db.uow(), agent, source.id, target.id)
    merged = tickets.get(db.uow(), agent, source.id)
    assert [(e.field, e.new_value) for e in merged.entries if e.field == "merged_into_id"] == [
        ("merged_into_id", str(target.id))]


def test_closing_a_closed_ticket_again_is_refused_and_keeps_when_it_closed(db: Database, clock: FakeClock) -> None:
    """Two agents closing the same spam: the second is told, and the first's closing time stays."""
    agent = f.agent(db)
    ticket = f.ticket(db, f.user(db), subject="You won a prize")
    workflow.close(db.uow(), agent, ticket.id, "Spam")
    first = tickets.get(db.uow(), agent, ticket.id)
    clock.advance(hours=1)
    with pytest.raises(InvalidTransition, match="closed already"):
        workflow.close(db.uow(), agent, ticket.id, "Spam")
    again = tickets.get(db.uow(), agent, ticket.id)
    assert again.closed_at == first.closed_at and again.version == first.version
