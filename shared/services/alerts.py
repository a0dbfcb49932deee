"""Probe reports and the probe-alert tickets they open, note and clear.

One ticket per (machine, alert key) while that ticket is active (Ticket.alert_key). A report
that repeats an alert adds nothing; an alert that comes back after clearing adds a note
("recurred"); a change of severity adds a note; an alert that stops appearing adds a note
"condition cleared"; `alert_loop` resolves the ticket once the condition stays clear, reopens it
when it recurs, raises it when it turns critical and damps an alert that flaps.
A machine that stays silent is raised by `check_unseen` the same way (alert key "unseen").

Report ids are idempotency keys, kept in `probe_reports` (unique per machine, pruned after
REPORT_ID_DAYS); the active alerts live in `Machine.alert_state`.
"""

from __future__ import annotations

import contextlib
import hashlib
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.changes import NO_CHANGES, Changes
from shared.db.in_list import in_list
from shared.db.json_text import JsonText
from shared.errors import AuthenticationFailed, Conflict, NotFound, ValidationFailed
from shared.i18n import Said, _, said_text, say, say_instant, say_n
from shared.models import Machine, ProbeReport, Ticket, TimelineEntry, User
from shared.models.enums import ACTIVE_STATUSES, Channel, EntryKind, Level, Role
from shared.services import alert_loop, history, inventory, tickets
from shared.services._common import touch
from shared.services.races import lost_race_on
from shared.services.report_schema import validate_report
from shared.services.uow import UnitOfWork
from shared.triage import similar

REPORT_ID_DAYS = 14  # a probe's spool replays within this; older ids are forgotten
ALERT_KEY_MAX = 120
UNSEEN_KEY = "unseen"
PROBE_ACCOUNT = "probe-alerts"
_SEVERITY_IMPACT = {"critical": Level.HIGH, "warning": Level.MEDIUM, "info": Level.LOW}


@dataclass(frozen=True)
class IngestResult:
    duplicate: bool  # the report id was seen before: nothing was changed
    opened: tuple[int, ...] = ()  # ticket ids of new alert tickets
    noted: tuple[int, ...] = ()  # tickets that got a note (recurred, severity, cleared, back online)
    changes: Changes = NO_CHANGES  # the machine and those tickets


@dataclass(frozen=True)
class _Touched:
    """What one alert did to its ticket."""

    ticket_id: int
    opened: bool  # a new alert ticket; otherwise a note on the active one


def ingest_report(uow: UnitOfWork, machine_id: int, body: Mapping[str, Any],
                  token_hash: str | None = None) -> IngestResult:
    """Store a probe report and open/update probe-alert tickets (the machine's token is the permission).

    Idempotent by `report_id`: a replayed report changes nothing. A report older than the stored
    snapshot (a late replay) only counts as "seen". `token_hash`: the sha256 of the token the
    report came with, compared with the machine's on the row this transaction locks, so a token
    replaced meanwhile is refused even when the server looked it up from a cache. Raises
    ValidationFailed listing every problem (nothing written), AuthenticationFailed and NotFound.
    """
    problems = validate_report(body)
    if problems:
        raise ValidationFailed(_("The report is malformed: {problems}").format(problems="; ".join(problems[:20])),
                               field="report")
    report_id: str = body["report_id"]
    snapshot: Mapping[str, Any] = body["snapshot"]
    if body["alerts"]:
        _ensure_probe_account(uow)
    with uow:
        s = uow.session
        now = uow.now()
        # Row lock (PostgreSQL): reports of one machine are applied one at a time.
        machine = s.scalar(select(Machine).where(Machine.id == machine_id).with_for_update())
        check_machine(machine, machine_id, token_hash)
        assert machine is not None
        if s.scalar(select(ProbeReport.id).where(ProbeReport.machine_id == machine.id,
                                                 ProbeReport.report_id == report_id)) is not None:
            return IngestResult(duplicate=True)
        collected = datetime.fromisoformat(snapshot["collected_at"])
        s.add(ProbeReport(machine_id=machine.id, report_id=report_id, received_at=now, collected_at=collected))
        s.execute(delete(ProbeReport).where(ProbeReport.machine_id == machine.id,
                                            ProbeReport.received_at < now - timedelta(days=REPORT_ID_DAYS)))
        machine.last_seen_at = now
        inventory.store(s, machine.id, body.get("inventory"), now)  # the daily inventory, when it came along
        active = _active_alert_tickets(s, machine.id)
        latest = machine.snapshot_at is None or collected >= machine.snapshot_at
        history.record(uow, machine.id, history.sample_of(snapshot), latest=latest)
        touched = apply_snapshot(uow, machine, body, active, latest=latest, now=now)
        try:
            uow.commit()
        except Conflict as exc:
            if not lost_race_on(exc, "probe_reports"):
                raise
            # The same report arrived twice at once; the other delivery was committed first.
            return IngestResult(duplicate=True)
        return result_of(touched, machine.id)


