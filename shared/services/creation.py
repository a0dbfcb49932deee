"""Opening tickets: one (`create`) or many in one transaction (`create_many`).

Both run the same steps per ticket: validate, classify by keyword rules, compute the priority,
start the SLA clocks, pick the least-loaded on-duty agent, record the timeline, queue the
acknowledgement with suggested articles. What every ticket of a call looks up (rules, SLA policies
with their parsed calendars, teams, categories, candidate agents with their loads) is read once
per call, and each ticket is written once: its clocks and assignee are set before the INSERT, so
no UPDATE follows it. `create_many` is for bulk sources (imports, alert storms, queued requests):
one commit for all, all or nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnDefault, Table, func, insert, inspect, select, text
from sqlalchemy.orm import Session, make_transient_to_detached

from shared.auth.permissions import Actor, Permission, require
from shared.changes import Changes
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import Attachment, AttachmentBlob, Ticket, TimelineEntry, User
from shared.models.enums import Channel, Level, Status, TicketType
from shared.rules.priority import compute_priority
from shared.services import assignment, checklists, classify, kb, notify, reference, report_aggregates, sla
from shared.services._common import (
    SUBJECT_MAX,
    Person,
    clean_text,
    event_entry,
    field_label,
    get_person,
    insert_all,
    new_ticket_detail,
    people,
    row_of,
    transient,
)
from shared.services.dto import ChangedTicket, TicketDetail
from shared.services.reference import CategoryRef, RuleRef, TeamRef
from shared.services.uow import UnitOfWork, number_of
from shared.triage import store
from shared.triage.store import Suggestion

MAX_BATCH = 1000  # one transaction; a bigger import is split by the caller


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class NewTicket:
    """What a caller knows about a ticket to open. Empty fields are filled by the rules."""
    subject: str
    description: str = ""
    requester_id: int | None = None  # default: the actor
    channel: Channel | str = Channel.PORTAL
    category_id: int | None = None
    impact: Level | str | None = None
    urgency: Level | str | None = None
    machine_id: int | None = None
    attachments: Sequence[NewAttachment] = ()
    alert_key: str | None = None
    ticket_type: TicketType | str = TicketType.INCIDENT
    said: dict[str, Any] | None = None  # the system's subject/description as say(...) (probe alerts)


def parse_level(value: Level | str | None, name: str) -> Level | None:
    if value is None:
        return None
    try:
        return Level(str(value).lower())
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a valid {field}; use high, medium or low.").format(
            value=value, field=field_label(name)), field=name) from None


def parse_ticket_type(value: TicketType | str) -> TicketType:
    try:
        return TicketType(str(value).lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a ticket type; use incident, service_request, question or "
                                 "complaint.").format(value=value), field="ticket_type") from None


def store_attachments(uow: UnitOfWork, ticket: Ticket, actor: Actor, files: Sequence[NewAttachment],
                      entry: TimelineEntry | None = None,
                      blobs: dict[str, AttachmentBlob] | None = None) -> list[Attachment]:
    """Store files on the ticket (each distinct content once); refuses any over the size limit.
    `blobs`: contents already stored in this transaction (the same file on several tickets of a
    batch: not flushed yet, so the session cannot find them)."""
    limit = uow.settings.attachment_max_bytes
    blobs = {} if blobs is None else blobs  # the same file twice in one call is stored once
    added = []
    for f in files:
        name = _checked_name(f, limit)
        digest = hashlib.sha256(f.data).hexdigest()
        blob = blobs.get(digest) or uow.session.get(AttachmentBlob, digest) \
            or AttachmentBlob(sha256=digest, data=f.data)
        blobs[digest] = blob
        attachment = Attachment(
            ticket_id=ticket.id, entry=entry, filename=name,
            content_type=(f.content_type or "application/octet-stream")[:127], size=len(f.data),
            blob=blob, created_at=uow.now(), uploaded_by_id=actor.id)
        uow.session.add(attachment)
        added.append(attachment)
    return added


def _checked_name(f: NewAttachment, limit: int) -> str:
    name = clean_text(f.filename, "file_name", max_len=255).replace("/", "_").replace("\\", "_")
    if len(f.data) > limit:
        raise ValidationFailed(
            _("{name} is {size:,} bytes; attachments may be at most {limit:,} bytes.").format(
                name=name, size=len(f.data), limit=limit), field="attachments")
    return name


@dataclass
class _Lookups:
    """What the tickets of one call share: the reference data (cached per process while its stamp
    stands, see services/reference) and what is read at most once per call."""
    uow: UnitOfWork
    ref: reference.Reference
    users: dict[int, User | Person] = field(default_factory=dict)
    picker: assignment.AgentPicker | None = None
    blobs: dict[str, AttachmentBlob] = field(default_factory=dict)
    counters: dict[int, tuple[int, int, int]] | None = None  # a batch's article counters, read once
    due: dict[tuple[Any, Any], tuple[datetime | None, ...]] = field(default_factory=dict)  # SLA instants

    def user(self, user_id: int) -> User | Person:
        if user_id not in self.users:
            self.users[user_id] = get_person(self.uow.session, user_id)
        return self.users[user_id]

    def category(self, category_id: int) -> CategoryRef | None:
        return self.ref.categories(self.uow.session).get(category_id)

    def team(self, team_id: int) -> TeamRef | None:
        return self.ref.teams(self.uow.session).get(team_id)

    def learned_for(self, rule: RuleRef | None, subject: str, description: str) -> Suggestion | None:
        """The learned model's category when it is sure enough to win over `rule` (see triage.store)."""
        model = self.ref.model(self.uow.session)
        if model is None:
            return None  # no model yet: nothing imported, nothing loaded; creation stays as cheap
        return store.decide(self.uow.session, model, self.uow.settings.triage_auto_apply, rule, subject,
                            description)

    def rule_for(self, subject: str, description: str) -> RuleRef | None:
        return classify.first_match_in(self.ref.rules(self.uow.session), subject, description)

    def default_team(self, category: CategoryRef | None) -> TeamRef | None:
        seen = 0
        while category is not None and seen < 8:  # categories nest two deep; 8 guards a cycle
            if category.team_id is not None:
                return self.team(category.team_id)
            category = self.category(category.parent_id) if category.parent_id is not None else None
            seen += 1
        return self.ref.first_line_team(self.uow.session)  # no category says: the first first-line team

    def suggest(self, text: str) -> list[kb.Suggested]:
        s = self.uow.session
        index = self.ref.articles(s)
        if index is None:
            return [kb.Suggested(a.id, a.title) for a in kb.suggest(s, text, limit=3)]
        return index.suggest(s, text, limit=3, counters=self.counters)


