"""A ticket's timeline: replies, internal notes, audit events, diagnostic runs; attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

import shared.models.tickets
import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime
from shared.models.enums import EntryKind


class TimelineEntry(Base):
    __tablename__ = "timeline_entries"
    __table_args__ = (Index("ix_timeline_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[EntryKind] = mapped_column(String(12))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ticket_version: Mapped[int] = mapped_column(Integer)  # the version this entry produced
    # Audit events: which field went from what to what.
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    # Structured detail, e.g. a diagnostic run's command, parameters and exit code.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    via_email: Mapped[bool] = mapped_column(Boolean, default=False)
    message_id: Mapped[str | None] = mapped_column(String(255), index=True)

    @property
    def is_public(self) -> bool:
        return self.kind == EntryKind.REPLY


class AttachmentBlob(Base):
    """Content-addressed bytes, stored once however many tickets carry the same file."""

    __tablename__ = "attachment_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_entries.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blobs.sha256"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    blob: Mapped[AttachmentBlob] = relationship(lazy="raise")
    entry: Mapped[TimelineEntry | None] = relationship(lazy="raise")
