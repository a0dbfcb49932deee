"""What the fast paths in front of FastAPI's stack share (`routes.probe.ReportFastPath`,
`routes.tray.TicketFastPath`): reading a body announced by its Content-Length, handing a request
the path does not answer to the stack unchanged, and the app's own exception handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Generic, TypeVar

from starlette.requests import Request
from starlette.responses import Response

Message = MutableMapping[str, Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Parsed = TypeVar("Parsed")


class FastPath(Generic[Parsed]):
    """One route answered in front of FastAPI's stack (`shared.http.app.HelpdeskApp`): a body
    announced by its Content-Length within `limit` is read and `parse`d; what `parse` leaves (None)
    goes to `app`, the whole stack, replayed, and so does any body not read here (chunked, too
    large: the stack's `BodyLimit` answers it). `answer` runs the route's checks and work; an error
    goes to the app's own exception handler as from the route, or to the server when it has none."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    def parse(self, scope: Scope, messages: list[Message]) -> Parsed | None:
        raise NotImplementedError

    async def answer(self, request: Request, parsed: Parsed) -> Response:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        messages, replay, whole = await read_announced(scope, receive, self.limit)
        if not messages:
            await self.app(scope, receive, send)  # chunked, or too large: BodyLimit answers
            return
        parsed = self.parse(scope, messages) if whole else None
        if parsed is None:
            await self.app(scope, replay, send)
            return
        request = Request(scope, replay)
        try:
            response = await self.answer(request, parsed)
        except Exception as exc:
            handler = handler_for(scope["app"], exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, replay, send)


async def read_announced(scope: Scope, receive: Receive, limit: int) -> tuple[list[Message], Receive, bool]:
    """The messages of a body whose Content-Length is at most `limit`, read up to just past
    `limit`; a `receive` that replays them to the stack; and whether the body is whole and within
    the limit. A body without a Content-Length, or announcing more, is not read (the stack's
    `BodyLimit` answers it)."""
    length = next((value for name, value in scope["headers"] if name == b"content-length"), None)
    messages: list[Message] = []
    if length is None or not length.isdigit() or int(length) > limit:
        return messages, receive, False
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        size += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False) or size > limit:
            break

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    whole = size <= limit and all(m["type"] == "http.request" for m in messages)
    return messages, replay, whole


def json_body(scope: Scope, messages: list[Message]) -> bytes | None:
    """The body's bytes when it was sent as `application/json` and is not empty, else None (FastAPI
    reads other content types, and an empty body, its own way: the stack must see them)."""
    content_type = next((value for name, value in scope["headers"] if name == b"content-type"), None)
    if content_type is None or content_type.lower() != b"application/json":
        return None
    raw = b"".join(m.get("body", b"") for m in messages)
    return raw or None


def handler_for(app: Any, exc: Exception) -> Callable[[Request, Exception], Awaitable[Response]] | None:
    """The app's exception handler for `exc`, looked up by class as Starlette's ExceptionMiddleware does
    (a handler for Exception itself belongs to ServerErrorMiddleware, outside: the error goes there)."""
    handlers = app.exception_handlers
    return next((handlers[cls] for cls in type(exc).__mro__ if cls in handlers and cls is not Exception), None)
