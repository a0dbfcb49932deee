"""The suggested reply an agent sees in the ticket view: built only from what this desk already
wrote — the solutions of the closest resolved tickets and the steps of the closest published KB
articles — each quoted with its source, so the agent checks it before sending (nothing is sent)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound
from shared.i18n import _
from shared.models import Ticket, User
from shared.services import kb
from shared.services.uow import UnitOfWork
from shared.triage.similar import similar_resolved

QUOTE_MAX = 600  # characters of one source quoted; the agent opens the source for the rest


@dataclass(frozen=True)
class Source:
    kind: str  # "ticket" or "article"
    id: int
    label: str  # "HD-000123" or "KB-7"
    title: str
    quote: str


@dataclass(frozen=True)
class SuggestedReply:
    text: str
    sources: tuple[Source, ...]


def _quote(text: str) -> str:
    text = text.strip()
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX].rsplit(" ", 1)[0] + " …"
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def suggest_reply(uow: UnitOfWork, actor: Actor, ticket_id: int) -> SuggestedReply | None:
    """A draft reply from the closest resolved tickets (at most 2) and published articles (at most
    1), or None when nothing close enough exists. Permission: ticket:reply. Raises NotFound.
    Nothing is written."""
    require(actor, Permission.TICKET_REPLY)
    with uow:
        s = uow.session
        ticket = s.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(_("No ticket with id {id}.").format(id=ticket_id))
        requester = s.get(User, ticket.requester_id)
        sources: list[Source] = []
        for match in similar_resolved(s, ticket.subject, ticket.description, limit=2, exclude_id=ticket.id):
            sources.append(Source("ticket", match.id, match.number, match.subject, match.solution))
        for article in kb.suggest(s, f"{ticket.subject} {ticket.subject} {ticket.description}", limit=1):
            sources.append(Source("article", article.id, f"KB-{article.id}", article.title, article.body))
        if not sources:
            return None
        first = requester.full_name.split()[0] if requester and requester.full_name else ""
        parts = [_("Hello {name},").format(name=first).replace(" ,", ","), ""]
        for src in sources:
            if src.kind == "ticket":
                parts.append(_("The same problem was solved before ({ref}, \"{title}\") like this:").format(
                    ref=src.label, title=src.title))
            else:
                parts.append(_("The article \"{title}\" ({ref}) gives these steps:").format(
                    title=src.title, ref=src.label))
            parts += [_quote(src.quote), ""]
        parts.append(_("Could you try this and tell us whether it solves the problem?"))
        return SuggestedReply("\n".join(parts), tuple(sources))