@dataclass
class _Opened:
    actor: Actor
    ticket: Ticket
    requester: User | Person
    category: CategoryRef | None
    team: TeamRef | None
    agent: User | Person | None
    classified: bool
    draft: NewTicket
    learned: Suggestion | None = None
    entries: list[TimelineEntry] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def _build(look: _Lookups, actor: Actor, draft: NewTicket, now: datetime) -> _Opened:
    """Validate one draft and make its ticket, complete with clocks and assignee, not yet written."""
    uow = look.uow
    requester_id = draft.requester_id
    if requester_id is None:
        if actor.id is None:
            raise ValidationFailed(_("A requester is needed."), field="requester")
        requester_id = actor.id
    if requester_id != actor.id:
        require(actor, Permission.TICKET_CREATE_FOR_OTHERS)
    requester = look.user(requester_id)
    if not requester.active:
        raise ValidationFailed(_("{name}'s account is disabled.").format(name=requester.full_name),
                               field="requester")
    subject = clean_text(draft.subject, "subject", max_len=SUBJECT_MAX)
    description = clean_text(draft.description, "description", required=False)
    try:
        channel = Channel(draft.channel)
    except ValueError:
        raise ValidationFailed(_("Unknown channel '{value}'.").format(value=draft.channel),
                               field="channel") from None
    impact, urgency = parse_level(draft.impact, "impact"), parse_level(draft.urgency, "urgency")
    ticket_type = parse_ticket_type(draft.ticket_type)
    for f in draft.attachments:  # refused before anything is written
        _checked_name(f, uow.settings.attachment_max_bytes)

    category = look.category(draft.category_id) if draft.category_id is not None else None
    if draft.category_id is not None and category is None:
        raise NotFound(_("No category with id {id}.").format(id=draft.category_id))
    rule = look.rule_for(subject, description) if category is None else None
    learned = look.learned_for(rule, subject, description) if category is None else None
    team: TeamRef | None = None
    if learned is not None:
        rule = None
        category = look.category(learned.category_id)
        # The team is only suggested (the ticket view shows it): resolved tickets name the team
        # they ended with, after any escalation, not the one a new ticket starts with.
        impact, urgency = impact or learned.impact, urgency or learned.urgency
    elif rule is not None:
        category = look.category(rule.category_id)
        team = look.team(rule.team_id) if rule.team_id else None
        impact = impact or (Level(rule.impact) if rule.impact else None)
        urgency = urgency or (Level(rule.urgency) if rule.urgency else None)
    team = team or look.default_team(category)
    impact, urgency = impact or Level.LOW, urgency or Level.MEDIUM

    tier = max(1, team.tier if team else 1) if channel != Channel.PROBE else 1
    # Made without the constructor's attribute events: it is written by one Core INSERT and then
    # attached as a stored row (`_insert_tickets`), so nothing reads its history.
    ticket = transient(
        Ticket, subject=subject, description=description, requester_id=requester.id, channel=channel,
        ticket_type=ticket_type,
        category_id=category.id if category else None, impact=impact, urgency=urgency,
        priority=compute_priority(impact, urgency), status=Status.NEW, tier=tier, max_tier=tier,
        team_id=team.id if team else None, machine_id=draft.machine_id, alert_key=draft.alert_key, said=draft.said,
        created_at=now, updated_at=now, sla_paused_seconds=0, agent_replies=0, reopen_count=0,
        assignee_name="", version=1,
    )
    # Every ticket of a call starts at `now`, unpaused: tickets of one priority and category get the
    # same instants, worked out through the business calendar once per call.
    due_key = (ticket.priority, ticket.category_id)
    due = look.due.get(due_key)
    if due is None:
        sla.apply_clocks(uow.session, ticket, look.ref.clocks)
        look.due[due_key] = (ticket.response_due_at, ticket.response_warn_at, ticket.resolution_due_at,
                             ticket.resolution_warn_at)
    else:
        (ticket.response_due_at, ticket.response_warn_at, ticket.resolution_due_at,
         ticket.resolution_warn_at) = due
    agent = None
    if uow.settings.auto_assign:
        look.picker = look.picker or assignment.AgentPicker(uow.session, now, look.ref.roster(uow.session, now))
        agent = look.picker.pick(ticket.team_id, ticket.tier, now)
        if agent is not None:  # the User comes in _claim_agents, once every ticket of the call is built
            ticket.assignee_id, ticket.assignee_name = agent.id, agent.full_name
    return _Opened(actor, ticket, requester, category, team, None,
                   (rule is not None or learned is not None) and category is not None, draft, learned=learned)


