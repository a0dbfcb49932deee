"""People: users with roles, and the teams (groups) tickets are routed to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, UTCDateTime
from shared.models.enums import Role

team_members = Table(
    "team_members",
    Base.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# The `source` of an account the company directory manages (shared.services.directory).
DIRECTORY_SOURCE = "directory"


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    tier: Mapped[int] = mapped_column(Integer, default=1)  # the support tier this team works at
    email: Mapped[str | None] = mapped_column(String(254))

    members: Mapped[list[User]] = relationship(secondary=team_members, back_populates="teams")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("ix_users_full_name", "full_name", "id"),  # queue sort by requester
        # A role's users in id order: the candidate agents' merge join stops at the team's last
        # member instead of walking every user (migration 0024).
        Index("ix_users_role", "role", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    department: Mapped[str | None] = mapped_column(String(80))
    location: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[Role] = mapped_column(String(20))  # indexed with id: ix_users_role
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=True)  # the manual switch; shifts narrow it
    capacity: Mapped[int | None] = mapped_column(Integer)  # most active tickets auto-assigned; None: no limit
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    ssh_public_key: Mapped[str | None] = mapped_column(Text)  # technicians' key for diagnostics
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # round-robin tie-break
    # Active tickets assigned (status new … pending_vendor), kept by triggers on tickets (migration
    # 0023) for the least-loaded pick. Deferred and never written by the ORM: a loaded value goes
    # stale as soon as a ticket moves, so read it with a query (services/assignment).
    open_tickets: Mapped[int] = mapped_column(Integer, default=0, server_default="0", deferred=True)
    # "local": password here (the break-glass admin); DIRECTORY_SOURCE: the company directory checks it.
    source: Mapped[str] = mapped_column(String(12), default="local", server_default="local")
    directory_dn: Mapped[str | None] = mapped_column(String(512))
    # TOTP secret, encrypted (shared.directory.vault); confirmed once the first code matched.
    totp_secret: Mapped[str | None] = mapped_column(Text)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The 30-second step of the last code accepted: a code signs in once (RFC 6238, 5.2; 0027).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # in a row
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    teams: Mapped[list[Team]] = relationship(secondary=team_members, back_populates="members")

    @property
    def tier(self) -> int | None:
        return Role(self.role).agent_tier
