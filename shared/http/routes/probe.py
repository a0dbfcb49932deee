"""The probe's two calls: enrol once with an admin-issued token, then report with the machine token."""

from __future__ import annotations

from fastapi import APIRouter, status

from shared.errors import AuthenticationFailed
from shared.http.deps import EnrolLimit, MachineDep, ReportLimit, StateDep, UowDep
from shared.http.schemas import EnrolIn, EnrolOut, ErrorOut, ReportIn, ReportOut
from shared.services import enrolment
from shared.services.dto import ticket_number

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
    transaction run on the event loop, not in a worker thread each (shared.http.deps)."""
    try:
        result = await app.reports.submit_async((machine.machine_id, body.model_dump(), machine.token_hash))
    except AuthenticationFailed:  # the token was replaced (re-enrolment) since it was cached
        app.machine_tokens.forget(machine.token_hash)
        raise
    return ReportOut(accepted=True, duplicate=result.duplicate,
                     opened_tickets=[ticket_number(t, app.db.settings.ticket_prefix) for t in result.opened])