def _record(uow: UnitOfWork, look: _Lookups, opened: _Opened, now: datetime, steps_out: list[Any],
            messages: list[dict[str, Any]]) -> None:
    """The timeline, attachments and notifications of a ticket that has its id: its entries and
    checklist steps go to `steps_out`, its outbox rows to `messages`, for one INSERT per table at the end."""
    ticket, actor, s = opened.ticket, opened.actor, uow.session
    how: dict[str, Any] = {"channel": ticket.channel.value}
    if opened.classified and opened.category is not None:
        how["classified_as"] = opened.category.path
        if opened.learned is not None:  # the agent sees which model version was how sure, and why
            how["model"] = {"version": opened.learned.version, "confidence": round(opened.learned.confidence, 3),
                            "words": list(opened.learned.words)}
    entries = [event_entry(uow, ticket, actor, "created", None, number_of(ticket), data=how)]
    opened.attachments = store_attachments(uow, ticket, actor, opened.draft.attachments, blobs=look.blobs)
    if opened.agent is not None:
        entries.append(event_entry(uow, ticket, actor, "assignee_id", None, opened.agent.id, data={"auto": True}))
        notify.enqueue(s, now, "ticket_assigned", ticket, opened.agent, {"priority": str(ticket.priority)},
                       channels=(notify.APP, notify.EMAIL), into=messages)
    steps, checklist = checklists.new_ticket_steps(uow, ticket, look.ref.templates(s)) \
        if ticket.category_id is not None else ([], None)
    if checklist is not None:
        entries.append(event_entry(uow, ticket, actor, "checklist", None, checklist))
    steps_out.extend(steps)
    for entry in entries:
        entry.ticket_version = 1  # the ticket was inserted complete and is not updated after
    opened.entries = entries
    if ticket.channel != Channel.PROBE:
        text = f"{ticket.subject} {ticket.description}"
        articles = look.suggest(text)
        notify.enqueue(s, now, "ticket_created", ticket, opened.requester, {
            "response_due_at": ticket.response_due_at.isoformat() if ticket.response_due_at else None,
            "priority": str(ticket.priority),
            "articles": [{"id": a.id, "title": a.title} for a in articles],
        }, into=messages)


