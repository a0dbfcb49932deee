"""Agents' weekly shifts per team, and the exceptions to them (leave, public holidays, cover)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class Shift(Base):
    """One agent's recurring weekly slot in a team, in the shift's own time zone. An end at or before
    the start runs past midnight (a night shift)."""

    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    start_minute: Mapped[int] = mapped_column(Integer)  # minutes after midnight, 0–1439
    end_minute: Mapped[int] = mapped_column(Integer)  # 1–1440
    timezone: Mapped[str] = mapped_column(String(64))


class ShiftException(Base):
    """Leave (one agent), a public holiday (a whole team, or everyone when no team is named), or cover
    (an agent on duty outside their shifts: the manual override)."""

    __tablename__ = "shift_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # ShiftExceptionKind
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
