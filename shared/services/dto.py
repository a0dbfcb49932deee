"""Frozen views that services return. The GUIs and the HTTP edge never see live ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Protocol

from shared.changes import NO_CHANGES, Changes
from shared.errors import ValidationFailed
from shared.i18n import _, is_said, said_text
from shared.models.enums import Channel, EntryKind, Level, Priority, Role, Status, TicketType, label
from shared.services.names import shown_path


def ticket_number(ticket_id: int, prefix: str) -> str:
    """"HD-000123": the install's prefix (setting `ticket_prefix`) and the id."""
    return f"{prefix}-{ticket_id:06d}"


def parse_ticket_ref(value: str | int, prefix: str | None = None) -> int:
    """Accept 123, "123", "#123" or "HD-000123" (any case) as the id 123.

    With `prefix` (the install's setting), a number with another prefix is refused: after the
    prefix changed, an old number typed by habit must not silently mean something else.
    """
    if isinstance(value, int):
        return value
    text = value.strip().upper().lstrip("#")
    if "-" in text:
        given, text = text.rsplit("-", 1)
        if prefix is not None and given.strip() != prefix.upper():
            text = ""
    # ASCII digits only (int() refuses "²"), and no more than a database integer holds.
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        example = ticket_number(123, prefix or "HD")
        raise ValidationFailed(_("'{value}' is not a ticket number (like {example} or 123).").format(
            value=value, example=example), field="ticket")
    return int(text)


@dataclass(frozen=True)
class UserRef:
    id: int
    username: str
    full_name: str


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    email: str | None
    role: Role
    active: bool
    on_duty: bool
    team_ids: tuple[int, ...]
    timezone: str
    language: str | None


@dataclass(frozen=True)
class EntryView:
    id: int
    kind: EntryKind
    author: UserRef | None
    body: str
    created_at: datetime
    ticket_version: int
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    data: dict[str, Any] | None = None
    via_email: bool = False


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


@dataclass(frozen=True)
class TicketRef:
    id: int
    number: str
    subject: str
    status: Status


@dataclass(frozen=True)
class TicketDetail:
    id: int
    number: str
    version: int
    subject: str
    description: str
    status: Status
    priority: Priority
    priority_override_reason: str | None
    impact: Level
    urgency: Level
    tier: int
    channel: Channel
    category_id: int | None
    category: str | None
    requester: UserRef
    assignee: UserRef | None
    team_id: int | None
    team: str | None
    machine_id: int | None
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    sla_paused: bool
    response_breached: bool
    resolution_breached: bool
    solution: str | None
    merged_into: str | None
    vendor_reference: str | None
    csat_rating: int | None
    entries: tuple[EntryView, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()
    links: tuple[TicketRef, ...] = ()
    ticket_type: TicketType = TicketType.INCIDENT


@dataclass(frozen=True)
class TicketRow:
    """One queue row: only what the list shows."""

    id: int
    number: str
    priority: Priority
    subject: str
    requester: str
    status: Status
    tier: int
    assignee: str | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    first_responded_at: datetime | None
    sla_paused: bool
    updated_at: datetime
    created_at: datetime


@dataclass(frozen=True)
class ChangedTicket(TicketDetail):
    """A ticket as an edit left it, and what the edit changed: more than this ticket when it
    merged or linked two, drafted an article or notified someone."""

    changes: Changes = NO_CHANGES

    @classmethod
    def of(cls, detail: TicketDetail, changes: Changes) -> ChangedTicket:
        return cls(**{f.name: getattr(detail, f.name) for f in fields(TicketDetail)}, changes=changes)

    @property
    def detail(self) -> TicketDetail:
        """The ticket alone (equal to what `tickets.get` reads back)."""
        return TicketDetail(**{f.name: getattr(self, f.name) for f in fields(TicketDetail)})


def shown_subject(subject: str, said: Mapping[str, Any] | None, language: str | None = None) -> str:
    """A ticket's subject for the reader: what the system wrote (probe alerts) in the reader's
    language, else the subject as written."""
    return said_text(said["subject"], language) if said and is_said(said.get("subject")) else subject


def payload_subject(payload: Mapping[str, Any], language: str | None = None) -> str:
    """The subject a notification carries (services/notify.py), in the reader's language."""
    said = payload.get("subject_said")
    return said_text(said, language) if is_said(said) else str(payload.get("subject", ""))


def shown_solution(solution: str | None, said: Mapping[str, Any] | None) -> str | None:
    """A solution the system wrote (the alert loop), in the reader's language; it stands only while
    the stored text is still the one written with it (a person may resolve the ticket again)."""
    if said and is_said(said.get("solution")) and said.get("solution_of") == solution:
        return said_text(said["solution"])
    return solution


def shown_description(description: str, said: Mapping[str, Any] | None) -> str:
    return said_text(said["description"]).strip() if said and is_said(said.get("description")) else description


class _Event(Protocol):
    @property
    def field(self) -> str | None: ...

    @property
    def data(self) -> dict[str, Any] | None: ...


def describe_event(e: _Event) -> str:
    """The system's part of an event in the reader's language: how a ticket came in and was
    classified, whether an assignment was automatic, the system's reason (`say(...)`)."""
    data = e.data or {}
    parts = []
    if e.field == "created" and "channel" in data:
        parts.append(_("Created via {channel}").format(channel=label(str(data["channel"]))))
        model = data.get("model")
        if data.get("classified_as") and isinstance(model, dict):
            parts.append(_("classified by the learned model (version {version}, {percent:.0%} sure, from: "
                           "{words}) as {category}").format(
                version=model.get("version"), percent=float(model.get("confidence") or 0),
                words=", ".join(map(str, model.get("words") or [])) or "—",
                category=shown_path(str(data["classified_as"]))))
        elif data.get("classified_as"):
            parts.append(_("classified by keyword as {category}").format(
                category=shown_path(str(data["classified_as"]))))
    if data.get("auto"):
        parts.append(_("assigned automatically"))
    if is_said(data):
        parts.append(said_text(data))
    return "; ".join(parts)


@dataclass(frozen=True)
class Notification:
    """An in-app notification (shared.services.inbox). Here, with the inbox's page, so that the
    console's bell and poller hold them without importing the inbox's queries before the first page."""

    id: int
    kind: str
    ticket_id: int | None
    text: str
    created_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class InboxPage:
    items: list[Notification]  # newest first
    unread: int  # all of the actor's unread notifications, not only this page's
