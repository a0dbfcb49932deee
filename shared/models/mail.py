"""Every inbound mail's fate: the intake decision, with the raw message kept for agents."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.tickets
import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class MailIntake(Base):
    """One decision about one delivered mail: created, appended, event, ignored, quarantined, duplicate.

    `fingerprint` (Message-ID, Date, From, Subject and body) is unique among the non-duplicate
    decisions, so the same mail delivered twice is recognised and a different mail that reuses a
    Message-ID is not. Duplicates point at the decision they matched and keep no raw copy.
    """

    __tablename__ = "mail_intake"
    __table_args__ = (Index("ix_mail_intake_recent", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), index=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)  # None on duplicates
    outcome: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(Text, default="")  # why: the rule that matched, the reason
    sender: Mapped[str | None] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(255), default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("mail_intake.id", ondelete="SET NULL"))
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rescued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rescued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
