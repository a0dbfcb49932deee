"""Run one remote diagnostic: authorise (console checks) → SSH exec through the gate → record.

Every attempt is recorded, whichever wall stops it: the console (permission, tier, catalogue
grammar), the gate on the machine (exit 126/127), or the network (unreachable, wrong host key).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from agent_probe.gate.catalogue import EXIT_REFUSED, EXIT_UNKNOWN, Catalogue
from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.errors import HelpdeskError
from shared.i18n import _
from shared.services import diagnostics
from shared.services.diagnostics import DiagnosticRequest, Outcome, RunOutcome, RunRecord, SshTarget
from shared.ssh.client import ExecResult, SshPool

SSH_GRACE_SECONDS = 15.0  # on top of the catalogue timeout: the gate itself stops the program first


def run_diagnostic(db: Database, actor: Actor, ticket_id: int | None, machine_id: int, diagnostic_id: str,
                   params: Mapping[str, str | int], ssh_pool: SshPool, *,
                   catalogue: Catalogue | None = None) -> RunRecord:
    """Authorise, run and record a diagnostic. Returns the record (its outcome may be a gate refusal).

    Raises what `diagnostics.authorize` raises (after recording the refusal), and RemoteUnavailable /
    HostKeyMismatch when the machine cannot be reached safely (also recorded).
    """
    request = diagnostics.authorize(db.uow(), actor, machine_id, diagnostic_id, params, ticket_id,
                                    catalogue=catalogue)
    return _send(db, actor, ticket_id, machine_id, request.target, request.command,
                 request.timeout_seconds + SSH_GRACE_SECONDS, ssh_pool, request)


def send_unchecked(db: Database, actor: Actor, ticket_id: int | None, machine_id: int, command: str,
                   ssh_pool: SshPool, *, timeout: float = 60.0) -> RunRecord:
    """Send a raw request line past the console's checks, so the gate alone decides. For tests and
    `helpdesk diag raw` (proving the second wall); the console never calls it. Still recorded."""
    target = diagnostics.unchecked_target(db.uow(), actor, machine_id, ticket_id)
    return _send(db, actor, ticket_id, machine_id, target, command, timeout, ssh_pool, None)


def _send(db: Database, actor: Actor, ticket_id: int | None, machine_id: int, target: SshTarget, command: str,
          timeout: float, pool: SshPool, request: DiagnosticRequest | None) -> RunRecord:
    try:
        result = pool.run(target, command, timeout=timeout)
    except HelpdeskError as exc:
        record = diagnostics.record_run(db.uow(), actor, ticket_id, machine_id, request,
                                        RunOutcome(Outcome.FAILED, command[:1024], message=exc.message))
        exc.committed = record.changes  # the failure is on the ticket
        raise
    return diagnostics.record_run(db.uow(), actor, ticket_id, machine_id, request, interpret(command, result))


def interpret(command: str, result: ExecResult) -> RunOutcome:
    """The gate's answer as an outcome: exit 0 + one JSON object, or 126/127 + a refusal on stderr."""
    common: dict[str, Any] = {"command": command[:1024], "ssh_exit_status": result.exit_status,
                              "reused_connection": result.reused}
    if result.exit_status in (EXIT_REFUSED, EXIT_UNKNOWN):
        return RunOutcome(Outcome.REFUSED_BY_GATE, message=result.stderr.strip()[:2000], duration_ms=result.duration_ms,
                          **common)
    if result.exit_status != 0:
        return RunOutcome(Outcome.FAILED, message=_("The gate exited with {code}: {stderr}").format(
            code=result.exit_status, stderr=result.stderr.strip()[:2000]), duration_ms=result.duration_ms, **common)
    try:
        gate = json.loads(result.stdout)
        if not isinstance(gate, dict):
            raise ValueError("not an object")
    except ValueError:
        return RunOutcome(Outcome.FAILED, message=_("The gate's answer is not the expected JSON object."),
                          stdout=result.stdout[:4096], duration_ms=result.duration_ms, **common)
    error = gate.get("error")
    return RunOutcome(
        Outcome.COMPLETED, exit_code=gate.get("exit_code") if isinstance(gate.get("exit_code"), int) else None,
        stdout=str(gate.get("stdout", "")), stderr=str(gate.get("stderr", "")),
        message=_("The program could not run: {error}").format(error=error) if error else "",
        duration_ms=int(gate.get("duration_ms") or result.duration_ms), truncated=bool(gate.get("truncated")),
        timed_out=bool(gate.get("timed_out")), gate_result=gate, **common)
