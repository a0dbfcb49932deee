"""The notifications outbox, processed mail, the audit log and saved queue filters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.tickets
import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime
from shared.models.enums import OutboxChannel, OutboxStatus


class OutboxMessage(Base):
    """A notification written in the same transaction as the change that caused it.

    Senders (mail, in-app) pick pending rows up later, so a notification is never sent for a
    change that was rolled back, and never lost for one that was committed.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "channel", "status", "next_attempt_at"),
        Index("ix_outbox_recipient", "recipient_id", "channel", "status"),
        Index("ix_outbox_thread", "ticket_id", "recipient_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[OutboxChannel] = mapped_column(String(8))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recipient_address: Mapped[str | None] = mapped_column(String(254))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    dedup_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(String(8), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str | None] = mapped_column(String(255))


class MailMessage(Base):
    """Every mail we processed or sent, by Message-ID: exactly-once intake and reply threading."""

    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    sender: Mapped[str | None] = mapped_column(String(254), index=True)  # inbound: lower-cased From
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # created, appended, ignored, rejected, sent
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditLog(Base):
    """Who did what outside a ticket's own timeline (users, KB, machines, settings, sign-ins)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SavedFilter(Base):
    __tablename__ = "saved_filters"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
