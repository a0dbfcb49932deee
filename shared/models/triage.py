"""Versions of the learned triage model (shared/triage): every console and server predicts with
the newest active row, so all of them classify alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, true
from sqlalchemy.orm import Mapped, mapped_column

import shared.models.users  # noqa: F401  (a table its foreign keys name: flushes sort tables by them)
from shared.db.base import Base, UTCDateTime


class TriageModel(Base):
    """One trained model. `data` is an .npz archive of plain arrays (shared/triage/model.py), read
    without pickle; `meta` says what it was trained on and how well it did, for admins."""

    __tablename__ = "triage_models"

    id: Mapped[int] = mapped_column(primary_key=True)  # the version shown to agents
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    n_train: Mapped[int] = mapped_column(Integer)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # sha256 of `data`: the process cache is keyed on it, not on `id` alone (an id can come back
    # after a rolled-back or restored row, with other weights)
    digest: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true(), index=True)
