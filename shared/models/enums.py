"""Enumerations stored as short strings (portable across SQLite and PostgreSQL)."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from shared.i18n import N_


class Role(StrEnum):
    REQUESTER = "requester"
    L1_AGENT = "l1_agent"
    L2_TECHNICIAN = "l2_technician"
    L3_ENGINEER = "l3_engineer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def agent_tier(self) -> int | None:
        """The support tier an agent of this role works at; None for non-agents."""
        return {Role.L1_AGENT: 1, Role.L2_TECHNICIAN: 2, Role.L3_ENGINEER: 3}.get(self)

    @property
    def is_staff(self) -> bool:
        return self is not Role.REQUESTER


class Channel(StrEnum):
    EMAIL = "email"
    PORTAL = "portal"
    PHONE = "phone"
    CHAT = "chat"
    WALK_IN = "walk_in"
    PROBE = "probe"


class TicketType(StrEnum):
    """What the requester needs: something broken, something new, an answer, or to be heard."""
    INCIDENT = "incident"
    SERVICE_REQUEST = "service_request"
    QUESTION = "question"
    COMPLAINT = "complaint"


class ShiftExceptionKind(StrEnum):
    LEAVE = "leave"  # one agent away
    HOLIDAY = "holiday"  # a team (or everyone) off
    COVER = "cover"  # one agent on duty outside their shifts


class Level(StrEnum):
    """Impact and urgency share one scale."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Priority(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PENDING_USER = "pending_user"
    PENDING_VENDOR = "pending_vendor"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_active(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED)

    @property
    def pauses_sla(self) -> bool:
        return self in (Status.PENDING_USER, Status.PENDING_VENDOR)


ACTIVE_STATUSES = tuple(s for s in Status if s.is_active)


class Tier(IntEnum):
    L0 = 0  # self-service
    L1 = 1
    L2 = 2
    L3 = 3
    L4 = 4  # external vendor

    @property
    def label(self) -> str:
        return f"L{int(self)}"


class EntryKind(StrEnum):
    REPLY = "reply"  # public, seen by the requester
    NOTE = "note"  # internal
    EVENT = "event"  # audit: a field change
    DIAGNOSTIC = "diagnostic"  # a remote diagnostic run (internal)


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class OutboxChannel(StrEnum):
    EMAIL = "email"
    APP = "app"  # the in-app inbox


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up (out of attempts, or refused for good): listed as undelivered mail
    # An agent decided it will not be sent (shared.services.undelivered); kept, and reversible by
    # sending it again. "dismissed" does not fit the String(8) column, hence the shorter word.
    DISMISSED = "dropped"


LABELS: dict[str, str] = {
    # Status
    "new": N_("New"), "open": N_("Open"), "in_progress": N_("In progress"),
    "pending_user": N_("Pending user"), "pending_vendor": N_("Pending vendor"),
    "resolved": N_("Resolved"), "closed": N_("Closed"),
    # Level
    "high": N_("High"), "medium": N_("Medium"), "low": N_("Low"),
    # Role
    "requester": N_("Requester"), "l1_agent": N_("L1 agent"), "l2_technician": N_("L2 technician"),
    "l3_engineer": N_("L3 engineer"), "supervisor": N_("Supervisor"), "admin": N_("Administrator"),
    # Channel
    "email": N_("Email"), "portal": N_("Portal / tray"), "phone": N_("Phone"), "chat": N_("Chat"),
    "walk_in": N_("Walk-in"), "probe": N_("Probe alert"),
    # Ticket type
    "incident": N_("Incident"), "service_request": N_("Service request"), "question": N_("Question"),
    "complaint": N_("Complaint"),
    # Shift exceptions
    "leave": N_("Leave"), "holiday": N_("Holiday"), "cover": N_("Cover"),
    # Article status
    "draft": N_("Draft"), "published": N_("Published"), "archived": N_("Archived"),
}


def label(value: StrEnum | str) -> str:
    """The translated display label of an enum value."""
    from shared.i18n import _

    key = str(value)
    return _(LABELS[key]) if key in LABELS else key
