"""The tray's help assistant and the known-problem banner (issue #17): ask in one's own words,
say an answer solved it, or raise the ticket with the conversation attached."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from shared.http.deps import ActorDep, UowDep
from shared.http.routes.tray import _ERRORS, _ticket_out
from shared.http.schemas import TicketOut
from shared.i18n import reading_in
from shared.services import assistant, incidents

router = APIRouter(prefix="/api/v1/tray", tags=["tray"])


class _In(BaseModel):
    model_config = {"extra": "forbid"}


class QuestionIn(_In):
    question: str = Field(min_length=1, max_length=4000)


class SolvedIn(QuestionIn):
    article_id: int = Field(ge=1, le=2**31 - 1)


class ShownIn(_In):
    id: int = Field(ge=1, le=2**31 - 1)
    title: str = Field(max_length=300)


class RaiseIn(QuestionIn):
    shown: list[ShownIn] = Field(default_factory=list, max_length=10)
    category_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class BannerOut(BaseModel):
    incident_id: int
    text: str
    parent_number: str | None
    since: datetime


class AnswerArticleOut(BaseModel):
    id: int
    title: str
    steps: list[str]
    body: str


class AnswerOut(BaseModel):
    question: str
    known_problems: list[BannerOut]
    articles: list[AnswerArticleOut]


def _banner(b: incidents.Banner) -> BannerOut:
    return BannerOut(incident_id=b.incident_id, text=b.text, parent_number=b.parent_number, since=b.since)


@router.get("/known-problems", response_model=list[BannerOut], responses=_ERRORS)
def known_problems(actor: ActorDep, uow: UowDep) -> list[BannerOut]:
    """Confirmed major incidents, as the banner says them, in the user's language."""
    with reading_in(actor.language, actor.timezone):
        return [_banner(b) for b in incidents.banners(uow, actor)]


@router.post("/assistant/ask", response_model=AnswerOut, responses=_ERRORS)
def ask(body: QuestionIn, actor: ActorDep, uow: UowDep) -> AnswerOut:
    """The best published articles for the question (with their steps) and matching known problems."""
    with reading_in(actor.language, actor.timezone):
        a = assistant.ask(uow, actor, body.question)
    return AnswerOut(question=a.question, known_problems=[_banner(b) for b in a.known_problems],
                     articles=[AnswerArticleOut(id=x.id, title=x.title, steps=list(x.steps), body=x.body)
                               for x in a.articles])


@router.post("/assistant/solved", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def solved(body: SolvedIn, actor: ActorDep, uow: UowDep) -> None:
    """"Yes, that solved it": counts a deflection."""
    assistant.solved(uow, actor, body.question, body.article_id)


@router.post("/assistant/ticket", status_code=status.HTTP_201_CREATED, response_model=TicketOut, responses=_ERRORS)
def raise_ticket(body: RaiseIn, actor: ActorDep, uow: UowDep) -> TicketOut:
    """"No, it did not": the ticket, with the conversation in its description."""
    with reading_in(actor.language, actor.timezone):
        return _ticket_out(assistant.raise_ticket(uow, actor, body.question, [(s.id, s.title) for s in body.shown],
                                                  category_id=body.category_id))
