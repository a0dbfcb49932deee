"""Tickets, their categories, auto-classification rules and links between tickets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, UTCDateTime
from shared.models.enums import Channel, Level, Priority, Status
from shared.models.users import Team, User


class Category(Base):
    """A category, or a subcategory when `parent_id` is set."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))  # default routing

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


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_updated", "status", "updated_at"),
        Index("ix_tickets_assignee_status", "assignee_id", "status"),
        Index("ix_tickets_team_status", "team_id", "status"),
        Index("ix_tickets_requester", "requester_id", "updated_at"),
        Index("ix_tickets_resolution_due", "resolution_due_at"),
        Index("ix_tickets_created", "created_at"),
        Index("ix_tickets_resolved", "resolved_at"),
        Index("ix_tickets_alert_key", "alert_key"),
        CheckConstraint("tier BETWEEN 0 AND 4", name="tier_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[Channel] = mapped_column(String(10))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    impact: Mapped[Level] = mapped_column(String(8))
    urgency: Mapped[Level] = mapped_column(String(8))
    priority: Mapped[Priority] = mapped_column(String(2), index=True)
    priority_override_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(String(16))
    tier: Mapped[int] = mapped_column(Integer, default=1)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    machine_id: Mapped[int | None] = mapped_column(ForeignKey("machines.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    alert_key: Mapped[str | None] = mapped_column(String(120))  # probe alerts: dedup key
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
