"""What changed on a requester's tickets since the tray last looked: the change stamp the tray's
push (HTTP long-poll) and its local-database watcher both wait on.

The stamp is the highest timeline entry id on the user's own tickets. Every change to a ticket
writes a timeline entry (the audit guard sees to it), ids only grow, and the stamp needs no
clock: two machines with different clocks agree on it. Only what the requester may see counts:
public replies by someone else and status changes; internal notes move the stamp (a later
call returns nothing new for them) but are never described.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from shared.auth.permissions import Actor, Permission, require
from shared.models import Ticket, TimelineEntry, User
from shared.models.enums import EntryKind, Status
from shared.services.uow import UnitOfWork

MAX_NEWS = 50  # tickets described in one answer; more changed ones are found by the refresh


@dataclass(frozen=True)
class TicketNews:
    ticket_id: int
    number: str
    subject: str
    status: Status
    status_changed: bool  # the status moved since the stamp
    replies: int  # public replies by someone other than the requester since the stamp
    replied_by: str | None  # the latest of those replies' author (None: the system)


@dataclass(frozen=True)
class Feed:
    stamp: int
    news: tuple[TicketNews, ...]


def stamp(uow: UnitOfWork, actor: Actor) -> int:
    """The change stamp of the actor's own tickets (0 before the first one). Permission: ticket:view_own."""
    require(actor, Permission.TICKET_VIEW_OWN)
    with uow:
        value = uow.session.scalar(select(func.max(TimelineEntry.id)).join(Ticket, Ticket.id == TimelineEntry.ticket_id)
                                   .where(Ticket.requester_id == actor.id))
        return int(value or 0)


def changes_since(uow: UnitOfWork, actor: Actor, since: int) -> Feed:
    """The news on the actor's tickets after stamp `since`, and the stamp to ask with next.
    Permission: ticket:view_own."""
    require(actor, Permission.TICKET_VIEW_OWN)
    with uow:
        s = uow.session
        rows = s.execute(
            select(TimelineEntry.id, TimelineEntry.ticket_id, TimelineEntry.kind, TimelineEntry.field,
                   TimelineEntry.author_id)
            .join(Ticket, Ticket.id == TimelineEntry.ticket_id)
            .where(Ticket.requester_id == actor.id, TimelineEntry.id > since)
            .order_by(TimelineEntry.id)).all()
        if not rows:
            return Feed(since, ())
        newest = max(r.id for r in rows)
        seen: dict[int, dict[str, object]] = {}
        for r in rows:
            status_change = r.kind == EntryKind.EVENT and r.field == "status"
            reply = r.kind == EntryKind.REPLY and r.author_id != actor.id
            if not (status_change or reply):
                continue
            news = seen.setdefault(r.ticket_id, {"status": False, "replies": 0, "author": None})
            if status_change:
                news["status"] = True
            if reply:
                news["replies"] = int(str(news["replies"])) + 1
                news["author"] = r.author_id
        ids = list(seen)[:MAX_NEWS]
        tickets = {t.id: t for t in s.scalars(select(Ticket).where(Ticket.id.in_(ids)))} if ids else {}
        authors = {a for a in (seen[i]["author"] for i in ids) if isinstance(a, int)}
        names = dict(s.execute(select(User.id, User.full_name).where(User.id.in_(authors))).tuples().all()) \
            if authors else {}
        out = []
        for i in ids:
            t, n = tickets[i], seen[i]
            author = n["author"]
            out.append(TicketNews(ticket_id=i, number=uow.number(i), subject=t.subject, status=Status(t.status),
                                  status_changed=bool(n["status"]), replies=int(str(n["replies"])),
                                  replied_by=names.get(author) if isinstance(author, int) else None))
        return Feed(newest, tuple(out))
