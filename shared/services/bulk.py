"""Changing many tickets at once from the queue's selection (assign, resolve, close, a major
incident): each ticket is one ordinary change — the same service, permission, rules and audit as
from the ticket itself — in a transaction of its own, so one ticket that cannot change (closed
meanwhile, a tier the assignee does not work at, a checklist step left open) is reported by
number with the reason and the others go through."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from shared.auth.permissions import Actor, Permission, require
from shared.changes import Changes
from shared.errors import HelpdeskError, ValidationFailed
from shared.i18n import _
from shared.services.uow import UnitOfWork

BULK_MAX = 500  # one selection; more is a report or an admin's job, not a click


@dataclass(frozen=True)
class BulkResult:
    done: tuple[int, ...]  # the tickets changed
    refused: tuple[tuple[str, str], ...]  # (number, why) for each that was not
    changes: Changes  # for the views to reload

    @property
    def count(self) -> int:
        return len(self.done) + len(self.refused)


def _each(uow: UnitOfWork, ticket_ids: Sequence[int], change: Callable[[int], object]) -> BulkResult:
    ids = list(dict.fromkeys(ticket_ids))
    if not ids:
        raise ValidationFailed(_("Select at least one ticket."), field="tickets")
    if len(ids) > BULK_MAX:
        raise ValidationFailed(_("At most {n} tickets at once; select fewer.").format(n=BULK_MAX), field="tickets")
    done: list[int] = []
    refused: list[tuple[str, str]] = []
    for ticket_id in ids:
        try:
            change(ticket_id)  # its own transaction: a refusal undoes this ticket's change only
        except HelpdeskError as exc:
            refused.append((uow.number(ticket_id), exc.message))
        else:
            done.append(ticket_id)
    return BulkResult(tuple(done), tuple(refused), Changes.of(tickets=done))


def assign(uow: UnitOfWork, actor: Actor, ticket_ids: Sequence[int], assignee_id: int | None) -> BulkResult:
    """Give each ticket to `assignee_id` (None: unassign). Permission: ticket:assign, per ticket."""
    from shared.services import workflow

    require(actor, Permission.TICKET_ASSIGN)  # once, not one refusal per ticket
    return _each(uow, ticket_ids, lambda t: workflow.assign(uow, actor, t, assignee_id))


def resolve(uow: UnitOfWork, actor: Actor, ticket_ids: Sequence[int], solution: str) -> BulkResult:
    """Resolve each with one solution (each requester told and asked for a rating). Permission:
    ticket:resolve, per ticket."""
    from shared.services import workflow

    require(actor, Permission.TICKET_RESOLVE)
    return _each(uow, ticket_ids, lambda t: workflow.resolve(uow, actor, t, solution))


def close(uow: UnitOfWork, actor: Actor, ticket_ids: Sequence[int], reason: str) -> BulkResult:
    """Close each (spam, duplicates of a mail loop, a test), with the reason on its timeline.
    Permission: ticket:close, per ticket."""
    from shared.services import workflow

    require(actor, Permission.TICKET_CLOSE)
    return _each(uow, ticket_ids, lambda t: workflow.close(uow, actor, t, reason))


def to_incident(uow: UnitOfWork, actor: Actor, ticket_ids: Sequence[int], incident_id: int) -> BulkResult:
    """Add each to an open major incident (children of its parent once confirmed). Permission:
    ticket:update."""
    from shared.services import incidents

    require(actor, Permission.TICKET_UPDATE)
    return _each(uow, ticket_ids, lambda t: incidents.add_tickets(uow, actor, incident_id, [t]))
