"""Helpers shared by the ticket services. They take the session and never commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import Table, bindparam, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlalchemy.sql.schema import ColumnDefault

from shared.auth.permissions import Actor, Permission, can
from shared.db.base import Base
from shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shared.i18n import N_, Said, _, is_said, said_text
from shared.models import (
    Attachment,
    Ticket,
    TimelineEntry,
    User,
)
from shared.models.enums import EntryKind, TicketType
from shared.services.dto import (
    AttachmentView,
    EntryView,
    TicketDetail,
    TicketRef,
    UserRef,
    shown_description,
    shown_solution,
    shown_subject,
    ticket_number,
)
from shared.services.names import shown_name, shown_path
from shared.services.uow import UnitOfWork, number_of, prefix_of

SUBJECT_MAX = 200
BODY_MAX = 100_000


FIELD_LABELS = {
    "subject": N_("Subject"), "description": N_("Description"), "reply": N_("Reply"), "note": N_("Note"),
    "reason": N_("Reason"), "solution": N_("Solution"), "title": N_("Title"), "body": N_("Body"),
    "name": N_("Name"), "full_name": N_("Full name"), "comment": N_("Comment"), "file_name": N_("File name"),
    "impact": N_("impact"), "urgency": N_("urgency"), "department": N_("Department"), "location": N_("Location"),
    "step": N_("Step"), "steps": N_("Steps"), "banner": N_("Banner"), "message": N_("Message"),
    "question": N_("Question"),
}


def field_label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field))


def clean_text(value: str | None, field: str, *, required: bool = True, max_len: int = BODY_MAX) -> str:
    """Stripped text, or ValidationFailed naming the field (e.g. "subject") and a readable message."""
    text = (value or "").strip()
    label = field_label(field)
    if required and not text:
        raise ValidationFailed(_("{field} must not be empty.").format(field=label), field=field)
    if len(text) > max_len:
        raise ValidationFailed(
            _("{field} is too long ({n} characters; at most {max}).").format(field=label, n=len(text), max=max_len),
            field=field)
    if "\x00" in text:
        raise ValidationFailed(_("{field} contains a NUL character.").format(field=label), field=field)
    return text


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No user with id {id}.").format(id=user_id))
    return user


@dataclass(frozen=True, slots=True)
class Person:
    """A user as a new ticket needs them (named on it, sent its messages, checked active): a few
    columns read with Core. Loading a whole User cost more Python than writing the ticket."""
    id: int
    username: str
    full_name: str
    email: str | None
    active: bool


_USERS: Table = User.__table__  # type: ignore[assignment]
PERSON_COLUMNS = (_USERS.c.id, _USERS.c.username, _USERS.c.full_name, _USERS.c.email, _USERS.c.active)
# Built once: they run for every new ticket, and building a statement cost more than running one.
# One person (the usual case) is read without an expanding IN, whose rendering costs at each run.
_PEOPLE = select(*PERSON_COLUMNS).where(_USERS.c.id.in_(bindparam("ids", expanding=True)))
_PERSON = select(*PERSON_COLUMNS).where(_USERS.c.id == bindparam("id"))
_USER_MAPPER = inspect(User)


def loaded_user(session: Session, user_id: int) -> User | None:
    """The User this session already holds for `user_id` (with any change not yet flushed), if any."""
    found = session.identity_map.get(_USER_MAPPER.identity_key_from_primary_key((user_id,)))
    return found if isinstance(found, User) else None


def people(session: Session, ids: Iterable[int]) -> dict[int, User | Person]:
    """The users with these ids that exist: the session's own User when it holds one (so what a
    caller's transaction changed and did not flush yet counts, as `session.get` would give), else a
    Person read in one Core statement for them all."""
    found: dict[int, User | Person] = {}
    missing = []
    for user_id in ids:
        user = loaded_user(session, user_id)
        if user is None:
            missing.append(user_id)
        else:
            found[user_id] = user
    if missing:
        rows = session.connection().execute(_PERSON, {"id": missing[0]}) if len(missing) == 1 \
            else session.connection().execute(_PEOPLE, {"ids": missing})
        for row in rows.all():
            found[row[0]] = Person(*row)
    return found


def get_person(session: Session, user_id: int) -> User | Person:
    """`get_user` for what a new ticket needs: NotFound when there is no such user."""
    person = people(session, (user_id,)).get(user_id)
    if person is None:
        raise NotFound(_("No user with id {id}.").format(id=user_id))
    return person


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise NotFound(_("Unknown user '{name}'.").format(name=username))
    return user


def actor_user(session: Session, actor: Actor) -> User | None:
    return None if actor.id is None else session.get(User, actor.id)


def may_view(actor: Actor, ticket: Ticket) -> bool:
    if can(actor, Permission.TICKET_VIEW_ALL):
        return True
    return can(actor, Permission.TICKET_VIEW_OWN) and ticket.requester_id == actor.id


def load_ticket(uow: UnitOfWork, actor: Actor, ticket_id: int,
                expected_version: int | None = None, *, lock: bool = True) -> Ticket:
    """The ticket, if the actor may see it; a Conflict if it moved past `expected_version`.

    For a change (`lock`, the default) the row is locked until commit (PostgreSQL; SQLite has one
    writer at a time anyway): a second agent saving at the same instant waits, then sees the first
    one's version here and gets the Conflict with their changes, instead of failing half-way.
    Reads pass lock=False.
    """
    ticket = uow.session.get(Ticket, ticket_id, with_for_update=True if lock else None)
    if ticket is None or not may_view(actor, ticket):
        # Requesters learn nothing about tickets that are not theirs.
        raise NotFound(_("Ticket {number} not found.").format(number=uow.number(ticket_id)))
    if expected_version is not None and ticket.version != expected_version:
        newer = list(uow.session.scalars(
            select(TimelineEntry).where(TimelineEntry.ticket_id == ticket.id,
                                        TimelineEntry.ticket_version > expected_version)
            .order_by(TimelineEntry.id)))
        changes = [entry_view(e, _authors(uow.session, newer)) for e in newer]
        who = ", ".join(sorted({c.author.full_name for c in changes if c.author})) or _("someone else")
        raise Conflict(
            _("{number} was changed by {who} while you were working on it. "
              "Your change was not saved; review theirs and apply yours again.").format(
                number=number_of(ticket), who=who),
            current_version=ticket.version, changes=changes)
    return ticket


def require_own_or(actor: Actor, ticket: Ticket, staff_permission: Permission,
                   own_permission: Permission) -> None:
    if can(actor, staff_permission):
        return
    if can(actor, own_permission) and ticket.requester_id == actor.id:
        return
    raise PermissionDenied(_("{user} may not do this on {number}.").format(
        user=actor.username, number=number_of(ticket)))


def touch(uow: UnitOfWork, ticket: Ticket) -> None:
    ticket.updated_at = uow.now()


def event(uow: UnitOfWork, ticket: Ticket, actor: Actor, field: str, old: Any, new: Any,
          body: str | Said = "", data: dict[str, Any] | None = None) -> None:
    """Record a field change on the ticket's timeline (the audit trail).

    A `str` body is a person's reason, kept as written. What the system itself says is a
    `say(...)` (or other values in `data`), so each reader sees it in their own language (see
    `describe_event`).
    """
    uow.add_entry(event_entry(uow, ticket, actor, field, old, new, body, data), ticket)


_M = TypeVar("_M", bound=Base)


def transient(model: type[_M], **values: Any) -> _M:
    """`model(**values)` without the attribute event its constructor fires per value (~0.4 µs
    each: a ticket's 25 values cost more than building its row). Nothing reads the history of a
    new object: a flush inserts what it holds, as does a Core INSERT of `row_of` it. The models
    have no validators or init hooks that the constructor would run."""
    obj = manager_of_class(model).new_instance()
    obj.__dict__.update(values)
    return obj


def event_entry(uow: UnitOfWork, ticket: Ticket, actor: Actor, field: str, old: Any, new: Any,
                body: str | Said = "", data: dict[str, Any] | None = None) -> TimelineEntry:
    """The timeline entry `event` records, not yet added to the session."""
    if is_said(body):  # the system's reason: stored as message and values, rendered per reader
        data, body = {**(data or {}), **body}, ""
    assert isinstance(body, str)
    return transient(
        TimelineEntry, ticket_id=ticket.id, kind=EntryKind.EVENT, author_id=actor.id, body=body, data=data,
        created_at=uow.now(), field=field,
        old_value=None if old is None else str(old), new_value=None if new is None else str(new),
    )


def set_field(uow: UnitOfWork, ticket: Ticket, actor: Actor, field: str, new: Any, body: str | Said = "",
              data: dict[str, Any] | None = None) -> bool:
    """Change one field and record it; False when it already had that value."""
    old = getattr(ticket, field)
    if old == new:
        return False
    setattr(ticket, field, new)
    if field == "assignee_id":
        assignee = uow.session.get(User, new) if new is not None else None
        ticket.assignee_name = assignee.full_name if assignee else ""
    event(uow, ticket, actor, field, old, new, body, data)
    return True


def insert_all(session: Session, objects: Sequence[Base]) -> None:
    """INSERT new rows as one executemany per table, without reading their ids back. A flush
    inserts them one by one on SQLite, which cannot say which new id belongs to which row."""
    by_model: dict[type[Base], list[dict[str, Any]]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(row_of(obj))
    for model, rows in by_model.items():
        session.execute(insert(Base.metadata.tables[model.__tablename__]), rows)


_NO_DEFAULT = object()
# Per mapped class: (attribute, column key, scalar default or _NO_DEFAULT, primary key?) of each column.
_ROW_COLUMNS: dict[type[Base], list[tuple[str, str, Any, bool]]] = {}


def _row_columns(model: type[Base]) -> list[tuple[str, str, Any, bool]]:
    found = _ROW_COLUMNS.get(model)
    if found is None:
        found = _ROW_COLUMNS[model] = [
            (attr, column.key, column.default.arg if isinstance(column.default, ColumnDefault)
             and column.default.is_scalar else _NO_DEFAULT, bool(column.primary_key))
            for attr, column in inspect(model).columns.items()]
    return found


def row_of(obj: Base) -> dict[str, Any]:
    """A new object's row as a flush would write it: its values, scalar defaults (also set on the
    object the caller keeps) and NULL for the rest; the primary key only when it is set. The
    columns are looked up once per class: a new ticket's entries are made into rows every time."""
    values = obj.__dict__
    row = {}
    for attr, key, default, primary_key in _row_columns(type(obj)):
        if attr in values:
            row[key] = values[attr]
        elif default is not _NO_DEFAULT:
            row[key] = default  # what a flush would have filled in, on the
            setattr(obj, attr, default)  # row and on the object the caller keeps
        elif not primary_key:
            row[key] = None
    return row


