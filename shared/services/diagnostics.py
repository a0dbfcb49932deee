"""Remote diagnostics, server side: who may run what where, and the record of every run.

The SSH work itself lives at the edge (`shared.ssh`); this module decides and records. A request
is checked with the gate's own grammar (`agent_probe.gate.catalogue.parse_request`) before
anything is sent, so the console and the gate refuse the same things. Every attempt, refused by
the console, refused by the gate, failed or completed, leaves an AuditLog row and, when the ticket
is visible to the actor, an internal `EntryKind.DIAGNOSTIC` timeline entry.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from agent_probe.gate.catalogue import Catalogue, RequestRefusedError, encode_request, load_catalogue, parse_request
from shared.auth.permissions import Actor, Permission, can, require
from shared.changes import NO_CHANGES, Changes
from shared.errors import HelpdeskError, NotFound, PermissionDenied, ValidationFailed
from shared.i18n import Said, _, say
from shared.models import AuditLog, Machine, Ticket, TimelineEntry, User
from shared.models.enums import EntryKind
from shared.services._common import load_ticket, touch
from shared.services.uow import UnitOfWork

EXCERPT_CHARS = 2000
MAX_STORED_OUTPUT = 256 * 1024
ADMIN_TIER = 3  # admins hold every permission; they act with an L3 key
_KEY_TYPES = ("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa")
_COMMENT = re.compile(r"^[ -~]{0,200}$")


class DiagnosticRefused(HelpdeskError):
    """The console refused the request before anything was sent (bad id, params, tier, OS)."""

    exit_code = 6
    http_status = 422


@dataclass(frozen=True)
class SshTarget:
    host: str
    port: int
    user: str
    host_key: str  # "ssh-ed25519 AAAA…", pinned


@dataclass(frozen=True)
class DiagnosticRequest:
    """An authorised request: send `command` to `target` and nothing else."""

    diagnostic_id: str
    params: dict[str, str | int]
    command: str
    target: SshTarget
    machine_id: int
    hostname: str
    timeout_seconds: float


class Outcome(StrEnum):
    """How a diagnostic attempt ended (also the audit action's suffix and the timeline's wording)."""

    COMPLETED = "completed"
    REFUSED_BY_CONSOLE = "refused_by_console"
    REFUSED_BY_GATE = "refused_by_gate"
    FAILED = "failed"


@dataclass(frozen=True)
class RunOutcome:
    """What happened."""

    outcome: Outcome
    command: str
    exit_code: int | None = None  # the diagnostic program's exit code
    stdout: str = ""
    stderr: str = ""
    message: str = ""  # why it was refused or failed
    duration_ms: int = 0
    truncated: bool = False
    timed_out: bool = False
    ssh_exit_status: int | None = None  # the gate's: 0 ran, 126 refused, 127 unknown id
    reused_connection: bool = False
    gate_result: dict[str, Any] | None = field(default=None)


@dataclass(frozen=True)
class RunRecord:
    entry_id: int | None  # None when no visible ticket carried it (audit row only)
    audit_id: int
    outcome: RunOutcome
    changes: Changes = NO_CHANGES  # the ticket that got the entry


def actor_tier(actor: Actor) -> int | None:
    if actor.tier is not None:
        return actor.tier
    return ADMIN_TIER if can(actor, Permission.DIAGNOSTIC_RUN) else None


def os_key(os_name: str) -> str:
    return "windows" if os_name.lower().startswith("win") else "linux"


def authorize(uow: UnitOfWork, actor: Actor, machine_id: int, diagnostic_id: str,
              params: Mapping[str, str | int], ticket_id: int | None, *,
              catalogue: Catalogue | None = None) -> DiagnosticRequest:
    """Check a request and return what to send. Refusals are recorded, then raised.

    Permission: diagnostic:run (L1 agents are refused). The catalogue entry's min_tier must not
    exceed the actor's tier; params are checked with the gate's grammar. Raises PermissionDenied,
    DiagnosticRefused, NotFound (machine, ticket), ValidationFailed (no SSH target or pinned key).
    """
    command = encode_request(diagnostic_id, {k: str(v) for k, v in params.items()})
    try:
        return _authorize(uow, actor, machine_id, diagnostic_id, params, ticket_id, catalogue, command)
    except (PermissionDenied, DiagnosticRefused, ValidationFailed, NotFound) as exc:
        record = record_run(uow, actor, ticket_id, machine_id, None,
                            RunOutcome(Outcome.REFUSED_BY_CONSOLE, command[:1024], message=exc.message))
        exc.committed = record.changes  # the refusal is on the ticket: views reload it as after a run
        raise


def _authorize(uow: UnitOfWork, actor: Actor, machine_id: int, diagnostic_id: str,
               params: Mapping[str, str | int], ticket_id: int | None, catalogue: Catalogue | None,
               command: str) -> DiagnosticRequest:
    require(actor, Permission.DIAGNOSTIC_RUN)
    tier = actor_tier(actor) or 0
    target, hostname, os_name = _target(uow, actor, machine_id, ticket_id)
    cat = catalogue or load_catalogue()
    try:
        request = parse_request(command, cat, tier=tier, os_key=os_key(os_name))
    except RequestRefusedError as exc:
        raise DiagnosticRefused(str(exc)) from None
    return DiagnosticRequest(
        diagnostic_id=request.diagnostic.id, params=dict(request.params), command=request.encode(),
        target=target, machine_id=machine_id, hostname=hostname, timeout_seconds=request.diagnostic.timeout_seconds)


def _target(uow: UnitOfWork, actor: Actor, machine_id: int, ticket_id: int | None) -> tuple[SshTarget, str, str]:
    with uow:
        machine = uow.session.get(Machine, machine_id)
        if machine is None:
            raise NotFound(_("No machine with id {id}.").format(id=machine_id))
        if ticket_id is not None:
            load_ticket(uow, actor, ticket_id, lock=False)
        hostname, os_name = machine.hostname, machine.os_name
        host, port, user, key = machine.ssh_host, machine.ssh_port, machine.ssh_user, machine.ssh_host_key
    if not host or not user:
        raise ValidationFailed(_("{host} has no SSH target yet; set one with `helpdesk machine ssh-target`.").format(
            host=hostname), field="machine")
    if not key:
        raise ValidationFailed(_("{host} has no pinned SSH host key; refusing to connect to an unverified host.")
                               .format(host=hostname), field="machine")
    return SshTarget(host, port or 22, user, key), hostname, os_name


def unchecked_target(uow: UnitOfWork, actor: Actor, machine_id: int, ticket_id: int | None) -> SshTarget:
    """The SSH target WITHOUT checking a request against the catalogue: only for proving that the
    gate refuses on its own (tests, `helpdesk diag raw`). Permission: diagnostic:run."""
    require(actor, Permission.DIAGNOSTIC_RUN)
    return _target(uow, actor, machine_id, ticket_id)[0]


def _cap(text: str) -> str:
    return text if len(text) <= MAX_STORED_OUTPUT else text[:MAX_STORED_OUTPUT] + "\n…"


def _said(actor: Actor, hostname: str, outcome: RunOutcome) -> Said:
    """What happened, as message and values: each reader sees it in their own language."""
    values = {"who": actor.full_name, "command": outcome.command[:200], "host": hostname,
              "code": outcome.exit_code if outcome.exit_code is not None else "—"}
    heads = {
        "completed": say("{who} ran `{command}` on {host}: exit code {code}", **values),
        "refused_by_console": say("{who} asked for `{command}` on {host}: refused by the console", **values),
        "refused_by_gate": say("{who} sent `{command}` to {host}: refused by the machine's gate", **values),
        "failed": say("{who} tried `{command}` on {host}: failed", **values),
    }
    said = heads.get(outcome.outcome) or say("{who} {command} {host}", **values)
    if outcome.timed_out:
        said = say("{first}\n{second}", first=said, second=say("The program was stopped at its time limit."))
    if outcome.truncated:
        said = say("{first}\n{second}", first=said, second=say("The output was cut at the catalogue's size limit."))
    return said


def _body(outcome: RunOutcome) -> str:
    """The machine's own words: the gate's message and the start of the output."""
    lines = [outcome.message] if outcome.message else []
    excerpt = (outcome.stdout or outcome.stderr)[:EXCERPT_CHARS]
    if excerpt:
        lines.append(excerpt + ("…" if len(outcome.stdout or outcome.stderr) > EXCERPT_CHARS else ""))
    return "\n".join(lines)


def record_run(uow: UnitOfWork, actor: Actor, ticket_id: int | None, machine_id: int,
               request: DiagnosticRequest | None, result: RunOutcome) -> RunRecord:
    """Record one attempt: an AuditLog row always, a DIAGNOSTIC entry on the ticket when the actor may see it.

    No permission of its own: refusals of unauthorised actors are recorded too. Never raises for a
    missing ticket or machine (the audit row still names them).
    """
    data = asdict(result)
    data["stdout"], data["stderr"] = _cap(result.stdout), _cap(result.stderr)
    if data.get("gate_result"):  # its stdout/stderr are the top-level ones: keep them once
        data["gate_result"] = {k: v for k, v in data["gate_result"].items() if k not in ("stdout", "stderr")}
    data.update(machine_id=machine_id, ticket_id=ticket_id, diagnostic_id=request.diagnostic_id if request else
                result.command.split(" ")[0][:64], params=request.params if request else None,
                actor=actor.username)
    with uow:
        s = uow.session
        machine = s.get(Machine, machine_id)
        hostname = machine.hostname if machine else f"#{machine_id}"
        data["hostname"] = hostname
        entry_id: int | None = None
        ticket = s.get(Ticket, ticket_id) if ticket_id is not None else None
        if ticket is not None and can(actor, Permission.TICKET_VIEW_ALL):
            entry = TimelineEntry(ticket_id=ticket.id, kind=EntryKind.DIAGNOSTIC, author_id=actor.id,
                                  body=_body(result), created_at=uow.now(),
                                  data={**data, **_said(actor, hostname, result)})
            uow.add_entry(entry, ticket)
            touch(uow, ticket)
            s.flush()
            entry_id = entry.id
        action = "diagnostic.run" if result.outcome == Outcome.COMPLETED else f"diagnostic.{result.outcome}"
        audit = AuditLog(actor_id=actor.id, action=action[:40], entity="machine",
                         entity_id=machine_id if machine else None,
                         detail={"command": result.command[:1024], "ticket": uow.number(ticket_id)
                                 if ticket_id is not None else None, "exit_code": result.exit_code,
                                 "ssh_exit_status": result.ssh_exit_status, "message": result.message[:1000],
                                 "entry_id": entry_id},
                         created_at=uow.now())
        s.add(audit)
        s.flush()
        uow.commit()
        return RunRecord(entry_id, audit.id, result,
                         Changes.of(tickets=[ticket.id]) if entry_id is not None and ticket else NO_CHANGES)


def catalogue_for(actor: Actor, catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """The diagnostics the actor's tier may run (for the console's picker). Permission: diagnostic:run."""
    require(actor, Permission.DIAGNOSTIC_RUN)
    tier = actor_tier(actor) or 0
    data = (catalogue or load_catalogue()).to_json()
    return [d for d in data["diagnostics"] if d["min_tier"] <= tier]


def set_ssh_public_key(uow: UnitOfWork, actor: Actor, public_key: str, user_id: int | None = None) -> None:
    """Store a technician's PUBLIC key (the private key never reaches the database).

    Technicians set their own (diagnostic:run); user:manage sets anyone's. Raises ValidationFailed.
    """
    target = actor.id if user_id is None else user_id
    if target != actor.id:
        require(actor, Permission.USER_MANAGE)
    else:
        require(actor, Permission.DIAGNOSTIC_RUN)
    line = _check_public_key(public_key)
    with uow:
        user = uow.session.get(User, target)
        if user is None:
            raise NotFound(_("No user with id {id}.").format(id=target))
        user.ssh_public_key = line
        uow.session.add(AuditLog(actor_id=actor.id, action="user.ssh_key", entity="user", entity_id=user.id,
                                 detail={"key_type": line.split()[0]}, created_at=uow.now()))
        uow.commit()


def _check_public_key(text: str) -> str:
    parts = text.strip().split(None, 2)
    bad = ValidationFailed(_("That is not an OpenSSH public key line (e.g. ssh-ed25519 AAAA… name)."),
                           field="ssh_public_key")
    if len(parts) < 2 or parts[0] not in _KEY_TYPES or "\n" in text.strip():
        raise bad
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raise bad from None
    if len(raw) < 8 or raw[4:4 + int.from_bytes(raw[:4], "big")] != parts[0].encode():
        raise bad
    comment = parts[2] if len(parts) == 3 else ""
    if not _COMMENT.match(comment):
        raise bad
    return " ".join(p for p in (parts[0], parts[1], comment) if p)
