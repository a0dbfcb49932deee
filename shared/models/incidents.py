"""Major incidents (a burst of similar reports under one parent ticket), SOP checklists and the
tray assistant's conversations. All in migration 0016 (a member taken
out by hand: 0028)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.kb
import shared.models.tickets
import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class IncidentState(StrEnum):
    SUGGESTED = "suggested"  # detection found a burst; an agent confirms or dismisses it
    CONFIRMED = "confirmed"  # a parent ticket exists; the banner shows
    DISMISSED = "dismissed"  # not one problem: its tickets are not suggested again
    RESOLVED = "resolved"  # the parent was resolved, and its children with it


class MajorIncident(Base):
    __tablename__ = "major_incidents"
    __table_args__ = (Index("ix_major_incidents_state", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[IncidentState] = mapped_column(String(12))
    topic: Mapped[str] = mapped_column(String(120))  # the shared words, e.g. "vpn connect"
    banner: Mapped[str] = mapped_column(Text, default="")  # the site's own words, shown as written
    parent_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IncidentMember(Base):
    """A ticket taking part in an incident (a child of its parent once confirmed), or taken out of
    it by hand (`removed_at`)."""

    __tablename__ = "major_incident_members"

    incident_id: Mapped[int] = mapped_column(ForeignKey("major_incidents.id", ondelete="CASCADE"),
                                             primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    # Taken out by hand (migration 0028): no longer a member, and never suggested again by detection.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ChecklistTemplate(Base):
    """The SOP for tickets of one category (and, optionally, one ticket type)."""

    __tablename__ = "checklist_templates"
    __table_args__ = (UniqueConstraint("category_id", "ticket_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    ticket_type: Mapped[str] = mapped_column(String(16), default="")  # "": every type
    # Steps: [{"text": str, "required": bool}], in order; the site's own words.
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # A built-in example's message id: shown translated until someone edits it (then `said` is cleared).
    said: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketChecklistStep(Base):
    """A step copied onto a ticket when it got its category: later edits of the template do not
    change what a ticket was asked to do."""

    __tablename__ = "ticket_checklist_steps"
    __table_args__ = (Index("ix_ticket_checklist_ticket", "ticket_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_templates.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    said_key: Mapped[str | None] = mapped_column(String(60))  # built-in step: translated when shown
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AssistantOutcome(StrEnum):
    SOLVED = "solved"  # "did this solve it?" yes: a deflection
    TICKET = "ticket"  # no: a ticket was raised with the conversation
    NO_ANSWER = "no_answer"  # nothing matched; the user went on to report


class AssistantConversation(Base):
    __tablename__ = "assistant_conversations"
    __table_args__ = (Index("ix_assistant_conv_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("kb_articles.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(12))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
