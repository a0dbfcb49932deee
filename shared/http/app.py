"""The FastAPI application: routes, the body-size guard, and the one mapping of errors to statuses.

Every refusal is a JSON object ``{"detail": "<readable message>", "code": "<error code>", ...}``
(`schemas.ErrorOut`); the probe shows `detail`, clients branch on `code` (shared.errors), since
one status can mean two errors (409: conflict or invalid transition).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from types import MappingProxyType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.db.database import Database
from shared.errors import (
    AuthenticationFailed,
    Conflict,
    HelpdeskError,
    NotFound,
    SecondFactorRequired,
    ValidationFailed,
)
from shared.http import push
from shared.http.deps import AppState, RateLimits
from shared.http.routes import assistant, probe, tray
from shared.http.security import (
    Limiter,
    RateLimited,
    RateLimiter,
    SessionSigner,
    SharedRateLimiter,
    resolve_secret,
)
from shared.i18n import _

REPORT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_BYTES = 512 * 1024
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """Refuse bodies over the limit for their path with 413, before the app parses anything.

    Checks Content-Length first, then counts the streamed bytes (chunked uploads have no length),
    buffering at most the limit and replaying it to the app.
    """

    def __init__(self, app: ASGIApp, limits: Sequence[tuple[str, int]], default: int) -> None:
        self.app, self.limits, self.default = app, limits, default

    def _limit(self, path: str) -> int:
        return next((size for prefix, size in self.limits if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._too_large(send, limit)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await self._too_large(send, limit)
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _too_large(send: Send, limit: int) -> None:
        response = JSONResponse({"detail": _("The request body is larger than {n:,} bytes.").format(n=limit),
                                 "code": ValidationFailed.code},
                                status_code=413, headers={"Connection": "close"})
        await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _location(loc: Sequence[Any]) -> str:
    return ".".join(str(p) for p in loc if p != "body") or "body"


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems: list[str] = []
    errors: list[dict[str, Any]] = []
    for err in exc.errors():
        where = _location(err.get("loc", ()))
        if err.get("type") == "json_invalid":
            msg = _("The body is not valid JSON ({error}).").format(error=err.get("ctx", {}).get("error", ""))
            problems.append(msg)
        else:
            msg = str(err.get("msg", ""))
            problems.append(f"{where}: {msg}")
        errors.append({"loc": where, "msg": msg, "type": err.get("type")})
    detail = _("Invalid request: {problems}").format(problems="; ".join(problems[:10]))
    return JSONResponse({"detail": detail, "code": ValidationFailed.code, "errors": errors[:50]}, status_code=422)


async def _helpdesk_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HelpdeskError)
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    if isinstance(exc, AuthenticationFailed):
        headers["WWW-Authenticate"] = "Bearer"
    body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
    if isinstance(exc, ValidationFailed) and exc.field:
        body["field"] = exc.field
    if isinstance(exc, Conflict) and exc.current_version is not None:
        body["current_version"] = exc.current_version
    if isinstance(exc, SecondFactorRequired):  # the client asks for a code, or walks through enrolment
        body["second_factor"] = "enrol" if exc.enrol else "code"
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


# FastAPI's answer when reading a JSON body fails other than as invalid JSON: in practice a body
# nested deeper than json's scanner goes (RecursionError).
FASTAPI_BODY_ERROR = "There was an error parsing the body"


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    code = NotFound.code if exc.status_code == 404 else HelpdeskError.code
    if exc.status_code == 404:
        detail = _("No such address on this server.")
    elif exc.status_code == 405:
        detail = _("This address does not take that method.")
    elif exc.status_code == 400 and detail == FASTAPI_BODY_ERROR:
        detail = _("The body could not be read as JSON (is it nested too deeply?).")
    return JSONResponse({"detail": detail, "code": code}, status_code=exc.status_code, headers=exc.headers)


SERVE_HOST_ENV = "HELPDESK_SERVE_HOST"


def app_from_environment() -> FastAPI:
    """The app of one `helpdesk serve --workers N` process: settings from the environment the
    parent prepared (database URL, session secret, the address served)."""
    from shared.config import load_settings
    from shared.db.database import open_database

    return create_app(open_database(load_settings()), host=os.environ.get(SERVE_HOST_ENV, "127.0.0.1"))


class HelpdeskApp(FastAPI):
    """FastAPI with the probe's report (`routes.probe.ReportFastPath`) and the tray's new ticket
    (`routes.tray.TicketFastPath`) in front of its middleware stack: a probe report is the server's
    most frequent request, and the stack (FastAPI's telemetry check, the error, telemetry and
    body-limit middlewares, `BodyLimit`) cost it ~80-90 µs of CPU each on the bench's machine; the
    stack, the router and the dependency solver were ~15 % of the event loop's CPU for a tray
    ticket. Every other request, and a request a fast path leaves, takes the stack."""

    fast_paths: Mapping[str, ASGIApp] = MappingProxyType({})  # POST path -> its fast path (create_app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and not self.root_path:
            front = self.fast_paths.get(scope["path"])
            if front is not None:
                scope["app"] = self  # as Starlette sets it: the fast path looks the exception handlers up there
                await front(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def create_app(db: Database, *, secret: str | None = None, host: str | None = "127.0.0.1",
               limits: RateLimits | None = None, limiter: Limiter | None = None,
               shared_limiter: Limiter | None = None, report_fast_path: bool = True,
               ticket_fast_path: bool = True) -> FastAPI:
    """The app for `db`. `secret` signs tray sessions (default HELPDESK_HTTP_SECRET; a random one on
    loopback); raises InsecureSetup when there is none for a non-loopback `host`. `limiter` (per
    process) and `shared_limiter` (the database, for sign-in and enrolment) let a test give the rate
    limiters clocks of their own; a `limiter` given alone serves every bucket. `report_fast_path`,
    `ticket_fast_path`: well-formed probe reports and tray tickets skip FastAPI's middleware and
    routing (HelpdeskApp; off only to compare the two paths' answers)."""
    app = HelpdeskApp(title="Helpdesk API", version="1", docs_url=None, redoc_url=None,
                  description="Probe enrolment and reports; the end-user tray app.")
    def unix_now() -> float:  # one clock for tokens, session rows and shared buckets: the database's
        return db.clock().timestamp()

    if shared_limiter is None and limiter is None:
        shared_limiter = SharedRateLimiter(db, clock=unix_now)
    signer = SessionSigner(resolve_secret(secret, host), hours=db.settings.security.session_hours, clock=unix_now)
    app.state.helpdesk = AppState(db=db, signer=signer,
                                  limiter=limiter or RateLimiter(), limits=limits or RateLimits(),
                                  shared_limiter=shared_limiter)
    app.include_router(probe.router)
    app.include_router(tray.router)
    app.include_router(push.router)
    app.include_router(assistant.router)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HelpdeskError, _helpdesk_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    upload_limit = tray.upload_body_limit(db.settings.attachment_max_bytes)
    stack = super(HelpdeskApp, app).__call__
    fast_paths: dict[str, ASGIApp] = {}
    if report_fast_path:
        fast_paths[probe.REPORT_PATH] = probe.ReportFastPath(stack, REPORT_MAX_BYTES)
    if ticket_fast_path:
        fast_paths[tray.TICKETS_PATH] = tray.TicketFastPath(stack, upload_limit)
    app.fast_paths = fast_paths
    app.add_middleware(BodyLimit, limits=[("/api/v1/probe/report", REPORT_MAX_BYTES),
                                          (tray.UPLOAD_PREFIX, upload_limit)],
                       default=DEFAULT_MAX_BYTES)
    return app
