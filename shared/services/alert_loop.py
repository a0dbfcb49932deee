"""Probe-alert tickets that close the loop: resolved when the condition stays clear, reopened when
it recurs, raised when it turns critical, and quiet when it flaps.

`alerts.ingest_report` calls the hooks below inside the report's transaction; the scheduler's
`alert_loop` job calls `run` to resolve tickets clear for `Settings.alert_clear_minutes` and to sum
up held-back flaps. Damping: within one window of `Settings.alert_flap_minutes` a ticket gets the
notes of one clear-and-recur cycle; later clears and recurrences in that window are counted and
told once, in one note, when the window ends. Every change goes through the ticket's field events
(audit) and every text is a `say()` message, shown in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.i18n import Said, said_text, say, say_n
from shared.models import AlertLoop, Ticket, TimelineEntry
from shared.models.enums import ACTIVE_STATUSES, EntryKind, Level, Status
from shared.rules.priority import compute_priority
from shared.services import sla
from shared.services._common import set_field, touch
from shared.services.tickets import _set_priority
from shared.services.uow import UnitOfWork
from shared.services.workflow import _move, reopen_ticket

NOTES_PER_WINDOW = 2  # one cleared note and one recurred note; the rest of a window is summed up


@dataclass(frozen=True)
class LoopResult:
    resolved: tuple[int, ...]
    summarised: tuple[int, ...]  # tickets that got a flapping summary


def _loop(uow: UnitOfWork, ticket: Ticket) -> AlertLoop:
    row = uow.session.get(AlertLoop, ticket.id)
    if row is None:
        row = AlertLoop(ticket_id=ticket.id, machine_id=ticket.machine_id, alert_key=ticket.alert_key or "", flaps=0)
        uow.session.add(row)
    return row


def _note(uow: UnitOfWork, ticket: Ticket, said: Said) -> None:
    uow.add_entry(TimelineEntry(ticket_id=ticket.id, kind=EntryKind.NOTE, author_id=None, body="", data=said,
                                created_at=uow.now()), ticket)
    touch(uow, ticket)


def _may_note(uow: UnitOfWork, ticket: Ticket, row: AlertLoop) -> bool:
    """Count one clear or recurrence in the damping window; True while it may still write a note."""
    now = uow.now()
    window = timedelta(minutes=uow.settings.alert_flap_minutes)
    if row.last_note_at is None or now - row.last_note_at >= window:
        if row.flaps > NOTES_PER_WINDOW:  # the last window's held-back changes, before a new window
            _summarise(uow, ticket, row)
        row.last_note_at, row.flaps = now, 1
        return True
    row.flaps += 1
    return row.flaps <= NOTES_PER_WINDOW


def cleared(uow: UnitOfWork, ticket: Ticket, key: str) -> bool:
    """The probe stopped reporting the alert: start the clear clock. True when a note was written."""
    row = _loop(uow, ticket)
    if row.cleared_at is None:
        row.cleared_at = uow.now()
    if not _may_note(uow, ticket, row):
        return False
    _note(uow, ticket, say("Condition cleared: the probe no longer reports {key}. The ticket resolves itself "
                           "if it stays clear for {minutes} minutes.", key=key,
                           minutes=uow.settings.alert_clear_minutes))
    return True


def recurred(uow: UnitOfWork, ticket: Ticket, summary: Said | str) -> bool:
    """The alert is back on an active ticket: stop the clear clock. True when a note was written."""
    row = _loop(uow, ticket)
    row.cleared_at = None
    if not _may_note(uow, ticket, row):
        return False
    _note(uow, ticket, say("The alert recurred: {summary}", summary=summary))
    return True


def reopen_resolved(uow: UnitOfWork, machine_id: int, key: str, summary: Said | str) -> Ticket | None:
    """The alert is back after the loop resolved its ticket (not yet closed): reopen that ticket
    rather than open a new one. None when there is no such ticket."""
    s = uow.session
    ticket = s.scalar(select(Ticket).join(AlertLoop, AlertLoop.ticket_id == Ticket.id).where(
        Ticket.machine_id == machine_id, Ticket.alert_key == key, Ticket.status == Status.RESOLVED,
        AlertLoop.auto_resolved_at.is_not(None)).order_by(Ticket.id.desc()).limit(1))
    if ticket is None:
        return None
    row = _loop(uow, ticket)
    row.cleared_at = row.auto_resolved_at = None
    _may_note(uow, ticket, row)
    reopen_ticket(uow, ticket, SYSTEM, say("The alert recurred after it was resolved automatically: {summary}",
                                           summary=summary))
    return ticket


def severity_changed(uow: UnitOfWork, ticket: Ticket, new: str) -> None:
    """A condition that turns critical raises the ticket to high impact and urgency (never lowers)."""
    if new != "critical" or (ticket.impact == Level.HIGH and ticket.urgency == Level.HIGH):
        return
    because = say("The alert became critical")
    set_field(uow, ticket, SYSTEM, "impact", Level.HIGH, because)
    set_field(uow, ticket, SYSTEM, "urgency", Level.HIGH, because)
    if ticket.priority_override_reason is None:
        _set_priority(uow, ticket, SYSTEM, compute_priority(Level.HIGH, Level.HIGH), None, because)


def _resolve(uow: UnitOfWork, ticket: Ticket, minutes: int) -> None:
    """Resolve as the system, with the solution stored as a message (each reader's language)."""
    now = uow.now()
    solution = say("The condition stayed clear for {minutes} minutes: resolved automatically. "
                   "It reopens if the alert recurs.", minutes=minutes)
    if Status(ticket.status).pauses_sla:
        sla.resume(uow.session, ticket, now)
    if ticket.status == Status.NEW:
        _move(uow, ticket, SYSTEM, Status.OPEN)
    ticket.solution = said_text(solution)  # searchable text, in the server's language
    # Each reader sees the solution in their own language while it stands (dto.shown_solution).
    ticket.said = {**(ticket.said or {}), "solution": solution, "solution_of": ticket.solution}
    _move(uow, ticket, SYSTEM, Status.RESOLVED, solution)
    sla.mark_resolution(ticket, now)


def run(uow: UnitOfWork, actor: Actor = SYSTEM) -> LoopResult:
    """Resolve alert tickets clear for `alert_clear_minutes`; sum up flaps whose window ended.

    Permission: ticket:resolve (the scheduler runs it as the system). One transaction.
    """
    require(actor, Permission.TICKET_RESOLVE)
    resolved: list[int] = []
    summarised: list[int] = []
    with uow:
        s = uow.session
        now = uow.now()
        clear_for = uow.settings.alert_clear_minutes
        window = timedelta(minutes=uow.settings.alert_flap_minutes)
        due = s.execute(select(AlertLoop, Ticket).join(Ticket, Ticket.id == AlertLoop.ticket_id).where(
            Ticket.status.in_(ACTIVE_STATUSES),
            (AlertLoop.cleared_at <= now - timedelta(minutes=clear_for))
            | ((AlertLoop.flaps > NOTES_PER_WINDOW) & (AlertLoop.last_note_at <= now - window)))
            .order_by(AlertLoop.ticket_id)).all()
        for row, ticket in due:
            if row.flaps > NOTES_PER_WINDOW and row.last_note_at is not None and now - row.last_note_at >= window:
                _summarise(uow, ticket, row)
                summarised.append(ticket.id)
            if row.cleared_at is not None and now - row.cleared_at >= timedelta(minutes=clear_for):
                _resolve(uow, ticket, clear_for)
                row.auto_resolved_at, row.cleared_at = now, None
                resolved.append(ticket.id)
        uow.commit()
    return LoopResult(tuple(resolved), tuple(summarised))


def _summarise(uow: UnitOfWork, ticket: Ticket, row: AlertLoop) -> None:
    start = row.last_note_at or uow.now()
    held = row.flaps - NOTES_PER_WINDOW
    _note(uow, ticket, say_n("The alert flapped: {count} more change held back between {start} and {end}.",
                             "The alert flapped: {count} more changes held back between {start} and {end}.",
                             held, count=held, start=_stamp(start),
                             end=_stamp(start + timedelta(minutes=uow.settings.alert_flap_minutes))))
    row.flaps, row.last_note_at = 0, None


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")