def user_ref(user: User | Person | None) -> UserRef | None:
    return None if user is None else UserRef(user.id, user.username, user.full_name)


def entry_view(e: TimelineEntry, authors: Mapping[int, User | Person] | None = None) -> EntryView:
    author = None
    if e.author_id is not None:
        user = (authors or {}).get(e.author_id)
        author = UserRef(e.author_id, user.username, user.full_name) if user else UserRef(e.author_id, "", "")
    body = e.body
    if e.kind != EntryKind.EVENT and is_said(e.data):
        # A system note: what it says, in the reader's language (read now), then what a person wrote.
        body = "\n\n".join(part for part in (said_text(e.data), e.body) if part)
    return EntryView(
        id=e.id, kind=EntryKind(e.kind), author=author, body=body, created_at=e.created_at,
        ticket_version=e.ticket_version, field=e.field, old_value=e.old_value, new_value=e.new_value,
        data=e.data, via_email=e.via_email)


def _authors(session: Session, entries: list[TimelineEntry]) -> dict[int, User]:
    ids = {e.author_id for e in entries if e.author_id is not None}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def ticket_ref(t: Ticket) -> TicketRef:
    return TicketRef(t.id, number_of(t), t.subject, t.status)


def _visible(actor: Actor, entry: TimelineEntry) -> bool:
    """Requesters see replies and status changes; staff see the whole timeline."""
    return can(actor, Permission.TICKET_VIEW_ALL) or entry.kind == EntryKind.REPLY \
        or (entry.kind == EntryKind.EVENT and entry.field == "status")


