"""Machine health over time: metric samples in three tiers with disk free per volume, the latest
health row the board reads, and the alert loop's memory of each probe-alert ticket.

Times in the sample tables are whole minutes since the Unix epoch (an int): 4 bytes on
PostgreSQL and a 1-4 byte varint on SQLite instead of a 26-character timestamp, which is what
keeps a machine-year of history within ~200 KB. Percentages are stored as hundredths (smallint).
The sample tables are WITHOUT ROWID on SQLite: the row lives in its primary-key b-tree, once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.machines
import shared.models.tickets  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime

RAW, HOURLY, DAILY = 0, 1, 2  # sample tiers
MAX_VOLUMES = 4  # free-space columns per sample


class MachineSample(Base):
    """CPU, memory, battery health, uptime, reboots and free space per volume of one machine at one
    moment (RAW) or averaged over an hour or a day (`n` samples)."""

    __tablename__ = "machine_samples"
    __table_args__ = {"sqlite_with_rowid": False}

    machine_id: Mapped[int] = mapped_column(ForeignKey("machines.id", ondelete="CASCADE"), primary_key=True)
    tier: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    t: Mapped[int] = mapped_column(Integer, primary_key=True)  # minutes since the epoch (bucket start)
    n: Mapped[int] = mapped_column(SmallInteger)
    cpu: Mapped[int] = mapped_column(SmallInteger)  # percent x 100
    mem: Mapped[int] = mapped_column(SmallInteger)  # percent x 100
    battery: Mapped[int | None] = mapped_column(SmallInteger)  # battery health percent x 100
    uptime: Mapped[int] = mapped_column(Integer)  # minutes (the largest in a bucket)
    reboots: Mapped[int] = mapped_column(SmallInteger)  # reboots seen since the previous sample
    # Free space of volumes 1-4 (MachineVolume.vol) in MiB: columns, not rows, because a row's
    # header and index entry cost more than the value (PostgreSQL: ~24 + ~40 bytes per row).
    free1: Mapped[int | None] = mapped_column(Integer)
    free2: Mapped[int | None] = mapped_column(Integer)
    free3: Mapped[int | None] = mapped_column(Integer)
    free4: Mapped[int | None] = mapped_column(Integer)


class MachineVolume(Base):
    """A machine's volume, numbered once (1-4: the first four seen; MAX_VOLUMES), naming a
    sample's free-space column."""

    __tablename__ = "machine_volumes"

    machine_id: Mapped[int] = mapped_column(ForeignKey("machines.id", ondelete="CASCADE"), primary_key=True)
    vol: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    mountpoint: Mapped[str] = mapped_column(String(255))
    total_mb: Mapped[int] = mapped_column(Integer)


class MachineHealth(Base):
    """The latest figures of one machine, kept as reports arrive: the board filters and sorts 10,000
    machines on these columns without opening any snapshot."""

    __tablename__ = "machine_health"

    machine_id: Mapped[int] = mapped_column(ForeignKey("machines.id", ondelete="CASCADE"), primary_key=True)
    cpu: Mapped[float | None] = mapped_column()
    mem: Mapped[float | None] = mapped_column()
    disk_free_pct: Mapped[float | None] = mapped_column(index=True)  # the fullest volume's free share
    last_user: Mapped[str | None] = mapped_column(String(120))
    forecast: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # Said explanations, for the board
    # The last 48 hours' hourly CPU, memory and fullest-disk-used percentages, refreshed as each
    # hour is rolled up: a board page reads its sparklines with its rows, no sample query.
    spark: Mapped[dict[str, list[int]] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AlertLoop(Base):
    """What the alert loop remembers of one probe-alert ticket: since when its condition is clear,
    how often it flapped, and when it last wrote a note (notes are damped)."""

    __tablename__ = "alert_loops"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    machine_id: Mapped[int] = mapped_column(ForeignKey("machines.id", ondelete="CASCADE"), index=True)
    alert_key: Mapped[str] = mapped_column(String(120))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    auto_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_note_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flaps: Mapped[int] = mapped_column(Integer, default=0)  # recurrences not yet told in a note
