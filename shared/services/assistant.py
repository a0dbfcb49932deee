"""The tray's help assistant: the user describes the problem in their own words, the assistant
answers from published KB articles (the KB's own retrieval, `kb.suggest`), quoting the article's
steps, and asks whether that solved it. Yes counts a deflection; no raises the ticket with the
conversation attached. Known problems (confirmed major incidents) that match are said first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from shared.auth.permissions import Actor, Permission, require
from shared.changes import Changes
from shared.i18n import _
from shared.models.incidents import AssistantConversation, AssistantOutcome, IncidentState, MajorIncident
from shared.services import incidents, kb, tickets
from shared.services._common import clean_text
from shared.services.dto import TicketDetail
from shared.services.incident_text import signature
from shared.services.uow import UnitOfWork

MAX_ARTICLES = 3
_STEP = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(.+)$")


@dataclass(frozen=True)
class AnswerArticle:
    id: int
    title: str
    steps: tuple[str, ...]  # numbered or bulleted lines of the article; else its paragraphs
    body: str


@dataclass(frozen=True)
class Answer:
    question: str
    known_problems: tuple[incidents.Banner, ...]
    articles: tuple[AnswerArticle, ...]


@dataclass(frozen=True)
class Stats:
    asked: int
    solved: int
    tickets: int

    @property
    def deflection_rate(self) -> float | None:
        done = self.solved + self.tickets
        return self.solved / done if done else None


def steps_of(body: str) -> tuple[str, ...]:
    """The article's steps as the user follows them."""
    lines = [m.group(1).strip() for m in map(_STEP.match, body.splitlines()) if m]
    if lines:
        return tuple(lines)
    return tuple(p.strip() for p in re.split(r"\n\s*\n", body) if p.strip())


def ask(uow: UnitOfWork, actor: Actor, question: str) -> Answer:
    """The best published articles for the question, and the known problems it matches.
    Permission: kb:read. Raises ValidationFailed for an empty question."""
    require(actor, Permission.KB_READ)
    question = clean_text(question, "question", max_len=4000)
    words = signature(question)
    with uow:
        s = uow.session
        found = kb.suggest(s, question, limit=MAX_ARTICLES)
        articles = tuple(AnswerArticle(a.id, a.title, steps_of(a.body), a.body) for a in found)
        confirmed = s.scalars(select(MajorIncident).where(MajorIncident.state == IncidentState.CONFIRMED))
        topics = {i.id for i in confirmed if set(i.topic.split()) & words}
    known = tuple(b for b in incidents.banners(uow, actor) if b.incident_id in topics)
    return Answer(question, known, articles)


def solved(uow: UnitOfWork, actor: Actor, question: str, article_id: int) -> Changes:
    """"Yes, that solved it": a deflection for the article, and the conversation recorded.
    Permission: kb:read."""
    require(actor, Permission.KB_READ)
    question = clean_text(question, "question", max_len=4000)
    with uow:
        kb.record_deflection(uow, actor, article_id)
        uow.session.add(AssistantConversation(user_id=actor.id, question=question, article_id=article_id,
                                              outcome=AssistantOutcome.SOLVED, created_at=uow.now()))
        uow.commit()
    return Changes.of(articles=[article_id])


def transcript(question: str, shown: Sequence[tuple[int, str]]) -> str:
    """The conversation as the agent reads it on the ticket."""
    lines = [_("— Conversation with the help assistant —"), _("User: {text}").format(text=question)]
    if shown:
        for _id, title in shown:
            lines.append(_("Assistant suggested: {title}").format(title=title))
        lines.append(_("User: this did not solve it."))
    else:
        lines.append(_("Assistant: no article matched."))
    return "\n".join(lines)


def raise_ticket(uow: UnitOfWork, actor: Actor, question: str, shown: Sequence[tuple[int, str]] = (), *,
                 subject: str = "", category_id: int | None = None) -> TicketDetail:
    """"No, it did not": a ticket with the question and the conversation (the articles offered).
    Permission: ticket:create."""
    require(actor, Permission.TICKET_CREATE)
    question = clean_text(question, "question", max_len=4000)
    first = (subject.strip() or question.splitlines()[0]).strip()
    title = first if len(first) <= 120 else first[:117].rstrip() + "…"
    with uow:
        detail = tickets.create(uow, actor, subject=title,
                                description=f"{question}\n\n{transcript(question, shown)}", category_id=category_id)
        uow.session.add(AssistantConversation(
            user_id=actor.id, question=question, article_id=shown[0][0] if shown else None, ticket_id=detail.id,
            outcome=AssistantOutcome.TICKET if shown else AssistantOutcome.NO_ANSWER, created_at=uow.now()))
        uow.commit()
    return detail


def stats(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime) -> Stats:
    """Conversations in [start, end): how many ended solved (deflections) or as tickets.
    Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    with uow:
        rows = dict(uow.session.execute(select(AssistantConversation.outcome, func.count()).where(
            AssistantConversation.created_at >= start, AssistantConversation.created_at < end)
            .group_by(AssistantConversation.outcome)).tuples().all())
    solved_n = int(rows.get(AssistantOutcome.SOLVED, 0))
    tickets_n = int(rows.get(AssistantOutcome.TICKET, 0)) + int(rows.get(AssistantOutcome.NO_ANSWER, 0))
    return Stats(solved_n + tickets_n, solved_n, tickets_n)