class _HasPath(Protocol):
    """A category: the ORM's, or its cached copy (services.reference)."""
    @property
    def path(self) -> str: ...


class _HasName(Protocol):
    """A team: the ORM's, or its cached copy (services.reference)."""
    @property
    def name(self) -> str: ...


def new_ticket_detail(actor: Actor, ticket: Ticket, entries: list[TimelineEntry], attachments: list[Attachment],
                      category: _HasPath | None, team: _HasName | None, authors: Mapping[int, User | Person],
                      requester: User | Person, assignee: User | Person | None) -> TicketDetail:
    """The detail of a ticket created in this transaction, from the objects in hand (after commit):
    re-reading what was just written cost more than creating it. It has no links and no rating.
    `requester` and `assignee` are the ticket's, given as the ticket was written with their ids only."""
    shown = sorted((e for e in entries if _visible(actor, e)), key=lambda e: e.id)
    return detail_of(ticket, shown, authors, sorted(attachments, key=lambda a: a.id), [], category, team, None,
                     people=(user_ref(requester), user_ref(assignee)))


def detail_of(ticket: Ticket, entries: list[TimelineEntry], authors: Mapping[int, User | Person],
              attachments: list[Attachment], links: list[TicketRef], category: _HasPath | None,
              team: _HasName | None, csat: int | None,
              people: tuple[UserRef | None, UserRef | None] | None = None) -> TicketDetail:
    """`people`: the requester and assignee when known already (else read from the ticket)."""
    requester, assignee = people or (user_ref(ticket.requester), user_ref(ticket.assignee))
    assert requester is not None
    return TicketDetail(
        id=ticket.id, number=number_of(ticket), version=ticket.version,
        subject=shown_subject(ticket.subject, ticket.said),
        description=shown_description(ticket.description, ticket.said), status=ticket.status, priority=ticket.priority,
        priority_override_reason=ticket.priority_override_reason, impact=ticket.impact,
        urgency=ticket.urgency, tier=ticket.tier, channel=ticket.channel,
        category_id=ticket.category_id, category=shown_path(category.path) if category else None,
        requester=requester, assignee=assignee, team_id=ticket.team_id,
        team=shown_name(team.name) if team else None, machine_id=ticket.machine_id,
        created_at=ticket.created_at, updated_at=ticket.updated_at,
        first_responded_at=ticket.first_responded_at, resolved_at=ticket.resolved_at,
        closed_at=ticket.closed_at, response_due_at=ticket.response_due_at,
        resolution_due_at=ticket.resolution_due_at, sla_paused=ticket.sla_paused_at is not None,
        response_breached=ticket.response_breached, resolution_breached=ticket.resolution_breached,
        solution=shown_solution(ticket.solution, ticket.said),
        merged_into=ticket_number(ticket.merged_into_id, prefix_of(ticket)) if ticket.merged_into_id else None,
        vendor_reference=ticket.vendor_reference, csat_rating=csat,
        entries=tuple(entry_view(e, authors) for e in entries),
        attachments=tuple(AttachmentView(a.id, a.filename, a.content_type, a.size, a.sha256, a.created_at)
                          for a in attachments),
        links=tuple(sorted(links, key=lambda r: r.id)),
        ticket_type=TicketType(ticket.ticket_type or TicketType.INCIDENT),
    )
