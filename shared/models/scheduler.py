"""The built-in scheduler's record of each periodic job: its lease and how its last run ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime


class JobRun(Base):
    """One row per job. A process runs a tick of a job only after it took the row's lease with one
    conditional UPDATE, so with N servers on one database each tick runs exactly once; a process
    that dies mid-run loses its lease when `lease_until` passes, and another takes the job over."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_outcome: Mapped[str | None] = mapped_column(String(8))  # JobOutcome
    last_message: Mapped[str] = mapped_column(Text, default="")
    last_owner: Mapped[str | None] = mapped_column(String(120))
    runs: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
