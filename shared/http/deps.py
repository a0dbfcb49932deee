"""`Annotated` dependencies: the unit of work, the calling machine or user, and rate limits."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, NamedTuple

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.errors import AuthenticationFailed
from shared.http.security import Limiter, Rate, RateLimiter, SessionClaims, SessionSigner
from shared.http.tokens import MachineAuth, MachineTokens, TokenReader
from shared.http.watchers import Watchers
from shared.i18n import _
from shared.services import alerts, creation, enrolment, sessions
from shared.services.alerts import IngestResult, Report
from shared.services.creation import NewTicket
from shared.services.dto import TicketDetail
from shared.services.group_commit import GroupCommit
from shared.services.uow import UnitOfWork


class RateLimits(NamedTuple):
    enrol: Rate = Rate(per_second=0.2, burst=10)  # per client address
    report: Rate = Rate(per_second=2.0, burst=120)  # per machine token: spool replays come in bursts
    sign_in: Rate = Rate(per_second=0.2, burst=10)  # per client address: slows password guessing
    tray: Rate = Rate(per_second=5.0, burst=60)  # per signed-in user


# While reports come in faster than one at a time, the report writer waits this long for more before
# a batch (shared.services.group_commit): a few ms on a report's answer, a larger batch for less CPU.
REPORT_LINGER = 0.002

# Buckets whose limit must hold across all workers (guessing passwords, codes and enrolment
# tokens): kept in the database. The report and tray buckets are flood control checked on every
# request; a database write per request would cost more than the flood, so they stay per process.
SHARED_BUCKETS = frozenset({"enrol", "sign_in"})


@dataclass
class AppState:
    db: Database
    signer: SessionSigner
    limiter: Limiter
    limits: RateLimits
    shared_limiter: Limiter | None = None  # SHARED_BUCKETS go here (the database); None: `limiter`
    # Group commit: concurrent requests' writes share transactions (see shared.services.group_commit).
    new_tickets: GroupCommit[tuple[Actor, NewTicket], TicketDetail] = field(init=False)
    reports: GroupCommit[Report, IngestResult] = field(init=False)
    watchers: Watchers = field(default_factory=Watchers)  # the tray's long-polls (shared.http.push)
    machine_tokens: MachineTokens = field(default_factory=MachineTokens)  # per process (shared.http.tokens)
    fast_reports: int = 0  # reports answered by routes.probe.ReportFastPath (tests, benchmarks)
    fast_tickets: int = 0  # tray tickets answered by routes.tray.TicketFastPath (tests, benchmarks)
    token_reader: TokenReader = field(init=False)  # machine tokens not cached yet (shared.http.tokens)
    session_reader: SessionReader = field(init=False)  # the tray's session checks (`signed_in`)
    seen_writer: GroupCommit[tuple[str, ...], None] = field(init=False)  # their last_seen_at, written apart

    def __post_init__(self) -> None:
        self.new_tickets = GroupCommit(self.db, creation.create_batch, _create_one, name="ticket-writer")
        self.reports = GroupCommit(self.db, alerts.ingest_many, _ingest_one, name="report-writer",
                                   linger=REPORT_LINGER)
        self.token_reader = GroupCommit(self.db, enrolment.machines_for_hashes, _machine_for_hash,
                                        name="token-reader")
        self.seen_writer = GroupCommit(self.db, _mark_seen_many, _mark_seen, name="session-seen-writer")
        self.session_reader = GroupCommit(self.db, partial(_read_sessions, seen=self.seen_writer.post),
                                          partial(_read_session, seen=self.seen_writer.post), name="session-reader")

    def close(self) -> None:
        self.new_tickets.close()
        self.reports.close()
        self.token_reader.close()
        self.session_reader.close()
        self.seen_writer.close()


def _create_one(uow: UnitOfWork, request: tuple[Actor, NewTicket]) -> TicketDetail:
    return creation.create_batch(uow, [request])[0]


def _ingest_one(uow: UnitOfWork, report: Report) -> IngestResult:
    return alerts.ingest_one(uow, *report)


# The tray's session checks: (session id, user id) in, the signed-in user as an Actor or why the
# session is refused out; every check waiting is read in one statement (sessions.read_many). The
# sessions whose last_seen_at is due go to the seen writer, which the reader does not wait for: on
# SQLite a write waits for the one write lock (a ticket batch, a search-index step), and every tray
# call of the batch would wait with it.
SessionReader = GroupCommit[tuple[str, int], "sessions.Verdict"]
Seen = Callable[[tuple[str, ...]], None]


def _read_sessions(uow: UnitOfWork, claims: Sequence[tuple[str, int]], *, seen: Seen) -> list[sessions.Verdict]:
    """`seen`: where the due last_seen_at writes go (AppState.seen_writer.post)."""
    with uow:
        found, due = sessions.read_many(uow, claims)
    if due:
        seen(tuple(due))
    return found


def _read_session(uow: UnitOfWork, claim: tuple[str, int], *, seen: Seen) -> sessions.Verdict:
    return _read_sessions(uow, [claim], seen=seen)[0]


def _mark_seen_many(uow: UnitOfWork, batches: Sequence[tuple[str, ...]]) -> list[None]:
    with uow:
        sessions.mark_seen(uow, [i for ids in batches for i in ids])
    return [None] * len(batches)


def _mark_seen(uow: UnitOfWork, ids: tuple[str, ...]) -> None:
    _mark_seen_many(uow, [ids])


def _machine_for_hash(uow: UnitOfWork, token_hash: str) -> int | None:
    return enrolment.machines_for_hashes(uow, [token_hash])[0]


def state(request: Request) -> AppState:
    return request.app.state.helpdesk  # type: ignore[no-any-return]


async def get_uow(request: Request) -> UnitOfWork:
    """A fresh unit of work (no database work until it is entered). Async, as every dependency
    that does no I/O here: FastAPI runs a sync dependency in a worker thread, a round trip per call."""
    return state(request).db.uow()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def bearer_dep(request: Request) -> str:
    return bearer_token(request)


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed(_("Send the token as 'Authorization: Bearer <token>'."))
    return token.strip()


async def state_dep(request: Request) -> AppState:
    """`state` as a dependency: async, so FastAPI calls it on the event loop instead of handing
    it to a worker thread (each sync dependency costs a thread round trip per request)."""
    return request.app.state.helpdesk  # type: ignore[no-any-return]


def limit(bucket: str, key: Callable[[Request], str]) -> Callable[[Request], Awaitable[None]]:
    """A dependency that takes one token from `bucket` for the key of this request. The in-process
    buckets are checked on the event loop; a database bucket (SharedRateLimiter) in a worker thread."""

    async def check(request: Request) -> None:
        st = state(request)
        chosen = st.shared_limiter if bucket in SHARED_BUCKETS and st.shared_limiter is not None else st.limiter
        name, rate = f"{bucket}:{key(request)}", getattr(st.limits, bucket)
        if isinstance(chosen, RateLimiter):
            chosen.check(name, rate)
        else:
            await run_in_threadpool(chosen.check, name, rate)

    return check


def _token_key(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return hashlib.sha256(header.encode()).hexdigest()[:24] if header else client_address(request)


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
BearerDep = Annotated[str, Depends(bearer_dep)]
EnrolLimit = Depends(limit("enrol", client_address))
SignInLimit = Depends(limit("sign_in", client_address))
report_limit = limit("report", _token_key)  # also called by the report fast path (routes.probe)
ReportLimit = Depends(report_limit)


async def current_machine(request: Request) -> MachineAuth:
    """The calling machine, its token looked up once per process (shared.http.tokens); the report's
    transaction checks the token hash again on the machine row. A cached token is answered on the
    event loop; the others wait for the token reader's next batch (MachineTokens.look_up)."""
    st = state(request)
    return await st.machine_tokens.look_up(st.token_reader, bearer_token(request))


