"""Facts of one installation, made once and shared by every process that opens its database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime


class InstallSecret(Base):
    """A random key made on first use, e.g. "signin_audit": it keys the digest that stands in the
    audit log for a sign-in name that matches no account (often a password typed in the wrong box).
    The consoles open the database directly, so the database is the one place they all share."""

    __tablename__ = "install_secrets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    value: Mapped[str] = mapped_column(String(128))  # hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
