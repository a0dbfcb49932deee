"""The end-user tray app: sign in, raise tickets (with files), follow one's own tickets, reply, rate,
search and read the KB, say an article solved it or vote on it.

Files travel as base64 in JSON (no multipart parser needed). The body-size guard in
`shared.http.app` allows `upload_body_limit()` under `UPLOAD_PREFIX`.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from shared.auth.permissions import Actor
from shared.http.deps import (
    ActorDep,
    AppState,
    LiveSessionDep,
    SessionDep,
    SignInLimit,
    StateDep,
    UowDep,
    bearer_token,
    signed_in,
    state,
)
from shared.http.fast_path import FastPath, Message, Scope, json_body
from shared.http.schemas import (
    MAX_FILES,
    ArticleOut,
    AttachmentsIn,
    CategoryOut,
    CsatIn,
    EnrolmentOut,
    ErrorOut,
    FileIn,
    ReplyIn,
    SessionOut,
    SignInIn,
    SimilarOut,
    TicketIn,
    TicketOut,
    TicketSummaryOut,
    TotpEnrolIn,
    UserOut,
    VoteIn,
)
from shared.i18n import reading_in
from shared.services import catalog, csat, kb, queue, sessions, signin, tickets, tray_submit, users
from shared.services.dto import TicketDetail
from shared.services.kb import ArticleView
from shared.services.queue import QueueQuery, View
from shared.services.requester import requester_row, requester_ticket
from shared.services.tickets import NewAttachment, NewTicket
from shared.triage import similar

router = APIRouter(prefix="/api/v1/tray", tags=["tray"])
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorOut} for code in (401, 403, 404, 409, 413, 422, 423, 429, 502)
}
TicketRef = Annotated[str, "HD-000123 or 123"]
ArticleId = Annotated[int, Path(ge=1, le=2**31 - 1)]
UPLOAD_PREFIX = "/api/v1/tray/tickets"  # create, reply and attach take files
TICKETS_PATH = "/api/v1/tray/tickets"  # POST: create (TicketFastPath)
TEXT_ALLOWANCE = 1024 * 1024  # the JSON around the files: a 100,000-character description, escaped


def upload_body_limit(attachment_max_bytes: int) -> int:
    """The body size `UPLOAD_PREFIX` needs: MAX_FILES files of the largest allowed size, base64
    encoded (4 bytes per 3), plus the text around them."""
    return MAX_FILES * 4 * -(-attachment_max_bytes // 3) + TEXT_ALLOWANCE


def _files(files: list[FileIn]) -> list[NewAttachment]:
    return [NewAttachment(f.filename, f.content_type or "application/octet-stream", f.data) for f in files]


def _user_out(actor: Actor) -> UserOut:
    assert actor.id is not None
    return UserOut(id=actor.id, username=actor.username, full_name=actor.full_name, role=str(actor.role),
                   timezone=actor.timezone, language=actor.language)


def _article_out(a: ArticleView) -> ArticleOut:
    return ArticleOut(id=a.id, title=a.title, body=a.body, category_id=a.category_id, tags=list(a.tags),
                      updated_at=a.updated_at)


def _ticket_out(t: TicketDetail) -> TicketOut:
    return TicketOut.model_validate(requester_ticket(t))


@router.post("/session", response_model=SessionOut, responses=_ERRORS, dependencies=[SignInLimit])
def sign_in(body: SignInIn, uow: UowDep, st: StateDep) -> SessionOut:
    """Sign in with user name, password and (where the account needs one) a one-time code; returns
    a signed session token for later calls. 401 with `second_factor` "code" or "enrol" when a code
    is needed; 423 while the account is locked after failed attempts."""
    actor = users.authenticate(uow, body.username, body.password, code=body.code)
    session = sessions.open_session(uow, actor, client="tray")
    return _session_out(st, actor, session.id, session.ends_at.timestamp())


def _session_out(st: AppState, actor: Actor, session_id: str, ends_at: float) -> SessionOut:
    assert actor.id is not None
    token, expires = st.signer.issue(actor.id, actor.username, session_id=session_id, not_after=ends_at)
    return SessionOut(token=token, expires_at=expires, expires_in=max(0, expires - int(st.signer.now())),
                      user=_user_out(actor))


@router.post("/session/refresh", response_model=SessionOut, responses=_ERRORS)
async def refresh(live: LiveSessionDep, actor: ActorDep, st: StateDep) -> SessionOut:
    """A fresh token for a live session (the tray calls it before its token runs out, so it never
    has to restart or ask for the password); never past the session's own end. The session is the
    one the authentication read: no second read, no worker thread."""
    return _session_out(st, actor, live.id, live.ends_at.timestamp())


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def sign_out(claims: SessionDep, uow: UowDep) -> None:
    """End this session on every server."""
    sessions.sign_out(uow, claims.session_id, claims.user_id)


@router.post("/session/enrolment", response_model=EnrolmentOut, responses=_ERRORS, dependencies=[SignInLimit])
def enrol(body: TotpEnrolIn, uow: UowDep) -> EnrolmentOut:
    """For an account that must sign in with a code and has no authenticator yet: checks the
    password, then returns a new secret (shown once) and recovery codes. Signing in with the
    first code from it confirms it."""
    enrolment = signin.begin_enrolment(uow, body.username, body.password)
    return EnrolmentOut(secret=enrolment.secret, uri=enrolment.uri, recovery_codes=list(enrolment.recovery_codes))


@router.get("/me", response_model=UserOut, responses=_ERRORS)
def me(actor: ActorDep) -> UserOut:
    """The signed-in user, with the time zone and language the tray shows things in."""
    return _user_out(actor)


@router.get("/categories", response_model=list[CategoryOut], responses=_ERRORS)
def categories(_actor: ActorDep, uow: UowDep) -> list[CategoryOut]:
    """The categories a ticket can be filed under, by path (signed-in users only)."""
    return [CategoryOut(id=c.id, name=c.name, parent_id=c.parent_id, path=c.path)
            for c in catalog.list_categories(uow, active_only=True)]


@router.post("/tickets", status_code=status.HTTP_201_CREATED, response_model=TicketOut, responses=_ERRORS)
async def create_ticket(body: TicketIn, actor: ActorDep, app: StateDep) -> TicketOut:
    """Raise a ticket as the signed-in user, optionally with files (all or nothing is saved).
    Async: the wait for the ticket writer's transaction needs no worker thread of its own."""
    draft = NewTicket(subject=body.subject, description=body.description, category_id=body.category_id,
                      impact=body.impact, urgency=body.urgency, attachments=_files(body.attachments))
    if body.key is None and body.snapshot is None and body.machine_id is None:
        return _ticket_out(await app.new_tickets.submit_async((actor, draft)))
    # From the tray's outbox or with the machine: once per key, in a transaction of its own.
    detail = await run_in_threadpool(tray_submit.report, app.db.uow(), actor, draft, key=body.key,
                                     snapshot=body.snapshot, machine_id=body.machine_id)
    return _ticket_out(detail)


