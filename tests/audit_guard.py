"""Every change of a ticket's fields leaves an audit event: checked on every flush of every test.

A service that sets a field a person chose (status, solution, assignee, priority...) without an
event on the ticket's timeline in the same flush fails the test that drives it, wherever it is.
Bookkeeping that follows from those changes (clocks, counters, timestamps) is not audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from shared.models import Ticket, TimelineEntry
from shared.models.enums import EntryKind

# Derived from audited changes, or the SLA clocks' own bookkeeping.
DERIVED = frozenset({
    "version", "updated_at", "assignee_name", "max_tier", "first_responded_at", "resolved_at", "closed_at",
    "response_due_at", "response_warn_at", "resolution_due_at", "resolution_warn_at", "sla_paused_at",
    "sla_paused_seconds", "response_warned", "resolution_warned", "response_breached", "resolution_breached",
    "first_response_seconds", "resolution_seconds", "agent_replies", "reopen_count",
})
# Changes whose event is recorded under another field: the solution is the body of the move to
# resolved; the override reason is the body of the priority change it came with.
# The alert loop's solution in every reader's language (Ticket.said) is that same body, as a message.
RECORDED_BY = {"solution": "status", "priority_override_reason": "priority", "said": "status"}


class UnauditedChange(AssertionError):
    pass


def unaudited(session: Session) -> dict[int, set[str]]:
    """Ticket id -> fields changed in this flush without an event for them."""
    recorded: dict[int, set[str]] = {}
    for obj in session.new:
        if isinstance(obj, TimelineEntry) and obj.kind == EntryKind.EVENT and obj.field:
            recorded.setdefault(obj.ticket_id, set()).add(obj.field)
    missing: dict[int, set[str]] = {}
    for obj in session.dirty:
        if not isinstance(obj, Ticket):
            continue
        state = inspect(obj)
        changed = {a.key for a in state.attrs
                   if a.key in state.mapper.columns and a.history.has_changes()} - DERIVED
        seen = recorded.get(obj.id, set())
        lacking = {f for f in changed if f not in seen and RECORDED_BY.get(f) not in seen}
        if lacking:
            missing[obj.id] = lacking
    return missing


def _check(session: Session, _context: Any, _instances: Any) -> None:
    missing = unaudited(session)
    if missing:
        raise UnauditedChange(f"ticket fields changed without an audit event: {missing}")


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _check)
