"""Sign-in state shared by every server process: TOTP recovery codes, server-side sessions and
rate-limit buckets (kept in the database so that all workers see the same counts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class RecoveryCode(Base):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))  # argon2id; the code itself is shown once
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(Base):
    """One signed-in client (a tray). Its signed token names this row, and every request checks
    that the row is neither revoked nor past its end, so revoking takes effect at once."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, named in the token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)  # no refresh past this
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client: Mapped[str] = mapped_column(String(40), default="")


class RateBucket(Base):
    """A token bucket: `tokens` left at `updated` (unix seconds)."""

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated: Mapped[float] = mapped_column(Float, index=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)  # requests seen, for the logs
