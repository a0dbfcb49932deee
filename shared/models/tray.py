"""What the tray sent, by its idempotency key: a report or reply sent again from the tray's offline
outbox (the answer was lost, the server had saved it) is recognised and not saved twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.tickets
import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class TraySubmission(Base):
    __tablename__ = "tray_submissions"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # chosen by the tray, unique per user
    kind: Mapped[str] = mapped_column(String(16))  # "report" or "reply"
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
