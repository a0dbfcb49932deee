"""The console's health board: every machine with its heartbeat, latest figures, sparklines, open
alerts and forecasts, filtered and paged in SQL for 10,000 machines (`count` + `page`).

Online means a report within ONLINE_MINUTES (two of the probe's 15-minute cycles). Figures and
sparklines come from `machine_health` (kept by `history.record` as reports arrive and hours close),
alerts from the machine's active alert state: a page is one query, whatever the history holds.

The search finds any part of a host name or last user through a trigram index (migration 0021):
SQLite's FTS5 `machine_search`, PostgreSQL's pg_trgm indexes on the lowered columns. Fewer than
three characters hold no trigram: those few searches read every machine, as all searches once did.
The typed text is taken literally (no LIKE wildcards) and case-insensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    CTE,
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Row,
    Select,
    Table,
    exists,
    func,
    literal_column,
    or_,
    select,
)

from shared.auth.permissions import Actor, Permission, require
from shared.db.fts import fts5_string
from shared.i18n import Said
from shared.models import Machine, MachineHealth, Ticket
from shared.models.enums import ACTIVE_STATUSES
from shared.services.uow import UnitOfWork

ONLINE_MINUTES = 30
OFFLINE_HOURS = 24  # the "offline > 24 h" filter
LOW_DISK = 10.0  # percent free: the "disk < 10 %" filter
MAX_PAGE = 500


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


_SEARCH = Table("machine_search", MetaData(), Column("rowid", Integer))  # SQLite FTS5, trigram (0021)
TRIGRAM = 3  # the shortest text a trigram index can find


def _like(text: str) -> str:
    r"""`%text%` for LIKE … ESCAPE '\', the text's own % and _ matched as themselves."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(text: str, dialect: str) -> CTE:
    """The ids of the machines whose host name or last user holds `text`, through the trigram
    index: SQLite's FTS5 table (one row per machine), PostgreSQL's pg_trgm indexes, one per column
    (UNION ALL: a machine may come twice, which IN does not mind). A CTE: a refresh's count and
    page read the matches once (both databases materialize a CTE named twice)."""
    if dialect == "sqlite":
        phrase = fts5_string(text)  # a run of trigrams, nothing special
        return (select(_SEARCH.c.rowid.label("id"))
                .where(literal_column("machine_search").bool_op("MATCH")(phrase)).cte("board_hits"))
    like = _like(text)
    return select(Machine.id).where(func.lower(Machine.hostname).like(like, escape="\\")).union_all(
        select(MachineHealth.machine_id).where(func.lower(MachineHealth.last_user).like(like, escape="\\"))
    ).cte("board_hits")


_ROW = (Machine.id, Machine.hostname, Machine.os_name, Machine.os_version, Machine.last_seen_at, Machine.alert_state,
        MachineHealth.cpu, MachineHealth.mem, MachineHealth.disk_free_pct, MachineHealth.last_user,
        MachineHealth.forecast, MachineHealth.spark)
_BY_NAME = (Machine.hostname, Machine.id)


