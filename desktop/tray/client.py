"""What the tray app needs from the helpdesk, behind one small Protocol.

`LocalClient` talks to the database through the services (single-site installs, tests). A team
deployment uses `desktop.tray.http_client.HttpClient` against the HTTP edge's tray routes, with
the same methods; the tray's widgets only ever see a `TrayClient`. Every method blocks and is
safe to call from a worker thread (LocalClient opens a fresh unit of work per call), so the
widgets run them through `desktop.common.ops.Ops.call` and never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from shared.auth.permissions import Actor
from shared.models.enums import Level
from shared.services import catalog, csat, kb, queue, tickets, users
from shared.services.catalog import CategoryView
from shared.services.kb import ArticleView
from shared.services.queue import QueueQuery, View
from shared.services.requester import RequesterTicket, RequesterTicketRow, requester_row, requester_ticket
from shared.services.tickets import NewAttachment

if TYPE_CHECKING:
    from shared.db.database import Database  # a type only: widgets never open databases

__all__ = ["LocalClient", "NewAttachment", "TrayClient"]


class TrayClient(Protocol):
    supports_attachments: bool  # False: the dialogs must not offer files (they would be refused)

    @property
    def actor(self) -> Actor: ...

    def categories(self) -> list[CategoryView]: ...

    def search_articles(self, text: str, limit: int = 5) -> list[ArticleView]: ...

    def article(self, article_id: int) -> ArticleView: ...

    def record_deflection(self, article_id: int) -> None: ...

    def vote(self, article_id: int, helpful: bool) -> None: ...

    def report_problem(self, *, subject: str, description: str, category_id: int | None, urgency: Level,
                       impact: Level, attachments: Sequence[NewAttachment] = ()) -> RequesterTicket: ...

    def my_tickets(self, *, offset: int = 0, limit: int = 100) -> list[RequesterTicketRow]: ...

    def count_my_tickets(self) -> int: ...

    def ticket(self, ticket_id: int) -> RequesterTicket: ...

    def reply(self, ticket_id: int, body: str, *, expected_version: int | None = None,
              attachments: Sequence[NewAttachment] = ()) -> RequesterTicket: ...

    def rate(self, ticket_id: int, rating: int, comment: str = "") -> None: ...


class LocalClient:
    """The services, called directly. One unit of work per call."""

    supports_attachments = True

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
                       impact: Level, attachments: Sequence[NewAttachment] = ()) -> RequesterTicket:
        return requester_ticket(tickets.create(self._db.uow(), self._actor, subject=subject, description=description,
                                               category_id=category_id, urgency=urgency, impact=impact,
                                               attachments=attachments))

    def my_tickets(self, *, offset: int = 0, limit: int = 100) -> list[RequesterTicketRow]:
        return [requester_row(r) for r in queue.page(self._db.uow(), self._actor,
                                                     QueueQuery(view=View.OWN, sort="updated"),
                                                     offset=offset, limit=limit)]

    def count_my_tickets(self) -> int:
        return queue.count(self._db.uow(), self._actor, QueueQuery(view=View.OWN))

    def ticket(self, ticket_id: int) -> RequesterTicket:
        return requester_ticket(tickets.get(self._db.uow(), self._actor, ticket_id))

    def reply(self, ticket_id: int, body: str, *, expected_version: int | None = None,
              attachments: Sequence[NewAttachment] = ()) -> RequesterTicket:
        return requester_ticket(tickets.reply(self._db.uow(), self._actor, ticket_id, body,
                                              expected_version=expected_version, attachments=attachments))

    def rate(self, ticket_id: int, rating: int, comment: str = "") -> None:
        csat.submit(self._db.uow(), self._actor, ticket_id, rating, comment)