class TicketFastPath(FastPath[TicketIn]):
    """A well-formed ``POST /api/v1/tray/tickets`` runs `create_ticket` above with its dependencies
    called directly, not through FastAPI's middleware stack, router and dependency solver (they
    cost ~0.45-0.7 ms of CPU a call, a third of the whole: `bench/tray_cost.py` 1.78-2.04 ms
    through the stack, 1.33 ms here), as `routes.probe.ReportFastPath` does for the probe's report.
    `shared.http.app.HelpdeskApp` calls it in front of its stack.

    The answers are the route's: the same checks in the same order (the bearer token, the signed
    session with the tray's rate limit, then the endpoint), a refusal answered by the app's own
    exception handler, and the answer serialized from the response model as FastAPI does (201).
    Only a body announced by its Content-Length within `limit` (the uploads' limit) and sent as
    `application/json` that parses and validates as `TicketIn` is answered here; anything else
    goes to the stack unchanged or replayed, whose route answers it as before (its 401 first, then
    its 422 in its own words). An unexpected error goes to the server (500), as from the stack."""

    def parse(self, scope: Scope, messages: list[Message]) -> TicketIn | None:
        return _ticket_in(scope, messages)

    async def answer(self, request: Request, parsed: TicketIn) -> Response:
        app_state = state(request)
        app_state.fast_tickets += 1
        _claims, _live, actor = await signed_in(app_state, bearer_token(request))
        answer = await create_ticket(parsed, actor, app_state)
        return Response(TicketOut.__pydantic_serializer__.to_json(answer, by_alias=True),
                        status_code=status.HTTP_201_CREATED, media_type="application/json")


def _ticket_in(scope: Scope, messages: list[Message]) -> TicketIn | None:
    """The body as the route would validate it, or None when the route must see it."""
    raw = json_body(scope, messages)
    if raw is None:
        return None
    try:
        return TicketIn.model_validate(json.loads(raw))  # python mode on json.loads' result, as FastAPI does
    except (ValueError, ValidationError, RecursionError):  # the route answers these (422, 400)
        return None


