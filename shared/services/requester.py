"""A ticket as its requester sees it: what the tray shows, locally or over HTTP.

One DTO for both tray clients: `LocalClient` makes it from the services' detail, the HTTP API's
`TicketOut` carries exactly these fields, and `HttpClient` reads them back into it. The
requester never sees internal notes, tiers, teams' ids or breach flags, so the DTO has none of
them and nothing is filled with made-up values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.changes import NO_CHANGES, Changes
from shared.models.enums import EntryKind, Level, Priority, Status
from shared.services.dto import AttachmentView, ChangedTicket, EntryView, TicketDetail, TicketRow


@dataclass(frozen=True)
class RequesterEntry:
    """A public reply, or a status change, on the requester's ticket."""

    id: int
    kind: EntryKind
    author: str | None  # None: the system
    author_id: int | None
    body: str
    created_at: datetime
    field: str | None = None  # events: "status"
    old_value: str | None = None
    new_value: str | None = None
    via_email: bool = False
    data: dict[str, Any] | None = None  # what the system said (message and values), for the reader's language


@dataclass(frozen=True)
class RequesterTicket:
    id: int
    number: str
    version: int
    subject: str
    description: str
    status: Status
    priority: Priority
    impact: Level
    urgency: Level
    category_id: int | None
    category: str | None
    team: str | None
    assignee: str | None  # by name only
    requester_id: int
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    resolved_at: datetime | None
    solution: str | None
    csat_rating: int | None
    entries: tuple[RequesterEntry, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()
    changes: Changes = NO_CHANGES  # what the call that returned it changed


@dataclass(frozen=True)
class RequesterTicketRow:
    """One line of "My tickets"."""

    id: int
    number: str
    subject: str
    status: Status
    priority: Priority
    assignee: str | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    updated_at: datetime
    created_at: datetime


def requester_ticket(t: TicketDetail) -> RequesterTicket:
    """The requester's view of a detail read for them (its timeline is already the public part)."""
    return RequesterTicket(
        id=t.id, number=t.number, version=t.version, subject=t.subject, description=t.description,
        # Enums again: a detail read back from the database carries the columns' plain strings.
        status=Status(t.status), priority=Priority(t.priority), impact=Level(t.impact), urgency=Level(t.urgency),
        category_id=t.category_id,
        category=t.category, team=t.team, assignee=t.assignee.full_name if t.assignee else None,
        requester_id=t.requester.id, created_at=t.created_at, updated_at=t.updated_at,
        first_responded_at=t.first_responded_at, response_due_at=t.response_due_at,
        resolution_due_at=t.resolution_due_at, resolved_at=t.resolved_at, solution=t.solution,
        csat_rating=t.csat_rating,
        entries=tuple(RequesterEntry(id=e.id, kind=e.kind, author=e.author.full_name if e.author else None,
                                     author_id=e.author.id if e.author else None, body=e.body,
                                     created_at=e.created_at, field=e.field, old_value=e.old_value,
                                     new_value=e.new_value, via_email=e.via_email, data=e.data)
                      for e in t.entries if _public(e)),
        attachments=t.attachments, changes=t.changes if isinstance(t, ChangedTicket) else NO_CHANGES)


def _public(e: EntryView) -> bool:
    # What `tickets.get` shows a requester; also for staff who follow their own tickets in the tray.
    return e.kind == EntryKind.REPLY or (e.kind == EntryKind.EVENT and e.field == "status")


def requester_row(r: TicketRow) -> RequesterTicketRow:
    return RequesterTicketRow(id=r.id, number=r.number, subject=r.subject, status=r.status, priority=r.priority,
                              assignee=r.assignee, response_due_at=r.response_due_at,
                              resolution_due_at=r.resolution_due_at, updated_at=r.updated_at,
                              created_at=r.created_at)
