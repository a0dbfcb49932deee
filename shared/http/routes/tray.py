"""The end-user tray app: sign in, raise tickets, follow one's own tickets, reply, rate, search the KB."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from shared.http.deps import ActorDep, SignInLimit, StateDep, UowDep
from shared.http.schemas import (
    ArticleOut,
    CsatIn,
    EntryOut,
    ErrorOut,
    ReplyIn,
    SessionOut,
    SignInIn,
    TicketIn,
    TicketOut,
    TicketSummaryOut,
    UserOut,
)
from shared.services import csat, kb, queue, tickets, users
from shared.services.dto import TicketDetail, parse_ticket_ref
from shared.services.queue import QueueQuery, View

router = APIRouter(prefix="/api/v1/tray", tags=["tray"])
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorOut} for code in (401, 403, 404, 409, 422, 429)
}
TicketRef = Annotated[str, "HD-000123 or 123"]


def _ticket_out(t: TicketDetail) -> TicketOut:
    return TicketOut(
        id=t.id, number=t.number, version=t.version, subject=t.subject, description=t.description,
        status=str(t.status), priority=str(t.priority), created_at=t.created_at, updated_at=t.updated_at,
        resolved_at=t.resolved_at, solution=t.solution, csat_rating=t.csat_rating,
        entries=[EntryOut(id=e.id, kind=str(e.kind), author=e.author.full_name if e.author else None, body=e.body,
                          created_at=e.created_at) for e in t.entries])


@router.post("/session", response_model=SessionOut, responses=_ERRORS, dependencies=[SignInLimit])
def sign_in(body: SignInIn, uow: UowDep, st: StateDep) -> SessionOut:
    """Sign in with user name and password; returns a signed session token for later calls."""
    actor = users.authenticate(uow, body.username, body.password)
    assert actor.id is not None
    token, expires = st.signer.issue(actor.id, actor.username)
    return SessionOut(token=token, expires_at=expires,
                      user=UserOut(id=actor.id, username=actor.username, full_name=actor.full_name,
                                   role=str(actor.role)))


@router.post("/tickets", status_code=status.HTTP_201_CREATED, response_model=TicketOut, responses=_ERRORS)
def create_ticket(body: TicketIn, actor: ActorDep, uow: UowDep) -> TicketOut:
    """Raise a ticket as the signed-in user."""
    return _ticket_out(tickets.create(uow, actor, subject=body.subject, description=body.description,
                                      impact=body.impact, urgency=body.urgency))


@router.get("/tickets", response_model=list[TicketSummaryOut], responses=_ERRORS)
def my_tickets(actor: ActorDep, uow: UowDep, limit: Annotated[int, Query(ge=1, le=100)] = 25,
               offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> list[TicketSummaryOut]:
    """The signed-in user's own tickets, most recently updated first."""
    rows = queue.page(uow, actor, QueueQuery(view=View.OWN), offset=offset, limit=limit)
    return [TicketSummaryOut(id=r.id, number=r.number, subject=r.subject, status=str(r.status),
                             priority=str(r.priority), updated_at=r.updated_at, created_at=r.created_at)
            for r in rows]


@router.get("/tickets/{ticket}", response_model=TicketOut, responses=_ERRORS)
def ticket_detail(ticket: TicketRef, actor: ActorDep, uow: UowDep) -> TicketOut:
    """One of the user's tickets with its public timeline."""
    return _ticket_out(tickets.get(uow, actor, parse_ticket_ref(ticket)))


@router.post("/tickets/{ticket}/replies", response_model=TicketOut, responses=_ERRORS)
def reply(ticket: TicketRef, body: ReplyIn, actor: ActorDep, uow: UowDep) -> TicketOut:
    """Reply on one's own ticket (reopens it when resolved)."""
    return _ticket_out(tickets.reply(uow, actor, parse_ticket_ref(ticket), body.body,
                                     expected_version=body.expected_version))


@router.post("/tickets/{ticket}/csat", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def rate(ticket: TicketRef, body: CsatIn, actor: ActorDep, uow: UowDep) -> None:
    """Rate a resolved ticket, 1 to 5, once."""
    csat.submit(uow, actor, parse_ticket_ref(ticket), body.rating, body.comment)


@router.get("/kb", response_model=list[ArticleOut], responses=_ERRORS)
def kb_search(actor: ActorDep, uow: UowDep, q: Annotated[str, Query(max_length=200)] = "",
              limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[ArticleOut]:
    """Search published knowledge-base articles."""
    return [ArticleOut(id=a.id, title=a.title, body=a.body, tags=list(a.tags), updated_at=a.updated_at)
            for a in kb.search(uow, actor, q, limit=limit)]
