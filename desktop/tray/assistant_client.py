"""What the help assistant needs from the helpdesk, in the tray's two modes: the services called
directly (LocalAssistant) or the HTTP edge's tray routes (HttpAssistant). Every method blocks;
the widgets run them through Ops.call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from shared.auth.permissions import Actor
from shared.services import assistant, incidents
from shared.services.assistant import Answer, AnswerArticle
from shared.services.incidents import Banner
from shared.services.requester import RequesterTicket, requester_ticket

if TYPE_CHECKING:
    from desktop.tray.client import TrayClient
    from desktop.tray.http_client import HttpClient
    from shared.db.database import Database


class AssistantBackend(Protocol):
    def known_problems(self) -> list[Banner]: ...

    def ask(self, question: str) -> Answer: ...

    def solved(self, question: str, article_id: int) -> None: ...

    def raise_ticket(self, question: str, shown: Sequence[tuple[int, str]]) -> RequesterTicket: ...


class LocalAssistant:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db, self._actor = db, actor

    def known_problems(self) -> list[Banner]:
        return incidents.banners(self._db.uow(), self._actor)

    def ask(self, question: str) -> Answer:
        return assistant.ask(self._db.uow(), self._actor, question)

    def solved(self, question: str, article_id: int) -> None:
        assistant.solved(self._db.uow(), self._actor, question, article_id)

    def raise_ticket(self, question: str, shown: Sequence[tuple[int, str]]) -> RequesterTicket:
        return requester_ticket(assistant.raise_ticket(self._db.uow(), self._actor, question, shown))


def _banner(data: dict[str, Any]) -> Banner:
    return Banner(int(data["incident_id"]), str(data["text"]), data.get("parent_number"),
                  datetime.fromisoformat(str(data["since"])))


class HttpAssistant:
    """The same over the tray's HTTP session (token refresh and error mapping are the client's)."""

    def __init__(self, client: HttpClient) -> None:
        self._client = client

    def known_problems(self) -> list[Banner]:
        return [_banner(b) for b in self._client._get("/known-problems")]

    def ask(self, question: str) -> Answer:
        data = self._client._post("/assistant/ask", {"question": question})
        return Answer(str(data["question"]), tuple(_banner(b) for b in data["known_problems"]),
                      tuple(AnswerArticle(int(a["id"]), str(a["title"]), tuple(a["steps"]), str(a["body"]))
                            for a in data["articles"]))

    def solved(self, question: str, article_id: int) -> None:
        self._client._post("/assistant/solved", {"question": question, "article_id": article_id})

    def raise_ticket(self, question: str, shown: Sequence[tuple[int, str]]) -> RequesterTicket:
        from desktop.tray.http_client import _ticket

        return _ticket(self._client._post("/assistant/ticket", {
            "question": question, "shown": [{"id": i, "title": t} for i, t in shown]}))


def backend_for(client: TrayClient) -> AssistantBackend:
    """The assistant that goes with the tray's client (a LocalClient's database, or the HTTP session)."""
    from desktop.tray.client import LocalClient

    if isinstance(client, LocalClient):
        return LocalAssistant(client._db, client.actor)
    return HttpAssistant(client)  # type: ignore[arg-type]