def _open(uow: UnitOfWork, items: Sequence[tuple[Actor, NewTicket]]) -> list[TicketDetail]:
    now = uow.now()
    look = _Lookups(uow, reference.current(uow.session))
    wanted = {i for i in [*(d.requester_id for _a, d in items), *(a.id for a, _d in items)] if i is not None}
    if len(wanted) > 1:  # one query for the people of a batch
        look.users.update(people(uow.session, wanted))
    opened = []
    for i, (actor, draft) in enumerate(items):
        try:
            opened.append(_build(look, actor, draft, now))
        except (ValidationFailed, NotFound) as exc:
            if len(items) == 1:
                raise
            raise _at_position(exc, i, len(items)) from exc
    if look.picker is not None:
        _claim_agents(look.picker, opened, now)
    _insert_tickets(uow.session, [o.ticket for o in opened])  # the ids go into the timeline and notifications
    # The entries, steps and messages of every ticket: one INSERT per table, and one read of the
    # entries' ids (the ORM's flush cost more than the rows themselves, even for one ticket).
    steps: list[Any] = []
    messages: list[dict[str, Any]] = []
    if len(items) > 1 and look.ref.articles(uow.session) is not None:
        look.counters = kb.all_counters(uow.session)
    for o in opened:
        _record(uow, look, o, now, steps, messages)
    _insert_entries(uow.session, opened)
    insert_all(uow.session, steps)
    if messages:
        uow.session.connection().execute(_INSERT_OUTBOX, messages)
    uow.commit()
    if any(e.id is None for o in opened for e in o.entries) or any(a.id is None for o in opened
                                                                     for a in o.attachments):
        uow.session.flush()  # inside a caller's transaction: commit() left the writing to it
    return [_detail(look, o) for o in opened]


