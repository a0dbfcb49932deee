"""Each machine's inventory (software, hardware, BIOS, OS build, disk health) as the probe sent it,
kept per collection so that what changed between two of them can be shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.machines  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class MachineInventory(Base):
    __tablename__ = "machine_inventories"
    __table_args__ = (Index("ix_machine_inventories_machine", "machine_id", "collected_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    machine_id: Mapped[int] = mapped_column(ForeignKey("machines.id", ondelete="CASCADE"))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the data: an unchanged inventory is not stored again
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
