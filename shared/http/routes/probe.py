"""The probe's two calls: enrol once with an admin-issued token, then report with the machine token."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, cast

from fastapi import APIRouter, Request, status
from pydantic import ValidationError
from starlette.responses import Response

from shared.db.json_text import JsonText
from shared.errors import AuthenticationFailed
from shared.http.deps import (
    AppState,
    EnrolLimit,
    MachineDep,
    ReportLimit,
    StateDep,
    UowDep,
    current_machine,
    report_limit,
    state,
)
from shared.http.fast_path import FastPath, Message, Scope, json_body
from shared.http.schemas import EnrolIn, EnrolOut, ErrorOut, ReportIn, ReportOut
from shared.http.tokens import MachineAuth
from shared.services import enrolment
from shared.services.dto import ticket_number

REPORT_PATH = "/api/v1/probe/report"
router = APIRouter(prefix="/api/v1/probe", tags=["probe"])
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorOut} for code in (401, 413, 422, 429)
}


@router.post("/enrol", status_code=status.HTTP_201_CREATED, response_model=EnrolOut, responses=_ERRORS,
             dependencies=[EnrolLimit])
def enrol(body: EnrolIn, uow: UowDep) -> EnrolOut:
    """Trade a one-time enrolment token for this machine's id and bearer token."""
    machine_id, token = enrolment.enrol(uow, body.enrolment_token, body.hostname, body.os, body.ssh_host_key)
    return EnrolOut(machine_id=machine_id, machine_token=token)


@router.post("/report", response_model=ReportOut, responses=_ERRORS, dependencies=[ReportLimit])
async def report(body: ReportIn, machine: MachineDep, app: StateDep) -> ReportOut:
    """Store a snapshot and its alerts. Idempotent by report_id (spool replays may repeat one).

    Async end to end: the rate limit, the cached token and the wait for the report writer's
    transaction run on the event loop, not in a worker thread each (shared.http.deps). A well-formed
    report skips FastAPI's routing altogether (`ReportFastPath`)."""
    return await _store(app, machine, body, body.snapshot)


async def _store(app: AppState, machine: MachineAuth, body: ReportIn, snapshot: dict[str, Any]) -> ReportOut:
    try:
        # The validated fields as they came (JSON values: `model_dump` would only copy them).
        fields = {"report_id": body.report_id, "snapshot": snapshot, "alerts": body.alerts}
        result = await app.reports.submit_async((machine.machine_id, fields, machine.token_hash))
    except AuthenticationFailed:  # the token was replaced (re-enrolment) since it was cached
        app.machine_tokens.forget(machine.token_hash)
        raise
    return ReportOut(accepted=True, duplicate=result.duplicate,
                     opened_tickets=[ticket_number(t, app.db.settings.ticket_prefix) for t in result.opened])


class ReportFastPath(FastPath[tuple[ReportIn, dict[str, Any]]]):
    """A well-formed ``POST /api/v1/probe/report`` runs `report` above with its dependencies called
    directly, not through FastAPI's middleware stack, router and dependency solver (under
    `bench/http_bench.py` those took about as much of the server's CPU as the report's own work).
    `shared.http.app.HelpdeskApp` calls it in front of its stack; every other request, and any
    report this path does not answer, goes to `app` (the whole stack) untouched or replayed.

    The answers are those of the route: the same functions run in the same order (rate limit, the
    machine's token, the endpoint), a refusal goes to the app's own exception handler, and the
    answer is the response model serialized as FastAPI does. Only a body announced by its
    Content-Length within `limit` is read here (anything else meets `BodyLimit` in the stack, as
    before). Parsing and validating the body come first here, but they write nothing: a body that
    is not a JSON object sent as `application/json` that validates as `ReportIn` is handed to the
    stack unchanged, whose route refuses it as before (its rate limit and token checks first, then
    the 422 in the route's own words). An unexpected error goes to the server, which answers 500
    as the stack's error middleware does.
    """

    def parse(self, scope: Scope, messages: list[Message]) -> tuple[ReportIn, dict[str, Any]] | None:
        return _well_formed(scope, messages)

    async def answer(self, request: Request, parsed: tuple[ReportIn, dict[str, Any]]) -> Response:
        app_state = state(request)
        app_state.fast_reports += 1
        await report_limit(request)
        machine = await current_machine(request)
        body, snapshot = parsed
        answer = await _store(app_state, machine, body, snapshot)
        return Response(ReportOut.__pydantic_serializer__.to_json(answer), media_type="application/json")


def _well_formed(scope: Scope, messages: list[Message]) -> tuple[ReportIn, dict[str, Any]] | None:
    """The body as the route would validate it, and its snapshot (a `JsonText` when its text could be
    kept: stored as it came, shared.db.json_text), or None when the route must see it (anything else
    than a JSON body sent as application/json that validates)."""
    raw = json_body(scope, messages)
    if raw is None:
        return None
    try:
        kept = _parse_keeping(raw, "snapshot")
        data, text = kept if kept is not None else (json.loads(raw), None)
        body = ReportIn.model_validate(data)  # python mode on json.loads' result, as FastAPI does
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None
    except RecursionError:  # nested deeper than json's C scanner goes: the route refuses it (400)
        return None
    return body, (JsonText(body.snapshot, text) if text is not None else body.snapshot)


# json.loads' own settings and scanner (the C one): the same values, and where each ends. Not in
# typeshed, hence the casts: `scan_once(text, at)` -> (value, end), StopIteration at a bad value;
# `scanstring(text, after_quote)` -> (string, end).
_SCAN = cast("Callable[[str, int], tuple[Any, int]]", getattr(json.JSONDecoder(), "scan_once"))  # noqa: B009
_STRING = cast("Callable[[str, int], tuple[str, int]]", getattr(json.decoder, "scanstring"))  # noqa: B009
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # json.decoder.WHITESPACE


def _skip(text: str, at: int) -> int:
    found = _WHITESPACE.match(text, at)
    return found.end() if found else at


def _parse_keeping(raw: bytes, key: str) -> tuple[dict[str, Any], str | None] | None:
    """`json.loads(raw)` when it is a JSON object, with the text of its `key`'s value (the last one, as
    loads keeps the last of repeated keys), or None for anything else (not JSON, not an object, or
    not UTF-8 as the probe sends it): the caller then runs json.loads itself, errors and all. Each
    value is read by json's own C scanner, which says where it ends."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    scan = _SCAN
    at = _skip(text, 0)
    if text[at:at + 1] != "{":
        return None
    at = _skip(text, at + 1)
    out: dict[str, Any] = {}
    span: tuple[int, int] | None = None
    if text[at:at + 1] == "}":
        at += 1
    else:
        try:
            while True:
                if text[at:at + 1] != '"':
                    return None
                name, at = _STRING(text, at + 1)
                at = _skip(text, at)
                if text[at:at + 1] != ":":
                    return None
                start = _skip(text, at + 1)
                out[name], at = scan(text, start)
                if name == key:
                    span = (start, at)
                at = _skip(text, at)
                if text[at:at + 1] == "}":
                    at += 1
                    break
                if text[at:at + 1] != ",":
                    return None
                at = _skip(text, at + 1)
        except (ValueError, StopIteration):  # what json.loads would raise as JSONDecodeError
            return None
    if _skip(text, at) != len(text):
        return None
    return out, (text[span[0]:span[1]] if span is not None else None)