def _claim_agents(picker: assignment.AgentPicker, opened: list[_Opened], now: datetime) -> None:
    """The picked agents stamped as assigned at `now` and read, in one statement, before the
    tickets are written (on PostgreSQL their rows are then locked in id order before the tickets'
    triggers count the tickets onto them)."""
    agents = picker.claim(now)
    for o in opened:
        if o.ticket.assignee_id is not None:
            o.agent = agents.get(o.ticket.assignee_id)
            if o.agent is None:  # the account was deleted since the pick: the ticket waits in Unassigned
                o.ticket.assignee_id, o.ticket.assignee_name = None, ""


_TICKETS: Table = Ticket.__table__  # type: ignore[assignment]
# The mapped columns of a ticket with their defaults, what a flush would fill in for a missing value.
_TICKET_COLUMNS = [(attr, column.key, column.default.arg
                    if isinstance(column.default, ColumnDefault) and column.default.is_scalar else None)
                   for attr, column in inspect(Ticket).columns.items() if not column.primary_key]
_INSERT_TICKETS = insert(_TICKETS)
_INSERT_OUTBOX = insert(notify.OUTBOX)
_INSERT_TICKETS_RETURNING = insert(_TICKETS).returning(_TICKETS.c.id, sort_by_parameter_order=True)


def _insert_tickets(session: Session, new: list[Ticket]) -> None:
    """Write the new tickets with one Core INSERT and count them in the report aggregates, then
    attach them to the session as stored rows (no flush: its bookkeeping cost more than the INSERT).

    The objects were made complete in `_build` (clocks, assignee, version 1); every column a flush
    would have written is written, defaults included, and the objects carry those values, so the
    returned detail needs no read and a caller's later change in the same transaction is an
    ordinary versioned UPDATE (whose flush the aggregates' hooks see as usual)."""
    if session.new or session.dirty:
        session.flush()  # what a caller's transaction added before is written first, as the flush did
    conn = session.connection()
    if len(new) > 1 and conn.dialect.name == "sqlite":
        _number_in_advance(session, new)
    rows = [_ticket_row(ticket) for ticket in new]
    if new[0].id is not None:
        conn.execute(_INSERT_TICKETS, rows)
    elif len(rows) == 1:
        new[0].id = conn.execute(_INSERT_TICKETS_RETURNING, rows[0]).scalar_one()
    else:
        ids = conn.execute(_INSERT_TICKETS_RETURNING, rows).scalars().all()
        for ticket, ticket_id in zip(new, ids, strict=True):
            ticket.id = ticket_id
    report_aggregates.count_created(conn, new)
    for ticket in new:
        make_transient_to_detached(ticket)  # history reset: nothing left for a flush to write
        session.add(ticket)


def _ticket_row(ticket: Ticket) -> dict[str, Any]:
    values = ticket.__dict__
    row: dict[str, Any] = {} if ticket.id is None else {"id": ticket.id}
    for attr, key, default in _TICKET_COLUMNS:
        if attr in values:
            row[key] = values[attr]
        else:
            row[key] = values[attr] = default  # the object holds what was written, as after a flush
    return row


def _number_in_advance(session: Session, new: list[Ticket]) -> None:
    """SQLite cannot say which new id went to which row of a multi-row INSERT, so the ORM inserts a
    batch row by row. Holding the write lock, the ids are known in advance (SQLite gives max + 1, as
    the table has no AUTOINCREMENT), so the batch is numbered here and inserted in one statement."""
    session.execute(text("UPDATE tickets SET id = id WHERE 0"))  # takes the write lock, changes nothing
    top = session.scalar(select(func.max(Ticket.id))) or 0
    for i, ticket in enumerate(new, start=1):
        ticket.id = top + i


_ENTRIES: Table = TimelineEntry.__table__  # type: ignore[assignment]
_INSERT_ENTRIES = insert(_ENTRIES).returning(_ENTRIES.c.ticket_id, _ENTRIES.c.field, _ENTRIES.c.id)


