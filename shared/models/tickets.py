"""Tickets, their categories, auto-classification rules and links between tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import shared.models.machines  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime, partial_index
from shared.models.enums import Channel, Level, Priority, Status, TicketType
from shared.models.users import Team, User


class Category(Base):
    """A category, or a subcategory when `parent_id` is set."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))  # default routing
    # Disabled: kept on the tickets that have it, not offered for new ones, its rules not applied.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    parent: Mapped[Category | None] = relationship(remote_side="Category.id")

    @property
    def path(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent else self.name


class ClassificationRule(Base):
    """If any keyword occurs in a new ticket's subject or description, set category (and more)."""

    __tablename__ = "classification_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=100)  # lower runs first; first match wins
    keywords: Mapped[str] = mapped_column(Text)  # comma-separated, case-insensitive, whole words
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    impact: Mapped[Level | None] = mapped_column(String(8))
    urgency: Mapped[Level | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# Queue and report indexes (migration 0002; the queue service writes the same literal SQL, see
# shared/services/queue.py). The active-status views use partial indexes; each ends in `id`.
_ACTIVE = "status IN ('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"
_STATUS_ORDER = ("CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'in_progress' THEN 2 "
                 "WHEN 'pending_user' THEN 3 WHEN 'pending_vendor' THEN 4 WHEN 'resolved' THEN 5 "
                 "WHEN 'closed' THEN 6 END")


def _queue_indexes() -> tuple[Index, ...]:
    keys: dict[str, tuple[Any, ...]] = {
        "updated": ("updated_at",), "created": ("created_at",), "priority": ("priority",), "tier": ("tier",),
        "subject": ("subject",), "assignee": ("assignee_name",), "status": (text(f"({_STATUS_ORDER})"),),
        "sla": (text("(coalesce(resolution_due_at, created_at))"),)}
    out = []
    for name, key in keys.items():
        out += [Index(f"ix_tq_all_{name}", *key, "id"),
                partial_index(f"ix_tq_active_{name}", *key, "id", where=_ACTIVE),
                partial_index(f"ix_tq_mine_{name}", "assignee_id", *key, "id", where=_ACTIVE),
                partial_index(f"ix_tq_team_{name}", "team_id", *key, "id", where=_ACTIVE)]
    out += [partial_index("ix_tq_active_number", "id", where=_ACTIVE),
            partial_index("ix_tq_mine_number", "assignee_id", "id", where=_ACTIVE),
            partial_index("ix_tq_team_number", "team_id", "id", where=_ACTIVE),
            partial_index("ix_tq_active_requester", "requester_id", "id", where=_ACTIVE),
            # Migration 0020: the breakdown's backlog by category or type, counted from the index.
            partial_index("ix_tq_active_category", "category_id", "status", where=_ACTIVE),
            partial_index("ix_tq_active_type", "ticket_type", "status", where=_ACTIVE),
            partial_index("ix_tq_active_tier_created", "tier", "created_at", where=_ACTIVE),
            Index("ix_tq_report_created", "created_at", "category_id", "first_response_seconds"),
            Index("ix_tq_report_resolved", "resolved_at", "resolution_seconds", "reopen_count", "agent_replies",
                  "max_tier", "resolution_due_at", "resolution_breached", "response_breached")]
    return tuple(out)


# The report dimensions' ticket columns (models/reports.py) and the two durations with their times.
GROUP_COLUMNS = {"agent": "assignee_id", "team": "team_id", "category": "category_id", "type": "ticket_type"}
DURATION_COLUMNS = {"response": ("first_response_seconds", "created_at"), "resolution": ("resolution_seconds",
                                                                                         "resolved_at")}


def _group_value_indexes() -> tuple[Index, ...]:
    """Migration 0020: one group's durations in value order with their times, so a per-group median
    located in a bin by the report aggregates is read from that group's few tickets in the bin.
    Partial: a new ticket has neither time yet, so creating one does not touch them."""
    out = []
    for dim, column in GROUP_COLUMNS.items():
        for metric, (value, when) in DURATION_COLUMNS.items():
            out.append(partial_index(f"ix_tickets_{dim}_{metric}", column, value, when, where=f"{value} IS NOT NULL"))
    return tuple(out)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        *_queue_indexes(),
        *_group_value_indexes(),
        Index("ix_tickets_status_updated", "status", "updated_at"),
        Index("ix_tickets_assignee_status", "assignee_id", "status"),
        Index("ix_tickets_team_status", "team_id", "status"),
        Index("ix_tickets_requester", "requester_id", "updated_at"),
        Index("ix_tickets_resolution_due", "resolution_due_at"),
        Index("ix_tickets_created", "created_at"),
        Index("ix_tickets_resolved", "resolved_at"),
        Index("ix_tickets_alert_key", "alert_key"),
        # Migration 0012: a median located by the report aggregates is read exactly from these.
        partial_index("ix_tickets_response_value", "first_response_seconds", "created_at",
                      where="first_response_seconds IS NOT NULL"),
        partial_index("ix_tickets_resolution_value", "resolution_seconds", "resolved_at",
                      where="resolution_seconds IS NOT NULL"),
        CheckConstraint("tier BETWEEN 0 AND 4", name="tier_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[Channel] = mapped_column(String(10))
    ticket_type: Mapped[TicketType] = mapped_column(String(16), default=TicketType.INCIDENT,
                                                    server_default=TicketType.INCIDENT.value)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    impact: Mapped[Level] = mapped_column(String(8))
    urgency: Mapped[Level] = mapped_column(String(8))
    priority: Mapped[Priority] = mapped_column(String(2), index=True)
    priority_override_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(String(16))
    tier: Mapped[int] = mapped_column(Integer, default=1)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The assignee's name, kept with assignee_id (services/_common.set_field) so the queue can sort
    # by it from an index; "" when unassigned. A service that renames users must update it too.
    assignee_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    machine_id: Mapped[int | None] = mapped_column(ForeignKey("machines.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    alert_key: Mapped[str | None] = mapped_column(String(120))  # probe alerts: dedup key
    # A ticket the system opened: its subject and description as say(...) messages, shown in each
    # reader's language (services/dto.shown_subject); `subject` keeps the text for search and sorting.
    said: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    vendor_reference: Mapped[str | None] = mapped_column(String(120))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    solution: Mapped[str | None] = mapped_column(Text)

    # SLA clocks (business time). Due and warn instants move forward when a pause ends.
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_paused_seconds: Mapped[int] = mapped_column(Integer, default=0)  # business time spent paused
    response_warned: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_warned: Mapped[bool] = mapped_column(Boolean, default=False)
    response_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_breached: Mapped[bool] = mapped_column(Boolean, default=False)

    # Denormalised figures so reports are single aggregate queries on any backend.
    first_response_seconds: Mapped[int | None] = mapped_column(Integer)
    resolution_seconds: Mapped[int | None] = mapped_column(Integer)
    agent_replies: Mapped[int] = mapped_column(Integer, default=0)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    max_tier: Mapped[int] = mapped_column(Integer, default=1)

    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    team: Mapped[Team | None] = relationship()
    category: Mapped[Category | None] = relationship()

    @property
    def sla_paused(self) -> bool:
        return self.sla_paused_at is not None


class TicketLink(Base):
    """A symmetric 'related to' link, stored once with the smaller id first."""

    __tablename__ = "ticket_links"
    __table_args__ = (CheckConstraint("ticket_a_id < ticket_b_id", name="ordered"),)

    ticket_a_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    ticket_b_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
