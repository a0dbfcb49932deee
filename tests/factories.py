"""Builders for test data. They go through the real service layer, as the apps do."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.models.enums import Role
from shared.services import seed, tickets, users
from shared.services.dto import TicketDetail

_seq = itertools.count(1)


def defaults(db: Database) -> None:
    seed.ensure_defaults(db.uow())


def team_id(db: Database, name: str) -> int:
    return users.team_by_name(db.uow(), name)


def user(db: Database, role: Role = Role.REQUESTER, *, teams: tuple[str, ...] = (), name: str | None = None,
         email: bool = True, password: str | None = None, **kw: Any) -> Actor:
    n = next(_seq)
    username = name or f"{role.value.replace('_', '')}{n}"
    ids = [team_id(db, t) for t in teams]
    view = users.create_user(db.uow(), SYSTEM, username=username, full_name=kw.pop("full_name", username.title()),
                             role=role, email=f"{username}@example.test" if email else None, password=password,
                             team_ids=ids, **kw)
    return users.actor_for(db.uow(), view.username)


def agent(db: Database, tier: int = 1, **kw: Any) -> Actor:
    role = {1: Role.L1_AGENT, 2: Role.L2_TECHNICIAN, 3: Role.L3_ENGINEER}[tier]
    team = {1: "Service Desk", 2: "Desktop Support", 3: "Infrastructure"}[tier]
    return user(db, role, teams=kw.pop("teams", (team,)), **kw)


def ticket(db: Database, requester: Actor, subject: str = "Laptop will not boot", **kw: Any) -> TicketDetail:
    return tickets.create(db.uow(), requester, subject=subject,
                          description=kw.pop("description", "It shows a black screen."), **kw)


def jakarta(*args: int) -> datetime:
    """A wall-clock time in Jakarta (the default calendar's zone), as aware UTC."""
    return datetime(*args, tzinfo=ZoneInfo("Asia/Jakarta")).astimezone(UTC)  # type: ignore[misc]