@router.get("/tickets", response_model=list[TicketSummaryOut], responses=_ERRORS)
def my_tickets(actor: ActorDep, uow: UowDep, response: Response,
               limit: Annotated[int, Query(ge=1, le=100)] = 25,
               offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> list[TicketSummaryOut]:
    """The signed-in user's own tickets, most recently updated first; X-Total-Count says how many
    there are in all."""
    own = QueueQuery(view=View.OWN)
    with reading_in(actor.language, actor.timezone):  # subjects the system wrote (probe alerts), in the user's language
        rows = queue.page(uow, actor, own, offset=offset, limit=limit)
    response.headers["X-Total-Count"] = str(queue.count(uow, actor, own))
    return [TicketSummaryOut.model_validate(requester_row(r)) for r in rows]


@router.get("/tickets/{ticket}", response_model=TicketOut, responses=_ERRORS)
def ticket_detail(ticket: TicketRef, actor: ActorDep, uow: UowDep) -> TicketOut:
    """One of the user's tickets with its public timeline, in the user's language."""
    with reading_in(actor.language, actor.timezone):
        return _ticket_out(tickets.get(uow, actor, uow.parse_number(ticket)))


@router.post("/tickets/{ticket}/replies", response_model=TicketOut, responses=_ERRORS)
def reply(ticket: TicketRef, body: ReplyIn, actor: ActorDep, uow: UowDep) -> TicketOut:
    """Reply on one's own ticket (reopens it when resolved)."""
    with reading_in(actor.language, actor.timezone):
        return _ticket_out(tray_submit.reply(uow, actor, uow.parse_number(ticket), body.body, key=body.key,
                                             expected_version=body.expected_version,
                                             attachments=_files(body.attachments)))


@router.post("/tickets/{ticket}/attachments", status_code=status.HTTP_201_CREATED, response_model=TicketOut,
             responses=_ERRORS)
def attach(ticket: TicketRef, body: AttachmentsIn, actor: ActorDep, uow: UowDep) -> TicketOut:
    """Attach files to one's own ticket. Each may be at most settings.attachment_max_bytes (422
    otherwise; a body too large for the route is 413); nothing is saved unless all fit."""
    with reading_in(actor.language, actor.timezone):
        return _ticket_out(tickets.attach(uow, actor, uow.parse_number(ticket), _files(body.files)))


@router.post("/tickets/{ticket}/csat", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def rate(ticket: TicketRef, body: CsatIn, actor: ActorDep, uow: UowDep) -> None:
    """Rate a resolved ticket, 1 to 5, once."""
    csat.submit(uow, actor, uow.parse_number(ticket), body.rating, body.comment)


@router.get("/similar", response_model=list[SimilarOut], responses=_ERRORS)
def same_problems(actor: ActorDep, uow: UowDep, subject: Annotated[str, Query(max_length=200)],
                  description: Annotated[str, Query(max_length=500)] = "",
                  limit: Annotated[int, Query(ge=1, le=10)] = 3) -> list[SimilarOut]:
    """While a problem is written: the user's own open tickets that look the same (so they can add
    to one instead of opening another). Only their own tickets, whatever the role."""
    found = similar.own_same_problems(uow, actor, subject=subject, description=description, limit=limit)
    return [SimilarOut(id=s.id, number=s.number, subject=s.subject, status=str(s.status), created_at=s.created_at,
                       reasons=[str(r) for r in s.reasons], shared_words=list(s.shared_words)) for s in found]


@router.get("/kb", response_model=list[ArticleOut], responses=_ERRORS)
def kb_search(actor: ActorDep, uow: UowDep, q: Annotated[str, Query(max_length=200)] = "",
              limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[ArticleOut]:
    """Search published knowledge-base articles."""
    return [_article_out(a) for a in kb.search(uow, actor, q, limit=limit)]


@router.get("/kb/{article_id}", response_model=ArticleOut, responses=_ERRORS)
def article(article_id: ArticleId, actor: ActorDep, uow: UowDep) -> ArticleOut:
    """One published article (counts as a view)."""
    return _article_out(kb.get_article(uow, actor, article_id))


@router.post("/kb/{article_id}/deflection", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def deflection(article_id: ArticleId, actor: ActorDep, uow: UowDep) -> None:
    """The article solved the user's problem, so no ticket was raised."""
    kb.record_deflection(uow, actor, article_id)


@router.post("/kb/{article_id}/vote", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def vote(article_id: ArticleId, body: VoteIn, actor: ActorDep, uow: UowDep) -> None:
    """Say whether an article helped."""
    kb.vote(uow, actor, article_id, body.helpful)