def apply_snapshot(uow: UnitOfWork, machine: Machine, body: Mapping[str, Any], active: Mapping[str, Ticket], *,
                   latest: bool, now: datetime) -> list[_Touched]:
    """A new report's effect on the machine row and its alert tickets (in the caller's transaction):
    the newest snapshot and alert state when `latest`, and the note that a silent machine is back."""
    snapshot: Mapping[str, Any] = body["snapshot"]
    touched: list[_Touched] = []
    if latest:
        system = snapshot["system"]
        machine.os_name = system["os_name"][:80]
        machine.os_version = f"{system['os_release']} {system['os_version']}".strip()[:120]
        machine.probe_version = snapshot["probe_version"][:32]
        machine.snapshot_at = datetime.fromisoformat(snapshot["collected_at"])
        # A snapshot kept with its text as it came is stored as that text (shared.db.json_text).
        machine.snapshot = snapshot if isinstance(snapshot, JsonText) else dict(snapshot)
        previous: dict[str, str] = dict(machine.alert_state or {})
        current = {_alert_key(a["key"]): a for a in body["alerts"]}
        for key, alert in current.items():
            touched.extend(_alert(uow, machine, key, alert, previous.get(key), active))
        for key in previous.keys() - current.keys():
            touched.extend(_cleared(uow, active.get(key), key))
        machine.alert_state = {k: a["severity"] for k, a in current.items()}  # a new dict: JSON is replaced
    unseen = active.get(UNSEEN_KEY)
    if unseen is not None:
        _note(uow, unseen, say("The machine reported again at {when}.", when=say_instant(now)))
        touched.append(_Touched(unseen.id, opened=False))
    return touched


def result_of(touched: Sequence[_Touched], machine_id: int) -> IngestResult:
    return IngestResult(False, opened=tuple(t.ticket_id for t in touched if t.opened),
                        noted=tuple(t.ticket_id for t in touched if not t.opened),
                        changes=Changes.of(tickets=[t.ticket_id for t in touched], machines=[machine_id]))


def check_machine(machine: Machine | None, machine_id: int, token_hash: str | None) -> None:
    """NotFound for a missing machine; AuthenticationFailed when the report's token (its hash) is
    no longer the machine's (re-enrolled, or removed)."""
    if token_hash is not None and (machine is None or machine.token_hash != token_hash):
        raise AuthenticationFailed(_("Unknown machine token; enrol the probe again."))
    if machine is None:
        raise NotFound(_("No machine with id {id}.").format(id=machine_id))


Report = tuple[int, Mapping[str, Any]] | tuple[int, Mapping[str, Any], str | None]


def ingest_many(uow: UnitOfWork, reports: Sequence[Report]) -> list[IngestResult]:
    """Several reports (any machines) in one transaction, all or nothing: the server's group commit.
    Each step is one set-based statement for the whole batch (shared.services.report_batch);
    the results and rows are those of `ingest_report` run on each in turn. Machines are locked
    in id order, so two batches cannot deadlock on PostgreSQL."""
    from shared.services import report_batch

    return report_batch.ingest_batch(uow, [(r[0], r[1], r[2] if len(r) > 2 else None) for r in reports])


def ingest_one(uow: UnitOfWork, machine_id: int, body: Mapping[str, Any],
               token_hash: str | None = None) -> IngestResult:
    """One report through the set-based statements of a batch (a batch of one): what a server does
    with a report that arrives alone. Same rows, results and errors as `ingest_report`, in fewer
    statements (tests/services/test_report_batch.py)."""
    from shared.services import report_batch

    try:
        return report_batch.ingest_batch(uow, [(machine_id, body, token_hash)])[0]
    except Conflict as exc:
        if not lost_race_on(exc, "probe_reports"):
            raise
        # The same report arrived twice at once; the other delivery was committed first.
        return IngestResult(duplicate=True)


def _alert_key(key: str) -> str:
    if len(key) <= ALERT_KEY_MAX:
        return key
    return f"{key[:ALERT_KEY_MAX - 17]}#{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _active_alert_ticket(session: Session, machine_id: int, key: str) -> Ticket | None:
    return session.scalar(select(Ticket).where(Ticket.machine_id == machine_id, Ticket.alert_key == key,
                                               Ticket.status.in_(ACTIVE_STATUSES)).order_by(Ticket.id).limit(1))


def _active_alert_tickets(session: Session, machine_id: int) -> ActiveTickets:
    """The machine's open alert tickets by alert key (the oldest per key): one query per report."""
    return active_alert_tickets(session, [machine_id])[machine_id]


