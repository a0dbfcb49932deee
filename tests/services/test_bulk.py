"""Many tickets at once from the queue's selection: each one an ordinary change in its own
transaction, audited as from the ticket itself; a ticket that cannot change is reported by number
and the others go through."""

from __future__ import annotations

import pytest

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models.enums import Role, Status
from shared.services import bulk, incidents, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock


def test_assign_many_reports_the_ones_that_cannot_and_moves_the_rest(db: Database) -> None:
    lead = f.user(db, Role.SUPERVISOR)
    rina = f.user(db)
    ids = [f.ticket(db, rina, subject=f"Printer {i}").id for i in range(4)]  # nobody on duty yet: unassigned
    dewi = f.agent(db, name="dewi")
    workflow.escalate(db.uow(), SYSTEM, ids[1], 2, "needs hands on")  # dewi works at L1
    workflow.resolve(db.uow(), SYSTEM, ids[2], "done")
    workflow.close(db.uow(), SYSTEM, ids[2])
    result = bulk.assign(db.uow(), lead, [*ids, ids[0]], dewi.id)  # a repeated id counts once
    assert result.done == (ids[0], ids[3]) and result.count == 4
    refused = dict(result.refused)
    assert "needs L2" in refused[f"HD-{ids[1]:06d}"] and "reopen it first" in refused[f"HD-{ids[2]:06d}"]
    assert result.changes.ticket_ids == {ids[0], ids[3]}
    for ticket_id in (ids[0], ids[3]):
        d = tickets.get(db.uow(), lead, ticket_id)
        assert d.assignee is not None and d.assignee.id == dewi.id
        assert any(e.field == "assignee_id" and e.author is not None and e.author.id == lead.id for e in d.entries)


def test_resolve_and_close_many_each_with_its_timeline(db: Database) -> None:
    lead = f.user(db, Role.SUPERVISOR)
    rina = f.user(db)
    spam = [f.ticket(db, rina, subject=f"You won a prize {i}").id for i in range(3)]
    closed = bulk.close(db.uow(), lead, spam, "Spam")
    assert closed.done == tuple(spam) and closed.refused == ()
    assert all(tickets.get(db.uow(), lead, t).status == Status.CLOSED for t in spam)
    fixed = [f.ticket(db, rina, subject=f"Wi-Fi drops {i}").id for i in range(2)]
    done = bulk.resolve(db.uow(), lead, [*fixed, spam[0]], "Access point replaced.")
    assert done.done == tuple(fixed) and [n for n, _why in done.refused] == [f"HD-{spam[0]:06d}"]
    assert tickets.get(db.uow(), lead, fixed[1]).solution == "Access point replaced."


def test_many_join_a_major_incident(db: Database, clock: FakeClock) -> None:
    for i in range(5):
        f.ticket(db, f.user(db), subject=f"VPN gateway unreachable {i}", description="")
        clock.advance(minutes=1)
    incidents.detect(db.uow())
    [inc] = incidents.list_incidents(db.uow(), SYSTEM)
    agent = f.agent(db)
    others = [f.ticket(db, f.user(db), subject=f"Intranet down at home {i}").id for i in range(2)]
    result = bulk.to_incident(db.uow(), agent, [*others, inc.ticket_ids[0]], inc.id)
    assert result.done == (*others, inc.ticket_ids[0])  # one in already: nothing to do, not refused
    assert set(others) <= set(incidents.get(db.uow(), agent, inc.id).ticket_ids)


def test_refused_as_a_whole_without_permission_or_with_too_many(db: Database) -> None:
    rina = f.user(db)
    ticket_id = f.ticket(db, rina).id
    with pytest.raises(PermissionDenied):
        bulk.close(db.uow(), rina, [ticket_id], "mine")
    lead = f.user(db, Role.SUPERVISOR)
    with pytest.raises(ValidationFailed, match="At most 500"):
        bulk.close(db.uow(), lead, list(range(1, bulk.BULK_MAX + 2)), "too many")
    with pytest.raises(ValidationFailed, match="at least one"):
        bulk.close(db.uow(), lead, [], "none")
