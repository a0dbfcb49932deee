"""The console's health board: every machine with its heartbeat, latest figures, sparklines, open
alerts and forecasts, filtered and paged in SQL for 10,000 machines (`count` + `page`).

Online means a report within ONLINE_MINUTES (two of the probe's 15-minute cycles). Figures come
from `machine_health` (kept by `history.record`); sparklines from the hourly tier, one query per
page; alerts from the machine's active alert state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, or_, select

from shared.auth.permissions import Actor, Permission, require
from shared.i18n import Said
from shared.models import Machine, MachineHealth, Ticket
from shared.models.enums import ACTIVE_STATUSES
from shared.services import history
from shared.services.uow import UnitOfWork

ONLINE_MINUTES = 30
OFFLINE_HOURS = 24  # the "offline > 24 h" filter
LOW_DISK = 10.0  # percent free: the "disk < 10 %" filter


@dataclass(frozen=True)
class BoardQuery:
    search: str = ""  # host name or last user, anywhere in the text
    offline: bool = False  # silent for more than OFFLINE_HOURS
    low_disk: bool = False  # the fullest volume has less than LOW_DISK percent free
    alerts: bool = False  # has an active alert ticket


@dataclass(frozen=True)
class BoardRow:
    id: int
    hostname: str
    os: str
    online: bool
    last_seen_at: datetime | None
    cpu: float | None
    mem: float | None
    disk_free_pct: float | None
    alerts: tuple[str, ...]
    last_user: str | None
    forecast: tuple[Said, ...]
    spark_cpu: tuple[float, ...]
    spark_mem: tuple[float, ...]
    spark_disk: tuple[float, ...]  # percent used of the fullest volume


@dataclass(frozen=True)
class MachineTicket:
    id: int
    number: str
    subject: str
    status: str
    created_at: datetime


def _filtered(query: BoardQuery, now: datetime) -> Select[Any]:
    stmt = select(Machine, MachineHealth).outerjoin(MachineHealth, MachineHealth.machine_id == Machine.id)
    text = query.search.strip()
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(or_(func.lower(Machine.hostname).like(like), func.lower(MachineHealth.last_user).like(like)))
    if query.offline:
        stmt = stmt.where(or_(Machine.last_seen_at.is_(None),
                              Machine.last_seen_at < now - timedelta(hours=OFFLINE_HOURS)))
    if query.low_disk:
        stmt = stmt.where(MachineHealth.disk_free_pct < LOW_DISK)
    if query.alerts:
        stmt = stmt.where(exists().where(Ticket.machine_id == Machine.id, Ticket.alert_key.is_not(None),
                                         Ticket.status.in_(ACTIVE_STATUSES)))
    return stmt


def count(uow: UnitOfWork, actor: Actor, query: BoardQuery) -> int:
    """How many machines match. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        inner = _filtered(query, uow.now()).with_only_columns(Machine.id).subquery()
        return int(uow.session.scalar(select(func.count()).select_from(inner)) or 0)


def page(uow: UnitOfWork, actor: Actor, query: BoardQuery, offset: int, limit: int) -> list[BoardRow]:
    """Machines `offset` … `offset + limit` by host name. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        now = uow.now()
        rows = uow.session.execute(_filtered(query, now).order_by(Machine.hostname, Machine.id)
                                   .offset(offset).limit(min(limit, 500))).all()
        sparks = history.sparklines(uow.session, [m.id for m, _h in rows], history.minutes(now))
        online_after = now - timedelta(minutes=ONLINE_MINUTES)
        out = []
        for m, h in rows:
            cpu, mem, disk = sparks.get(m.id, ((), (), ()))
            out.append(BoardRow(
                id=m.id, hostname=m.hostname, os=f"{m.os_name} {m.os_version}".strip(),
                online=m.last_seen_at is not None and m.last_seen_at >= online_after, last_seen_at=m.last_seen_at,
                cpu=h.cpu if h else None, mem=h.mem if h else None, disk_free_pct=h.disk_free_pct if h else None,
                alerts=tuple(sorted(m.alert_state or {})), last_user=h.last_user if h else None,
                forecast=tuple(h.forecast or ()) if h else (), spark_cpu=cpu, spark_mem=mem, spark_disk=disk))
        return out


def machine_tickets(uow: UnitOfWork, actor: Actor, machine_id: int, limit: int = 50) -> list[MachineTicket]:
    """The machine's tickets, newest first. Permission: machine:view (subjects only)."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        found = uow.session.scalars(select(Ticket).where(Ticket.machine_id == machine_id)
                                    .order_by(Ticket.id.desc()).limit(limit))
        return [MachineTicket(t.id, uow.number(t.id), t.subject, str(t.status), t.created_at) for t in found]
