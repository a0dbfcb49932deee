"""User machines known through the probe, and the one-time tokens that enrol them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class Machine(Base):
    __tablename__ = "machines"

    id: Mapped[int] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255), index=True)
    os_name: Mapped[str] = mapped_column(String(80), default="")
    os_version: Mapped[str] = mapped_column(String(120), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    snapshot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # sha256 of the bearer token
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ssh_host: Mapped[str | None] = mapped_column(String(255))
    ssh_port: Mapped[int] = mapped_column(Integer, default=22)
    ssh_user: Mapped[str | None] = mapped_column(String(64))
    ssh_host_key: Mapped[str | None] = mapped_column(Text)  # "ssh-ed25519 AAAA…", pinned at enrolment
    probe_version: Mapped[str | None] = mapped_column(String(32))
    alert_state: Mapped[dict[str, str] | None] = mapped_column(JSON)  # active alert key -> severity
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProbeReport(Base):
    """Reports received, by the probe's report id: a replayed report is recognised, race-free."""

    __tablename__ = "probe_reports"
    __table_args__ = (UniqueConstraint("machine_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    machine_id: Mapped[int] = mapped_column(ForeignKey("machines.id", ondelete="CASCADE"))
    report_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EnrolmentToken(Base):
    __tablename__ = "enrolment_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # whose machine it will be
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    machine_id: Mapped[int | None] = mapped_column(ForeignKey("machines.id"))
