"""The console's health board: every machine with its heartbeat, latest figures, sparklines, open
alerts and forecasts, filtered and paged in SQL for 10,000 machines (`count` + `page`).

Online means a report within ONLINE_MINUTES (two of the probe's 15-minute cycles). Figures and
sparklines come from `machine_health` (kept by `history.record` as reports arrive and hours close),
alerts from the machine's active alert state: a page is one query, whatever the history holds.
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
    subject: str  # in the server's language
    said_subject: Said | None  # the subject as the system said it (alert tickets): each reader's language
    status: str
    created_at: datetime


def _filtered(query: BoardQuery, now: datetime) -> Select[Any]:
    stmt = select(Machine.id, Machine.hostname, Machine.os_name, Machine.os_version, Machine.last_seen_at,
                  Machine.alert_state, MachineHealth.cpu, MachineHealth.mem, MachineHealth.disk_free_pct,
                  MachineHealth.last_user, MachineHealth.forecast, MachineHealth.spark
                  ).outerjoin(MachineHealth, MachineHealth.machine_id == Machine.id)
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
        online_after = now - timedelta(minutes=ONLINE_MINUTES)
        out = []
        for r in rows:
            spark = r.spark or {}
            out.append(BoardRow(
                id=r.id, hostname=r.hostname, os=f"{r.os_name} {r.os_version}".strip(),
                online=r.last_seen_at is not None and r.last_seen_at >= online_after, last_seen_at=r.last_seen_at,
                cpu=r.cpu, mem=r.mem, disk_free_pct=r.disk_free_pct, alerts=tuple(sorted(r.alert_state or {})),
                last_user=r.last_user, forecast=tuple(r.forecast or ()),
                spark_cpu=tuple(map(float, spark.get("cpu", ()))), spark_mem=tuple(map(float, spark.get("mem", ()))),
                spark_disk=tuple(map(float, spark.get("disk", ())))))
        return out


def machine_tickets(uow: UnitOfWork, actor: Actor, machine_id: int, limit: int = 50) -> list[MachineTicket]:
    """The machine's tickets, newest first. Permission: machine:view (subjects only)."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        found = uow.session.scalars(select(Ticket).where(Ticket.machine_id == machine_id)
                                    .order_by(Ticket.id.desc()).limit(limit))
        return [MachineTicket(t.id, uow.number(t.id), t.subject, (t.said or {}).get("subject"), str(t.status),
                              t.created_at) for t in found]
