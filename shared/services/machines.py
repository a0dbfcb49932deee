"""Machines known through the probe: enrolment, reports, probe-alert tickets, SSH targets.

Tokens (enrolment and machine) are random 256-bit strings; only their sha256 is stored, so a
database dump gives nobody a working token. Looking a token up by its hash is a constant-time
check in effect: the comparison happens on a digest the caller cannot steer byte by byte.

Probe alerts: one ticket per (machine, alert key) while that ticket is active (Ticket.alert_key).
A report that repeats an alert adds nothing; an alert that comes back after clearing adds a note
("recurred"); a change of severity adds a note; an alert that stops appearing adds a note
"condition cleared" and leaves resolving to an agent, who knows whether the user is happy.
A machine that stays silent is raised by `check_unseen` the same way (alert key "unseen").

Report ids are idempotency keys, kept in `probe_reports` (unique per machine, pruned after
REPORT_ID_DAYS); the active alerts live in `Machine.alert_state`.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent_probe.collect.snapshot import validate_report
from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.errors import AuthenticationFailed, NotFound, ValidationFailed
from shared.i18n import Said, _, said_text, say, say_n
from shared.models import AuditLog, EnrolmentToken, Machine, ProbeReport, Ticket, TimelineEntry, User
from shared.models.enums import ACTIVE_STATUSES, Channel, EntryKind, Level, Role
from shared.services import tickets
from shared.services._common import clean_text, touch
from shared.services.uow import UnitOfWork

REPORT_ID_DAYS = 14  # a probe's spool replays within this; older ids are forgotten
ALERT_KEY_MAX = 120
UNSEEN_KEY = "unseen"
PROBE_ACCOUNT = "probe-alerts"
_SEVERITY_IMPACT = {"critical": Level.HIGH, "warning": Level.MEDIUM, "info": Level.LOW}


@dataclass(frozen=True)
class MachineView:
    id: int
    hostname: str
    os_name: str
    os_version: str
    owner_id: int | None
    enrolled_at: datetime | None
    last_seen_at: datetime | None
    snapshot_at: datetime | None
    snapshot: dict[str, Any] | None  # the latest snapshot as the probe sent it
    active_alerts: tuple[str, ...]
    ssh_host: str | None
    ssh_port: int
    ssh_user: str | None
    ssh_host_key: str | None
    probe_version: str | None


@dataclass(frozen=True)
class IngestResult:
    duplicate: bool  # the report id was seen before: nothing was changed
    opened: tuple[int, ...] = ()  # ticket ids of new alert tickets
    noted: tuple[int, ...] = ()  # tickets that got a note (recurred, severity, cleared, back online)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _audit(uow: UnitOfWork, actor: Actor, action: str, entity_id: int | None, **detail: object) -> None:
    uow.session.add(AuditLog(actor_id=actor.id, action=action, entity="machine", entity_id=entity_id,
                             detail=detail, created_at=uow.now()))


def _view(m: Machine) -> MachineView:
    return MachineView(
        id=m.id, hostname=m.hostname, os_name=m.os_name, os_version=m.os_version, owner_id=m.owner_id,
        enrolled_at=m.enrolled_at, last_seen_at=m.last_seen_at, snapshot_at=m.snapshot_at,
        snapshot=dict(m.snapshot) if m.snapshot else None, active_alerts=tuple(sorted(m.alert_state or {})),
        ssh_host=m.ssh_host,
        ssh_port=m.ssh_port, ssh_user=m.ssh_user, ssh_host_key=m.ssh_host_key, probe_version=m.probe_version)


def _machine(uow: UnitOfWork, machine_id: int) -> Machine:
    machine = uow.session.get(Machine, machine_id)
    if machine is None:
        raise NotFound(_("No machine with id {id}.").format(id=machine_id))
    return machine


# --- enrolment --------------------------------------------------------------------------------------

def issue_enrolment_token(uow: UnitOfWork, actor: Actor, owner_id: int | None = None,
                          valid_hours: int = 72) -> str:
    """A one-time enrolment token, returned in plain text ONCE (only its sha256 is kept).

    Permission: machine:enrol. Raises ValidationFailed (validity outside 1 h – 90 days), NotFound (owner).
    """
    require(actor, Permission.MACHINE_ENROL)
    if not 1 <= valid_hours <= 24 * 90:
        raise ValidationFailed(_("An enrolment token is valid for 1 hour to 90 days."), field="valid_hours")
    token = secrets.token_urlsafe(32)
    with uow:
        if owner_id is not None and uow.session.get(User, owner_id) is None:
            raise NotFound(_("No user with id {id}.").format(id=owner_id))
        now = uow.now()
        row = EnrolmentToken(token_hash=hash_token(token), created_by_id=actor.id, owner_id=owner_id,
                             created_at=now, expires_at=now + timedelta(hours=valid_hours))
        uow.session.add(row)
        uow.session.flush()
        _audit(uow, actor, "machine.token", None, token_id=row.id, owner_id=owner_id, valid_hours=valid_hours)
        uow.commit()
    return token


def _split_os(os_text: str) -> tuple[str, str]:
    name, _sep, version = os_text.strip().partition(" ")
    return name[:80], version.strip()[:120]


def enrol(uow: UnitOfWork, token: str, hostname: str, os: str, ssh_host_key: str | None = None) -> tuple[int, str]:
    """Trade a one-time enrolment token for (machine id, machine token). No actor: the token is the proof.

    The same host name enrolling again (a reinstalled probe) updates that machine and replaces its
    token. Raises AuthenticationFailed (unknown, used or expired token; one message for all three,
    so the answer tells a guesser nothing) and ValidationFailed.
    """
    hostname = clean_text(hostname, "hostname", max_len=255)
    os_name, os_version = _split_os(clean_text(os, "os", required=False, max_len=200))
    host_key = _check_host_key(ssh_host_key) if ssh_host_key else None
    machine_token = secrets.token_urlsafe(32)
    with uow:
        s = uow.session
        now = uow.now()
        row = s.scalar(select(EnrolmentToken).where(EnrolmentToken.token_hash == hash_token(token))
                       .with_for_update())
        if row is None or row.used_at is not None or row.expires_at <= now:
            reason = "unknown" if row is None else ("used" if row.used_at is not None else "expired")
            s.add(AuditLog(actor_id=None, action="machine.enrol_refused", entity="machine",
                           entity_id=row.machine_id if row else None,
                           detail={"hostname": hostname, "reason": reason}, created_at=now))
            uow.commit()
            raise AuthenticationFailed(_("The enrolment token is unknown, used or expired; ask for a new one."))
        machine = s.scalar(select(Machine).where(Machine.hostname == hostname).order_by(Machine.id).limit(1))
        if machine is None:
            machine = Machine(hostname=hostname, created_at=now, ssh_port=22)
            s.add(machine)
        machine.os_name, machine.os_version = os_name, os_version
        machine.token_hash = hash_token(machine_token)
        machine.enrolled_at = now
        machine.owner_id = row.owner_id if row.owner_id is not None else machine.owner_id
        # A new key on re-enrolment (reinstalled machine) is accepted: the admin-issued one-time
        # token vouches for it. The change is audited so a surprise can be traced.
        key_changed = bool(host_key and machine.ssh_host_key and host_key != machine.ssh_host_key)
        if host_key:
            machine.ssh_host_key = host_key
        s.flush()
        row.used_at, row.machine_id = now, machine.id
        s.add(AuditLog(actor_id=row.created_by_id, action="machine.enrol", entity="machine", entity_id=machine.id,
                       detail={"hostname": hostname, "token_id": row.id, "host_key_changed": key_changed},
                       created_at=now))
        uow.commit()
        return machine.id, machine_token


def _check_host_key(text: str) -> str:
    parts = text.strip().split()
    if len(parts) < 2 or not parts[0].startswith(("ssh-", "ecdsa-", "sk-")) or len(text) > 8192:
        raise ValidationFailed(_("The SSH host key is not an OpenSSH public key line."), field="ssh_host_key")
    return f"{parts[0]} {parts[1]}"


def machine_for_token(uow: UnitOfWork, bearer: str) -> int:
    """The machine a bearer token belongs to. Raises AuthenticationFailed."""
    with uow:
        machine_id = uow.session.scalar(select(Machine.id).where(Machine.token_hash == hash_token(bearer)))
    if machine_id is None:
        raise AuthenticationFailed(_("Unknown machine token; enrol the probe again."))
    return machine_id


# --- reports and alerts -----------------------------------------------------------------------------

def ingest_report(uow: UnitOfWork, machine_id: int, body: Mapping[str, Any]) -> IngestResult:
    """Store a probe report and open/update probe-alert tickets (the machine's token is the permission).

    Idempotent by `report_id`: a replayed report changes nothing. A report older than the stored
    snapshot (a late replay) only counts as "seen". Raises ValidationFailed listing every problem
    (nothing written) and NotFound.
    """
    problems = validate_report(body)
    if problems:
        raise ValidationFailed(_("The report is malformed: {problems}").format(problems="; ".join(problems[:20])),
                               field="report")
    report_id: str = body["report_id"]
    snapshot: dict[str, Any] = dict(body["snapshot"])
    if body["alerts"]:
        _ensure_probe_account(uow)
    with uow:
        s = uow.session
        now = uow.now()
        # Row lock (PostgreSQL): reports of one machine are applied one at a time.
        machine = s.scalar(select(Machine).where(Machine.id == machine_id).with_for_update())
        if machine is None:
            raise NotFound(_("No machine with id {id}.").format(id=machine_id))
        if s.scalar(select(ProbeReport.id).where(ProbeReport.machine_id == machine.id,
                                                 ProbeReport.report_id == report_id)) is not None:
            return IngestResult(duplicate=True)
        collected = datetime.fromisoformat(snapshot["collected_at"])
        s.add(ProbeReport(machine_id=machine.id, report_id=report_id, received_at=now, collected_at=collected))
        s.execute(delete(ProbeReport).where(ProbeReport.machine_id == machine.id,
                                            ProbeReport.received_at < now - timedelta(days=REPORT_ID_DAYS)))
        machine.last_seen_at = now
        opened: list[int] = []
        noted: list[int] = []
        active = _active_alert_tickets(s, machine.id)
        if machine.snapshot_at is None or collected >= machine.snapshot_at:
            system = snapshot["system"]
            machine.os_name = system["os_name"][:80]
            machine.os_version = f"{system['os_release']} {system['os_version']}".strip()[:120]
            machine.probe_version = snapshot["probe_version"][:32]
            machine.snapshot_at = collected
            machine.snapshot = snapshot
            previous: dict[str, str] = dict(machine.alert_state or {})
            current = {_alert_key(a["key"]): a for a in body["alerts"]}
            for key, alert in current.items():
                _alert(uow, machine, key, alert, previous.get(key), active, opened, noted)
            for key in previous.keys() - current.keys():
                _cleared(uow, active.get(key), key, noted)
            machine.alert_state = {k: a["severity"] for k, a in current.items()}  # a new dict: JSON is replaced
        unseen = active.get(UNSEEN_KEY)
        if unseen is not None:
            _note(uow, unseen, say("The machine reported again at {when}.", when=now.isoformat()))
            noted.append(unseen.id)
        try:
            uow.commit()
        except IntegrityError:
            # The same report arrived twice at once; the other delivery was committed first.
            return IngestResult(duplicate=True)
        return IngestResult(False, tuple(opened), tuple(noted))


def ingest_many(uow: UnitOfWork, reports: Sequence[tuple[int, Mapping[str, Any]]]) -> list[IngestResult]:
    """Several reports (any machines) in one transaction, all or nothing: the server's group commit.
    Machines are locked in id order, so two batches cannot deadlock on PostgreSQL."""
    order = sorted(range(len(reports)), key=lambda i: reports[i][0])
    results: list[IngestResult | None] = [None] * len(reports)
    with uow:
        for i in order:
            results[i] = ingest_report(uow, *reports[i])
        uow.commit()
    return [r for r in results if r is not None]


def _alert_key(key: str) -> str:
    if len(key) <= ALERT_KEY_MAX:
        return key
    return f"{key[:ALERT_KEY_MAX - 17]}#{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _active_alert_ticket(session: Session, machine_id: int, key: str) -> Ticket | None:
    return session.scalar(select(Ticket).where(Ticket.machine_id == machine_id, Ticket.alert_key == key,
                                               Ticket.status.in_(ACTIVE_STATUSES)).order_by(Ticket.id).limit(1))


def _active_alert_tickets(session: Session, machine_id: int) -> dict[str, Ticket]:
    """The machine's open alert tickets by alert key (the oldest per key): one query per report."""
    found: dict[str, Ticket] = {}
    for t in session.scalars(select(Ticket).where(Ticket.machine_id == machine_id, Ticket.alert_key.is_not(None),
                                                  Ticket.status.in_(ACTIVE_STATUSES)).order_by(Ticket.id.desc())):
        found[t.alert_key or ""] = t
    return found


def _note(uow: UnitOfWork, ticket: Ticket, said: Said) -> None:
    """A system note, stored as message and values: each reader sees it in their own language."""
    uow.add_entry(TimelineEntry(ticket_id=ticket.id, kind=EntryKind.NOTE, author_id=None, body="", data=said,
                                created_at=uow.now()), ticket)
    touch(uow, ticket)


def _alert(uow: UnitOfWork, machine: Machine, key: str, alert: Mapping[str, Any], was: str | None,
           active: dict[str, Ticket], opened: list[int], noted: list[int]) -> None:
    ticket = active.get(key)
    if ticket is None:
        opened.append(_open_alert_ticket(uow, machine, key, _summary(alert), alert["severity"], _alert_text(alert)))
    elif was is None:
        _note(uow, ticket, say("The alert recurred: {summary}", summary=_summary(alert)))
        noted.append(ticket.id)
    elif was != alert["severity"]:
        _note(uow, ticket, say("Severity changed from {old} to {new}: {summary}", old=_severity(was),
                               new=_severity(alert["severity"]), summary=_summary(alert)))
        noted.append(ticket.id)


def _severity(severity: str) -> Said | str:
    words = {"critical": say("critical"), "warning": say("warning"), "info": say("info")}
    return words.get(severity, severity)


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def _summary(alert: Mapping[str, Any]) -> Said | str:
    """The alert's summary as a message the reader's language can render, for the rules the server
    knows (their details carry the numbers); the probe's own words for any other rule."""
    d: Mapping[str, Any] = alert.get("details") or {}

    def whole(name: str) -> str:
        return str(round(float(d[name])))

    try:
        if alert["rule"] == "disk_full":
            mount, free = str(d["mountpoint"]), _size(float(d.get("free") or 0))
            return say("Disk {mount} is {percent}% full ({free} free)", mount=mount, percent=whole("percent"),
                       free=free)
        if alert["rule"] == "memory_pressure":
            return say("Memory is low: {available}% available and swap is {swap}% used",
                       available=whole("available_percent"), swap=whole("swap_percent"))
        if alert["rule"] == "battery_low":
            return say("Battery is at {percent}% and not charging", percent=whole("percent"))
    except (KeyError, TypeError, ValueError):
        pass  # details not as this server expects: the probe's summary says it
    return str(alert["summary"])[:150]


def _alert_text(alert: Mapping[str, Any]) -> Said:
    details = "\n".join(f"  {k}: {v}" for k, v in sorted(alert["details"].items()))
    return say("Probe alert {key} ({rule}, {severity}).\n{details}", key=alert["key"], rule=alert["rule"],
               severity=_severity(alert["severity"]), details=details)


def _cleared(uow: UnitOfWork, ticket: Ticket | None, key: str, noted: list[int]) -> None:
    if ticket is not None:
        _note(uow, ticket, say("Condition cleared: the probe no longer reports {key}. "
                               "Resolve the ticket once the user confirms.", key=key))
        noted.append(ticket.id)


def _ensure_probe_account(uow: UnitOfWork) -> None:
    """The requester of alerts on unowned machines, created in its own transaction: two reports
    arriving at once must not both insert it inside their larger transactions."""
    with uow:
        s = uow.session
        if uow.memo.get(PROBE_ACCOUNT) or s.scalar(select(User.id).where(User.username == PROBE_ACCOUNT)):
            uow.memo[PROBE_ACCOUNT] = True  # the other reports of a batch need not look again
            return
        s.add(User(username=PROBE_ACCOUNT, full_name=_("Probe alerts"), role=Role.REQUESTER, password_hash=None,
                   active=True, on_duty=False, timezone="UTC", created_at=uow.now()))
        with contextlib.suppress(IntegrityError):  # created by a concurrent report meanwhile
            s.flush()  # inside a batch of reports the commit waits: the next ones must see it now
            uow.commit()


def _alert_requester(uow: UnitOfWork, machine: Machine) -> int:
    """The machine's owner; for unowned machines a service account that cannot sign in."""
    if machine.owner_id is not None:
        return machine.owner_id
    s = uow.session
    user_id = s.scalar(select(User.id).where(User.username == PROBE_ACCOUNT))
    if user_id is None:
        user = User(username=PROBE_ACCOUNT, full_name=_("Probe alerts"), role=Role.REQUESTER, password_hash=None,
                    active=True, on_duty=False, timezone="UTC", created_at=uow.now())
        s.add(user)
        s.flush()
        user_id = user.id
    return user_id


def _open_alert_ticket(uow: UnitOfWork, machine: Machine, key: str, summary: Said | str, severity: str,
                       description: Said) -> int:
    """The subject and description are kept as messages (Ticket.said), shown in each reader's
    language; the columns hold them in the server's language, for search and sorting."""
    impact = _SEVERITY_IMPACT.get(severity, Level.MEDIUM)
    subject = say("[{host}] {summary}", host=machine.hostname, summary=summary)
    detail = tickets.create(
        uow, SYSTEM, subject=said_text(subject)[:200], description=said_text(description).strip(),
        said={"subject": subject, "description": description},
        requester_id=_alert_requester(uow, machine), channel=Channel.PROBE, impact=impact,
        urgency=Level.HIGH if severity == "critical" else Level.MEDIUM, machine_id=machine.id, alert_key=key)
    return detail.id


def check_unseen(uow: UnitOfWork, hours: int = 24, actor: Actor = SYSTEM) -> list[int]:
    """Open one "not seen" alert ticket per enrolled machine silent for `hours` (deduped while active).

    Permission: machine:enrol (run by the scheduler as the system). Returns the new ticket ids.
    """
    require(actor, Permission.MACHINE_ENROL)
    if not 1 <= hours <= 24 * 365:
        raise ValidationFailed(_("Give the silence limit in hours, 1 to 8760."), field="hours")
    opened: list[int] = []
    _ensure_probe_account(uow)
    with uow:
        s = uow.session
        cutoff = uow.now() - timedelta(hours=hours)
        silent = list(s.scalars(select(Machine).where(Machine.token_hash.is_not(None))
                                .where((Machine.last_seen_at < cutoff)
                                       | (Machine.last_seen_at.is_(None) & (Machine.enrolled_at < cutoff)))
                                .order_by(Machine.id)))
        for machine in silent:
            if _active_alert_ticket(s, machine.id, UNSEEN_KEY) is not None:
                continue
            if machine.last_seen_at is None:
                text = say("The probe on {host} has never reported.", host=machine.hostname)
            else:
                last = machine.last_seen_at.isoformat()
                text = say("The probe on {host} has not reported since {last}.", host=machine.hostname, last=last)
            summary = say_n("Probe silent for more than {hours} hour", "Probe silent for more than {hours} hours",
                            hours, hours=hours)
            opened.append(_open_alert_ticket(uow, machine, UNSEEN_KEY, summary, "warning", text))
        uow.commit()
    return opened


# --- reading and configuring ------------------------------------------------------------------------

def list_machines(uow: UnitOfWork, actor: Actor) -> list[MachineView]:
    """Every machine with its latest snapshot, by host name. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        return [_view(m) for m in uow.session.scalars(select(Machine).order_by(Machine.hostname, Machine.id))]


def get_machine(uow: UnitOfWork, actor: Actor, machine_id: int) -> MachineView:
    """One machine. Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        return _view(_machine(uow, machine_id))


def find_machine(uow: UnitOfWork, actor: Actor, ref: str | int) -> MachineView:
    """By id or host name (the CLI's MACHINE argument). Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        if isinstance(ref, int) or ref.isdigit():
            return _view(_machine(uow, int(ref)))
        machine = uow.session.scalar(select(Machine).where(Machine.hostname == ref.strip()).limit(1))
        if machine is None:
            raise NotFound(_("No machine called '{name}'.").format(name=ref))
        return _view(machine)


def set_ssh_target(uow: UnitOfWork, actor: Actor, machine_id: int, host: str, port: int, user: str,
                   host_key: str | None) -> MachineView:
    """Where technicians reach the machine's gate, and the host key to pin (None keeps the enrolled one).

    Permission: machine:enrol. Raises ValidationFailed, NotFound.
    """
    require(actor, Permission.MACHINE_ENROL)
    host = clean_text(host, "ssh_host", max_len=255)
    user = clean_text(user, "ssh_user", max_len=64)
    if not 1 <= port <= 65535:
        raise ValidationFailed(_("A port is a number from 1 to 65535."), field="ssh_port")
    if any(c.isspace() for c in host + user):
        raise ValidationFailed(_("Host and user name may not contain spaces."), field="ssh_host")
    key = _check_host_key(host_key) if host_key else None
    with uow:
        machine = _machine(uow, machine_id)
        old_key = machine.ssh_host_key
        machine.ssh_host, machine.ssh_port, machine.ssh_user = host, port, user
        if key:
            machine.ssh_host_key = key
        _audit(uow, actor, "machine.ssh_target", machine.id, host=host, port=port, user=user,
               host_key_changed=bool(key and key != old_key))
        uow.commit()
        return _view(machine)