class ActiveTickets(Mapping[str, Ticket]):
    """A machine's active alert tickets by alert key, kept as ids: a ticket is loaded (from the
    session, else by its primary key) only when it is looked up, i.e. when an alert changes it.
    Most reports repeat their alerts and change no ticket, and loading every active alert ticket's
    whole row (a dozen dates and texts through their column types) was a tenth of a report's CPU.
    `in`, `len` and iteration load nothing."""

    def __init__(self, session: Session, ids: dict[str, int]) -> None:
        self._session, self._ids = session, ids

    def __getitem__(self, key: str) -> Ticket:
        ticket = self._session.get(Ticket, self._ids[key])
        if ticket is None:  # gone since the query, in this transaction
            raise KeyError(key)
        return ticket

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


# Built once: run for every report (or batch), where building it cost more CPU than running it.
# `in_list`: one text whatever the batch's size, so PostgreSQL plans it once (~5 ms a plan).
_ACTIVE_ALERT_TICKETS = select(Ticket.machine_id, Ticket.alert_key, Ticket.id).where(
    in_list(Ticket.machine_id, "ids"), Ticket.alert_key.is_not(None),
    Ticket.status.in_(ACTIVE_STATUSES)).order_by(Ticket.id.desc())


def active_alert_tickets(session: Session, machine_ids: Sequence[int]) -> dict[int, ActiveTickets]:
    """Per machine, its open alert tickets by alert key (the oldest per key), in one query."""
    found: dict[int, dict[str, int]] = {i: {} for i in machine_ids}
    for machine_id, key, ticket_id in session.execute(_ACTIVE_ALERT_TICKETS, {"ids": list(machine_ids)}):
        found[machine_id or 0][key or ""] = ticket_id
    return {i: ActiveTickets(session, ids) for i, ids in found.items()}


def _note(uow: UnitOfWork, ticket: Ticket, said: Said) -> None:
    """A system note, stored as message and values: each reader sees it in their own language."""
    uow.add_entry(TimelineEntry(ticket_id=ticket.id, kind=EntryKind.NOTE, author_id=None, body="", data=said,
                                created_at=uow.now()), ticket)
    touch(uow, ticket)


def _alert(uow: UnitOfWork, machine: Machine, key: str, alert: Mapping[str, Any], was: str | None,
           active: Mapping[str, Ticket]) -> list[_Touched]:
    """The alert's effect: a new ticket, a note on the active one, or nothing (a repeat). The alert
    loop (`alert_loop`) reopens a ticket it resolved, damps flapping and raises critical alerts."""
    if key not in active:  # `active` loads a ticket only when it is looked up: a repeat loads none
        reopened = alert_loop.reopen_resolved(uow, machine.id, key, _summary(alert))
        if reopened is not None:
            return [_Touched(reopened.id, opened=False)]
        return [_Touched(_open_alert_ticket(uow, machine, key, _summary(alert), alert["severity"],
                                            _alert_text(alert)), opened=True)]
    if was == alert["severity"]:  # a repeat: its ticket is left alone (and not loaded)
        return []
    ticket = active[key]
    if was is None:
        noted = alert_loop.recurred(uow, ticket, _summary(alert))
        return [_Touched(ticket.id, opened=False)] if noted else []
    _note(uow, ticket, say("Severity changed from {old} to {new}: {summary}", old=_severity(was),
                           new=_severity(alert["severity"]), summary=_summary(alert)))
    alert_loop.severity_changed(uow, ticket, alert["severity"])
    return [_Touched(ticket.id, opened=False)]


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


def _cleared(uow: UnitOfWork, ticket: Ticket | None, key: str) -> list[_Touched]:
    if ticket is None or not alert_loop.cleared(uow, ticket, key):
        return []
    return [_Touched(ticket.id, opened=False)]


# Databases (session factories) this process has seen the probe account in. The account is never deleted by
# the app; were it gone, `_alert_requester` creates it again inside the report's transaction.
_probe_account_seen: weakref.WeakSet[sessionmaker[Session]] = weakref.WeakSet()


def _ensure_probe_account(uow: UnitOfWork) -> None:
    """The requester of alerts on unowned machines, created in its own transaction: two reports
    arriving at once must not both insert it inside their larger transactions. Looked up once per
    process and database: a report with an alert used to open a transaction just for this."""
    database = uow.session_factory
    if database in _probe_account_seen:
        return  # seen by this process: no transaction of its own (`_alert_requester` still looks it up)
    with uow:
        s = uow.session
        if uow.memo.get(PROBE_ACCOUNT) or s.scalar(select(User.id).where(User.username == PROBE_ACCOUNT)):
            uow.memo[PROBE_ACCOUNT] = True  # the other reports of a batch need not look again
            if not uow.nested:  # committed, not just inserted by a caller's open transaction
                _probe_account_seen.add(database)
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
    similar.note_possible_duplicates(uow, SYSTEM, detail.id)
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
                text = say("The probe on {host} has not reported since {last}.", host=machine.hostname,
                           last=say_instant(machine.last_seen_at))
            summary = say_n("Probe silent for more than {hours} hour", "Probe silent for more than {hours} hours",
                            hours, hours=hours)
            opened.append(_open_alert_ticket(uow, machine, UNSEEN_KEY, summary, "warning", text))
        uow.commit()
    return opened


