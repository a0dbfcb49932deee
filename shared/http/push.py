"""Push for the tray: ``GET /api/v1/tray/changes?since=STAMP&wait=SECONDS``, an HTTP long-poll.

The request is held until the user's tickets change after `since` (a reply from an agent, a new
status) or `wait` seconds pass; the answer carries the new stamp and what changed, and the tray
asks again at once. A long-poll rather than server-sent events: it goes through every proxy that
passes ordinary requests, each answer is a complete JSON document, and a request that dies is
simply asked again (the tray backs off on errors).

The watch is authenticated like every tray call (bearer token). The number of requests held at
once is bounded per process (`Watchers.limit`): one beyond it gets 429 with Retry-After, so a
crowd of trays cannot tie up the server. While held, the request checks the database every
`Watchers.interval` seconds off the event loop — one indexed query per watcher and interval,
which works for several worker processes without a shared message bus. A watch whose tray has
gone (closed, asleep, off the network) ends at its next check: it would otherwise keep querying
and hold its place under the bound until `wait` ran out, and a server stopping for a restart
would wait that long for it.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from shared.http.deps import ActorDep, StateDep
from shared.http.schemas import ErrorOut
from shared.http.security import RateLimited
from shared.i18n import _, reading_in
from shared.services import tray_feed

router = APIRouter(prefix="/api/v1/tray", tags=["tray"])
MAX_WAIT = 60.0  # seconds; proxies commonly cut idle requests after 60-120 s


class NewsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    ticket_id: int
    number: str
    subject: str
    status: str
    status_changed: bool
    replies: int
    replied_by: str | None


class FeedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    stamp: int
    news: list[NewsOut]


@router.get("/changes", response_model=FeedOut, responses={c: {"model": ErrorOut} for c in (401, 422, 429)})
async def changes(request: Request, actor: ActorDep, st: StateDep,
                  since: Annotated[int, Query(ge=-1, le=2**62)] = -1,
                  wait: Annotated[float, Query(ge=0, le=MAX_WAIT)] = 25.0) -> FeedOut:
    """Wait up to `wait` seconds for news on the user's tickets after `since`; `since=-1` answers
    at once with the current stamp (the tray's first call)."""
    watchers = st.watchers
    if since < 0:
        stamp = await run_in_threadpool(tray_feed.stamp, st.db.uow(), actor)
        return FeedOut(stamp=stamp, news=[])
    if not watchers.enter():
        raise RateLimited(_("Too many people are waiting for news right now; trying again shortly."),
                          retry_after=watchers.busy_retry)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            with reading_in(actor.language, actor.timezone):
                feed = await run_in_threadpool(tray_feed.changes_since, st.db.uow(), actor, since)
            if feed.stamp != since or loop.time() >= deadline:
                return FeedOut.model_validate(feed)
            await asyncio.sleep(min(watchers.interval, max(0.0, deadline - loop.time())))
            if await request.is_disconnected():
                return FeedOut(stamp=since, news=[])  # nobody reads it: the tray asks again when back
    finally:
        watchers.leave()
