"""SLA policies per priority (and optionally per category) and the business-hours calendars their
clocks run on."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

import shared.models.tickets  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, partial_index
from shared.models.enums import Priority


class BusinessCalendar(Base):
    __tablename__ = "business_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    # {"0": [["08:00", "17:00"]], ...} keyed by ISO weekday - 1 (Monday = "0"); missing day = closed
    hours: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON)

    holidays: Mapped[list[Holiday]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", order_by="Holiday.day"
    )


class Holiday(Base):
    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("business_calendars.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120), default="")

    calendar: Mapped[BusinessCalendar] = relationship(back_populates="holidays")


class SlaPolicy(Base):
    """The targets of a priority; with `category_id`, those of that priority in one category (and its
    subcategories), which take precedence over the priority's general policy."""

    __tablename__ = "sla_policies"
    __table_args__ = (
        UniqueConstraint("priority", "category_id"),
        # NULLs are distinct in a unique constraint: one general policy per priority needs its own index.
        partial_index("uq_sla_policies_general", "priority", unique=True, where="category_id IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[Priority] = mapped_column(String(2))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    warn_percent: Mapped[int] = mapped_column(Integer, default=80)  # warn when this much is used
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id"))

    calendar: Mapped[BusinessCalendar | None] = relationship()