def _insert_entries(session: Session, opened: list[_Opened]) -> None:
    """The timeline entries of every ticket: one INSERT, whose RETURNING gives their ids for the
    details returned. Rows come back in no promised order, so each is known by its ticket and
    field: a new ticket's entries (created, assignee_id, checklist) each name another field."""
    entries = [(o.ticket.id, e) for o in opened for e in o.entries]
    ids = {(ticket_id, field): entry_id for ticket_id, field, entry_id
           in session.connection().execute(_INSERT_ENTRIES, [row_of(e) for _t, e in entries])}
    if len(ids) != len(entries):
        raise RuntimeError("two entries of a new ticket name the same field")  # a programming error
    for ticket_id, entry in entries:
        entry.id = ids[ticket_id, entry.field]


def _detail(look: _Lookups, o: _Opened) -> TicketDetail:
    authors = {u.id: u for u in (o.requester, o.agent) if u is not None}
    if o.actor.id is not None and o.actor.id not in authors:
        authors[o.actor.id] = look.user(o.actor.id)
    return new_ticket_detail(o.actor, o.ticket, o.entries, o.attachments, o.category, o.team, authors,
                             o.requester, o.agent)


def create(uow: UnitOfWork, actor: Actor, *, subject: str, description: str = "",
           requester_id: int | None = None, channel: Channel | str = Channel.PORTAL,
           category_id: int | None = None, impact: Level | str | None = None,
           urgency: Level | str | None = None, machine_id: int | None = None,
           attachments: Sequence[NewAttachment] = (), alert_key: str | None = None,
           ticket_type: TicketType | str = TicketType.INCIDENT,
           said: dict[str, Any] | None = None) -> ChangedTicket:
    """Open a ticket.

    Permission: ticket:create (ticket:create_for_others to raise it for someone else).
    Classifies by keyword rules when no category is given, computes the priority from impact x
    urgency, starts the SLA clocks, auto-assigns to the least-loaded on-duty agent of the team
    (when enabled) and queues the acknowledgement to the requester.
    Raises ValidationFailed, NotFound (unknown requester or category), PermissionDenied.
    """
    draft = NewTicket(subject=subject, description=description, requester_id=requester_id, channel=channel,
                      category_id=category_id, impact=impact, urgency=urgency, machine_id=machine_id,
                      attachments=attachments, alert_key=alert_key, ticket_type=ticket_type, said=said)
    detail = create_batch(uow, [(actor, draft)])[0]
    return ChangedTicket.of(detail, Changes.of(tickets=[detail.id]))


def create_many(uow: UnitOfWork, actor: Actor, drafts: Sequence[NewTicket]) -> list[TicketDetail]:
    """Open many tickets in one transaction: all are created, or none (the first bad draft's error
    is raised, naming its position). Same rules, permissions and notifications as `create`; at most
    MAX_BATCH drafts per call. Returns the new tickets in the order of the drafts.
    """
    return create_batch(uow, [(actor, draft) for draft in drafts])


def create_batch(uow: UnitOfWork, requests: Sequence[tuple[Actor, NewTicket]]) -> list[TicketDetail]:
    """`create_many` for tickets raised by different people (queued requests written together);
    each one is checked and recorded as its own actor's, and each detail is as its actor sees it."""
    for actor in {id(a): a for a, _d in requests}.values():
        require(actor, Permission.TICKET_CREATE)
    if len(requests) > MAX_BATCH:
        raise ValidationFailed(_("At most {n:,} tickets can be created at once.").format(n=MAX_BATCH),
                               field="tickets")
    if not requests:
        return []
    with uow:
        return _open(uow, requests)


def _at_position(exc: ValidationFailed | NotFound, index: int, total: int) -> ValidationFailed | NotFound:
    """Say which draft was refused: the error alone does not tell an importer which line to fix."""
    message = _("Ticket {n} of {total}: {error}").format(n=index + 1, total=total, error=exc.message)
    if isinstance(exc, ValidationFailed):
        return ValidationFailed(message, field=exc.field)
    return NotFound(message)