async def signed_in(st: AppState, token: str) -> tuple[SessionClaims, sessions.SessionInfo, Actor]:
    """The claims of a bearer token, its live session and its user, after the server-side row said
    the session is live; AuthenticationFailed otherwise (the rate limit's RateLimited before any
    database work).

    The row is read on every call, as before: revoking a session, signing out and disabling a user
    refuse the very next request on every server process; there is no cache. The check waits for
    the session reader (`AppState.session_reader`), which reads every check waiting in one
    statement and one connection: a worker thread and a pooled connection per tray call opened
    and closed PostgreSQL connections all the time (120 in 26 s at 150 calls/s, README.md, round
    twelve)."""
    claims = st.signer.verify(token)
    st.limiter.check(f"tray:{claims.user_id}", st.limits.tray)
    if not claims.session_id:
        raise AuthenticationFailed(_("Your session is invalid or has expired; please sign in again."))
    found = await st.session_reader.submit_async((claims.session_id, claims.user_id))
    if isinstance(found, sessions.Refused):
        raise found.refusal()  # worded here, in this request's language
    return claims, found[0], found[1]


async def current_session(request: Request, token: BearerDep) -> SessionClaims:
    """The caller's session claims (`signed_in`); its session and user kept for `live_session`
    and `current_actor`."""
    claims, request.state.session, request.state.actor = await signed_in(state(request), token)
    return claims


async def live_session(request: Request, _claims: Annotated[SessionClaims, Depends(current_session)]
                       ) -> sessions.SessionInfo:
    """The caller's session row as `current_session` read it (no second read)."""
    return request.state.session  # type: ignore[no-any-return]


async def current_actor(request: Request, _claims: Annotated[SessionClaims, Depends(current_session)]) -> Actor:
    return request.state.actor  # type: ignore[no-any-return]


MachineDep = Annotated[MachineAuth, Depends(current_machine)]
ActorDep = Annotated[Actor, Depends(current_actor)]
SessionDep = Annotated[SessionClaims, Depends(current_session)]
LiveSessionDep = Annotated[sessions.SessionInfo, Depends(live_session)]
StateDep = Annotated[AppState, Depends(state_dep)]