@dataclass(frozen=True)
class _Filter:
    """A query's conditions, built once per call; whether one reads machine_health; the search's
    matches from the index (in no order), if it has any."""

    where: tuple[ColumnElement[bool], ...]
    health: bool
    hits: CTE | None
    unique: bool  # each match once (SQLite); PostgreSQL's UNION ALL may name a machine twice

    @classmethod
    def of(cls, query: BoardQuery, now: datetime, dialect: str) -> _Filter:
        text = query.search.strip()
        where: list[ColumnElement[bool]] = []
        hits = _search(text, dialect) if len(text) >= TRIGRAM else None
        if hits is not None:
            where.append(Machine.id.in_(select(hits.c.id)))
        elif text:
            like = _like(text)
            where.append(or_(func.lower(Machine.hostname).like(like, escape="\\"),
                             func.lower(MachineHealth.last_user).like(like, escape="\\")))
        if query.offline:
            where.append(or_(Machine.last_seen_at.is_(None),
                             Machine.last_seen_at < now - timedelta(hours=OFFLINE_HOURS)))
        if query.low_disk:
            where.append(MachineHealth.disk_free_pct < LOW_DISK)
        if query.alerts:
            where.append(exists().where(Ticket.machine_id == Machine.id, Ticket.alert_key.is_not(None),
                                        Ticket.status.in_(ACTIVE_STATUSES)))
        return cls(tuple(where), query.low_disk or 0 < len(text) < TRIGRAM, hits, dialect == "sqlite")

    def ids(self) -> Select[Any]:
        stmt = select(Machine.id)
        if self.health:
            stmt = stmt.outerjoin(MachineHealth, MachineHealth.machine_id == Machine.id)
        return stmt.where(*self.where)

    def count(self) -> Select[Any]:
        if self.hits is not None and len(self.where) == 1:  # the search alone: its matches are machines
            return select(func.count() if self.unique else func.count(self.hits.c.id.distinct())
                          ).select_from(self.hits)
        return select(func.count()).select_from(self.ids().subquery())

    def page(self, offset: int, limit: int) -> Select[Any]:
        """The rows of one page in name order. Without a search the host-name index gives them in
        order and the walk stops at the page's end. A search's matches come from the index in no
        order: their names and ids are sorted first (small, however many match), then the page's
        rows read."""
        limit = min(limit, MAX_PAGE)
        if self.hits is None:
            stmt = select(*_ROW).outerjoin(MachineHealth, MachineHealth.machine_id == Machine.id).where(*self.where)
            return stmt.order_by(*_BY_NAME).offset(offset).limit(limit)
        ids = self.ids().order_by(*_BY_NAME).offset(offset).limit(limit).subquery("board_page")
        return (select(*_ROW).join_from(Machine, ids, ids.c.id == Machine.id)
                .outerjoin(MachineHealth, MachineHealth.machine_id == Machine.id).order_by(*_BY_NAME))


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


def _rows(rows: Sequence[Row[Any]], now: datetime) -> list[BoardRow]:
    online_after = now - timedelta(minutes=ONLINE_MINUTES)
    out = []
    # By position: a Row's attribute lookup by name costs more than the rest of the row (~0.6 µs each).
    for (id_, hostname, os_name, os_version, seen, alert_state, cpu, mem, disk, user, forecast, sparks,
         *_total) in rows:
        spark = sparks or {}
        out.append(BoardRow(
            id=id_, hostname=hostname, os=f"{os_name} {os_version}".strip(),
            online=seen is not None and seen >= online_after, last_seen_at=seen, cpu=cpu, mem=mem,
            disk_free_pct=disk, alerts=tuple(sorted(alert_state or {})), last_user=user,
            forecast=tuple(forecast or ()), spark_cpu=tuple(spark.get("cpu", ())),
            spark_mem=tuple(spark.get("mem", ())), spark_disk=tuple(spark.get("disk", ()))))
    return out


def count(uow: UnitOfWork, actor: Actor, query: BoardQuery) -> int:
    """How many machines match. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        return int(uow.session.scalar(_Filter.of(query, uow.now(), _dialect(uow)).count()) or 0)


def page(uow: UnitOfWork, actor: Actor, query: BoardQuery, offset: int, limit: int) -> list[BoardRow]:
    """Machines `offset` … `offset + limit` by host name. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        now = uow.now()
        return _rows(uow.session.execute(_Filter.of(query, now, _dialect(uow)).page(offset, limit)).all(), now)


def refresh(uow: UnitOfWork, actor: Actor, query: BoardQuery, limit: int) -> tuple[int, list[BoardRow]]:
    """How many machines match and the first `limit` of them: `count` and `page(…, 0, limit)` as
    one statement (the count a scalar subquery beside each row), which is what the board asks at
    every refresh. No row means no match. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        now = uow.now()
        matching = _Filter.of(query, now, _dialect(uow))
        total = matching.count().scalar_subquery().label("board_total")
        rows = uow.session.execute(matching.page(0, limit).add_columns(total)).all()
        return (int(rows[0].board_total) if rows else 0), _rows(rows, now)


def machine_tickets(uow: UnitOfWork, actor: Actor, machine_id: int, limit: int = 50) -> list[MachineTicket]:
    """The machine's tickets, newest first. Permission: machine:view (subjects only)."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        found = uow.session.scalars(select(Ticket).where(Ticket.machine_id == machine_id)
                                    .order_by(Ticket.id.desc()).limit(limit))
        return [MachineTicket(t.id, uow.number(t.id), t.subject, (t.said or {}).get("subject"), str(t.status),
                              t.created_at) for t in found]
