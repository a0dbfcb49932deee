"""What the tray app needs from the helpdesk, behind one small Protocol.

`LocalClient` talks to the database through the services (single-site installs, tests). A team
deployment uses `desktop.tray.http_client.HttpClient` against the HTTP edge's tray routes, with
the same methods; the tray's widgets only ever see a `TrayClient`. Every method blocks and is
safe to call from a worker thread (LocalClient opens a fresh unit of work per call), so the
widgets run them through `desktop.common.ops.Ops.call` and never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from shared.auth.permissions import Actor
from shared.models.enums import Level
from shared.services import catalog, csat, kb, queue, tickets, tray_feed, tray_submit, users
from shared.services.catalog import CategoryView
from shared.services.kb import ArticleView
from shared.services.queue import QueueQuery, View
from shared.services.requester import RequesterTicket, RequesterTicketRow, requester_row, requester_ticket
from shared.services.tickets import NewAttachment, NewTicket
from shared.services.tray_feed import Feed
from shared.triage import similar
from shared.triage.similar import SimilarTicket

if TYPE_CHECKING:
    from shared.db.database import Database  # a type only: widgets never open databases

__all__ = ["Feed", "LocalClient", "NewAttachment", "TrayClient"]


class TrayClient(Protocol):
    supports_attachments: bool  # False: the dialogs must not offer files (they would be refused)
    # Seconds a `changes` call may wait for news on the server (a long-poll); 0: it answers at
    # once and the tray's watcher asks again after its own interval (the local database).
    push_wait: float

    @property
    def actor(self) -> Actor: ...

    def categories(self) -> list[CategoryView]: ...

    def search_articles(self, text: str, limit: int = 5) -> list[ArticleView]: ...

    def article(self, article_id: int) -> ArticleView: ...

    def record_deflection(self, article_id: int) -> None: ...

    def vote(self, article_id: int, helpful: bool) -> None: ...

    def report_problem(self, *, subject: str, description: str, category_id: int | None, urgency: Level,
                       impact: Level, attachments: Sequence[NewAttachment] = (), key: str | None = None,
                       snapshot: Mapping[str, Any] | None = None,
                       machine_id: int | None = None) -> RequesterTicket: ...

    def my_tickets(self, *, offset: int = 0, limit: int = 100) -> list[RequesterTicketRow]: ...

    def count_my_tickets(self) -> int: ...

    def ticket(self, ticket_id: int) -> RequesterTicket: ...

    def reply(self, ticket_id: int, body: str, *, expected_version: int | None = None,
              attachments: Sequence[NewAttachment] = (), key: str | None = None) -> RequesterTicket: ...

    def rate(self, ticket_id: int, rating: int, comment: str = "") -> None: ...

    def same_problems(self, subject: str, description: str = "") -> list[SimilarTicket]: ...

    def changes(self, since: int, wait: float = 0.0) -> Feed: ...


class LocalClient:
    """The services, called directly. One unit of work per call."""

    supports_attachments = True
    push_wait = 0.0  # the watcher polls the database's change stamp

    def __init__(self, db: Database, actor: Actor) -> None:
        self._db, self._actor = db, actor

    @classmethod
    def sign_in(cls, db: Database, username: str, password: str) -> LocalClient:
        return cls(db, users.authenticate(db.uow(), username, password))

    @property
    def actor(self) -> Actor:
        return self._actor

    def categories(self) -> list[CategoryView]:
        return catalog.list_categories(self._db.uow(), active_only=True)

    def search_articles(self, text: str, limit: int = 5) -> list[ArticleView]:
        if not kb.terms(text):
            return []
        return kb.search(self._db.uow(), self._actor, text, limit=limit)

    def article(self, article_id: int) -> ArticleView:
        return kb.get_article(self._db.uow(), self._actor, article_id)

    def record_deflection(self, article_id: int) -> None:
        kb.record_deflection(self._db.uow(), self._actor, article_id)

    def vote(self, article_id: int, helpful: bool) -> None:
        kb.vote(self._db.uow(), self._actor, article_id, helpful)

    def report_problem(self, *, subject: str, description: str, category_id: int | None, urgency: Level,
                       impact: Level, attachments: Sequence[NewAttachment] = (), key: str | None = None,
                       snapshot: Mapping[str, Any] | None = None,
                       machine_id: int | None = None) -> RequesterTicket:
        draft = NewTicket(subject=subject, description=description, category_id=category_id, urgency=urgency,
                          impact=impact, attachments=attachments)
        return requester_ticket(tray_submit.report(self._db.uow(), self._actor, draft, key=key, snapshot=snapshot,
                                                   machine_id=machine_id))

    def my_tickets(self, *, offset: int = 0, limit: int = 100) -> list[RequesterTicketRow]:
        return [requester_row(r) for r in queue.page(self._db.uow(), self._actor,
                                                     QueueQuery(view=View.OWN, sort="updated"),
                                                     offset=offset, limit=limit)]

    def count_my_tickets(self) -> int:
        return queue.count(self._db.uow(), self._actor, QueueQuery(view=View.OWN))

    def ticket(self, ticket_id: int) -> RequesterTicket:
        return requester_ticket(tickets.get(self._db.uow(), self._actor, ticket_id))

    def reply(self, ticket_id: int, body: str, *, expected_version: int | None = None,
              attachments: Sequence[NewAttachment] = (), key: str | None = None) -> RequesterTicket:
        return requester_ticket(tray_submit.reply(self._db.uow(), self._actor, ticket_id, body, key=key,
                                                  expected_version=expected_version, attachments=attachments))

    def rate(self, ticket_id: int, rating: int, comment: str = "") -> None:
        csat.submit(self._db.uow(), self._actor, ticket_id, rating, comment)

    def same_problems(self, subject: str, description: str = "") -> list[SimilarTicket]:
        """The user's own open tickets that look like what they are writing (never anyone else's)."""
        return similar.own_same_problems(self._db.uow(), self._actor, subject=subject, description=description)

    def changes(self, since: int, wait: float = 0.0) -> Feed:
        """News after `since` at once (`wait` is for the server's long-poll); since < 0: the stamp."""
        if since < 0:
            return Feed(tray_feed.stamp(self._db.uow(), self._actor), ())
        return tray_feed.changes_since(self._db.uow(), self._actor, since)
