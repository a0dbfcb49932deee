"""Keeps the report aggregates (models/reports.py) current, in the transaction that changes a ticket.

Hooked on the session's flush rather than in each service: every ticket change of every service
(creation, reply, resolve, reopen, close, merge, reassignment, category or type change, the SLA
watcher's flags, a CSAT answer) passes through a flush, so none can be forgotten. Before the flush
the affected tickets' stored rows are read; after it, read again; the aggregates get the difference
of the two rows' contributions. Reading the rows, rather than trusting the ORM's attribute history,
stays right for attributes that were expired or never loaded.

Each difference is applied with `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n` on both
SQLite and PostgreSQL: an atomic increment, so two agents changing tickets of the same day never
lose one another's count. Rows are written in key order so two transactions lock them in the same
order. Bulk UPDATEs bypass flushes: the one in the SLA watcher only flags active tickets, which
count in no aggregate until they are resolved (and then the resolution's flush reads the flags).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import BindParameter, Select, Table, bindparam, func, inspect, select, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session, UOWTransaction

from shared.auth.permissions import Actor, Permission, require
from shared.db.prepared import Prepared
from shared.models import AuditLog, CsatResponse, Ticket
from shared.models.enums import ACTIVE_STATUSES
from shared.models.reports import (
    AGENT,
    ALL,
    BLOCK_DAYS,
    CATEGORY,
    RESOLUTION,
    RESPONSE,
    ROLLUP_DIMENSIONS,
    ROLLUP_SPANS,
    TEAM,
    TYPE,
    ReportBlock,
    ReportDay,
    ReportDuration,
    ReportKeyDuration,
    ReportKeyRollup,
    ReportOpen,
    ReportQuarter,
)
from shared.services.report_sql import BLOCK_S, COUNTERS, DAY_S, QUARTER_S, bin_of, rebuild
from shared.services.uow import AGGREGATES_BEFORE, UnitOfWork

_COLUMNS = (Ticket.id, Ticket.created_at, Ticket.first_response_seconds, Ticket.resolved_at, Ticket.reopen_count,
            Ticket.agent_replies, Ticket.max_tier, Ticket.resolution_due_at, Ticket.resolution_breached,
            Ticket.response_breached, Ticket.resolution_seconds, Ticket.assignee_id, Ticket.team_id,
            Ticket.category_id, Ticket.ticket_type, Ticket.status, Ticket.tier)
_WATCHED = frozenset(c.key for c in _COLUMNS)
_INDEX = {name: i for i, name in enumerate(COUNTERS)}
_ACTIVE = frozenset(s.value for s in ACTIVE_STATUSES)

Row = Any  # a Row of _COLUMNS
AggregateTable = type[ReportDay | ReportQuarter | ReportDuration | ReportOpen | ReportKeyDuration | ReportBlock
                      | ReportKeyRollup]
Csat = tuple[datetime, int]  # submitted_at, rating
Snapshot = dict[int, tuple[Row, list[Csat]]]


class Delta:
    """Signed changes to the aggregate tables."""

    def __init__(self) -> None:
        self.days: defaultdict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0] * len(COUNTERS))
        self.quarters: defaultdict[int, int] = defaultdict(int)
        self.durations: defaultdict[tuple[str, int, int], int] = defaultdict(int)
        self.key_durations: defaultdict[tuple[str, str, int, str, int], int] = defaultdict(int)
        self.open: defaultdict[tuple[int, int], int] = defaultdict(int)
        self.blocks: defaultdict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0] * len(COUNTERS))
        self.key_rollups: defaultdict[tuple[str, str, int, int, str, int], int] = defaultdict(int)

    def add(self, row: Row, csats: Iterable[Csat], sign: int) -> None:
        """Add (sign=1) or take away (sign=-1) one ticket's contribution."""
        keys = ((ALL, ""), (AGENT, _key(row.assignee_id)), (TEAM, _key(row.team_id)),
                (CATEGORY, _key(row.category_id)), (TYPE, str(row.ticket_type)))
        created = _epoch(row.created_at)
        self.quarters[created // QUARTER_S] += sign
        if row.status in _ACTIVE:
            self.open[(row.tier, created // DAY_S)] += sign
        changes: dict[int, list[tuple[str, int]]] = defaultdict(list)
        changes[created // DAY_S].append(("created", 1))
        if row.first_response_seconds is not None:
            changes[created // DAY_S] += [("response_n", 1), ("response_sum", row.first_response_seconds)]
            self.durations[(RESPONSE, created // DAY_S, bin_of(row.first_response_seconds))] += sign
            self._key_duration(RESPONSE, keys, created, row.first_response_seconds, sign)
        if row.resolved_at is not None:
            day = _epoch(row.resolved_at) // DAY_S
            fcr = row.reopen_count == 0 and row.agent_replies <= 1 and row.max_tier <= 1
            with_sla = row.resolution_due_at is not None
            met = with_sla and not row.resolution_breached and not row.response_breached
            changes[day] += [("resolved", 1), ("fcr", int(fcr)), ("sla_with", int(with_sla)), ("sla_met", int(met))]
            if row.resolution_seconds is not None:
                changes[day] += [("resolution_n", 1), ("resolution_sum", row.resolution_seconds)]
                self.durations[(RESOLUTION, day, bin_of(row.resolution_seconds))] += sign
                self._key_duration(RESOLUTION, keys, _epoch(row.resolved_at), row.resolution_seconds, sign)
        for submitted_at, rating in csats:
            changes[_epoch(submitted_at) // DAY_S] += [("csat_n", 1), ("csat_sum", rating)]
        for day, items in changes.items():
            for dim, key in keys:
                counters = self.days[(dim, day, key)]
                rolled = self.blocks[(dim, day // BLOCK_DAYS, key)]
                for name, value in items:
                    counters[_INDEX[name]] += sign * value
                    rolled[_INDEX[name]] += sign * value

    def _key_duration(self, metric: str, keys: tuple[tuple[str, str], ...], at: int, seconds: int,
                      sign: int) -> None:
        b, day = bin_of(seconds), at // DAY_S
        for dim, key in keys:
            self.key_durations[(metric, dim, at // BLOCK_S, key, b)] += sign
            if dim in ROLLUP_DIMENSIONS:
                for span in ROLLUP_SPANS:
                    self.key_rollups[(metric, dim, span, day // span, key, b)] += sign

    def batches(self) -> list[tuple[AggregateTable, list[dict[str, Any]]]]:
        """The rows to add per table, each table's in key order (two transactions lock them alike)."""
        days = [{"dim": d, "day": day, "key": k, **dict(zip(COUNTERS, v, strict=True))}
                for (d, day, k), v in sorted(self.days.items()) if any(v)]
        quarters = [{"bucket": b, "created": n} for b, n in sorted(self.quarters.items()) if n]
        durations = [{"metric": m, "day": d, "bin": b, "n": n} for (m, d, b), n in sorted(self.durations.items()) if n]
        still_open = [{"tier": t, "day": d, "n": n} for (t, d), n in sorted(self.open.items()) if n]
        by_key = [{"metric": m, "dim": d, "block": b, "key": k, "bin": i, "n": n}
                  for (m, d, b, k, i), n in sorted(self.key_durations.items()) if n]
        blocks = [{"dim": d, "block": b, "key": k, **dict(zip(COUNTERS, v, strict=True))}
                  for (d, b, k), v in sorted(self.blocks.items()) if any(v)]
        rollups = [{"metric": m, "dim": d, "span": sp, "unit": u, "key": k, "bin": i, "n": n}
                   for (m, d, sp, u, k, i), n in sorted(self.key_rollups.items()) if n]
        return [(table, rows) for table, rows in (
            (ReportDay, days), (ReportQuarter, quarters), (ReportDuration, durations), (ReportOpen, still_open),
            (ReportKeyDuration, by_key), (ReportBlock, blocks), (ReportKeyRollup, rollups)) if rows]

    def apply(self, conn: Connection) -> None:
        batches = self.batches()
        if conn.dialect.name == "postgresql" and len(batches) > 1 \
                and sum(len(rows) for _table, rows in batches) <= ONE_STATEMENT_ROWS:
            statement, params = _combined(conn.dialect, batches)
            statement.execute(conn, params)  # one round trip instead of one per table
            return
        for table, rows in batches:
            _prepared_upsert(conn.dialect, table).execute(conn, rows)


def _key(value: int | None) -> str:
    return "" if value is None else str(value)


def _epoch(when: datetime) -> int:
    return int(when.timestamp())  # aware UTC; floor for dates after 1970, as the SQL side does


_UPSERTS: dict[tuple[str, str], Any] = {}
# PostgreSQL: a flush's changes to several tables go out as one statement when they are this few
# rows (a ticket's creation, reply or resolution: up to ~30 rows); more (a batch) go table by table, as executemany.
ONE_STATEMENT_ROWS = 40
_COMBINED: dict[tuple[str, ...], Prepared] = {}
_PREPARED: dict[tuple[str, str], Prepared] = {}
_COMBINED_MAX = 256  # shapes kept; a rarer one is built when it is needed


def _upsert_sql(dialect: Dialect, table: AggregateTable, values: str, *, source: str | None = None) -> str:
    """INSERT … VALUES `values` (or the rows of the query `source`) ON CONFLICT (primary key) DO
    UPDATE SET counter = counter + excluded.counter."""
    t: Table = table.__table__  # type: ignore[assignment]
    q = dialect.identifier_preparer.quote
    keys = [c.name for c in t.primary_key.columns]
    counters = [c.name for c in t.columns if c.name not in keys]
    return (f"INSERT INTO {q(t.name)} ({', '.join(q(c.name) for c in t.columns)}) {source or 'VALUES ' + values} "
            f"ON CONFLICT ({', '.join(q(k) for k in keys)}) DO UPDATE SET "
            + ", ".join(f"{q(c)} = {q(t.name)}.{q(c)} + excluded.{q(c)}" for c in counters))


def _upsert(dialect: Dialect, table: AggregateTable) -> Any:
    """The upsert of one row, as SQL text made once: the dialects' ON CONFLICT constructs are not in
    SQLAlchemy's statement cache, and compiling them again for every ticket cost more than running
    them. The same text runs on SQLite and PostgreSQL."""
    cache_key = (dialect.name, table.__tablename__)
    if cache_key not in _UPSERTS:
        t: Table = table.__table__  # type: ignore[assignment]
        _UPSERTS[cache_key] = text(_upsert_sql(dialect, table, f"({', '.join(':' + c.name for c in t.columns)})"))
    return _UPSERTS[cache_key]


def _prepared_upsert(dialect: Dialect, table: AggregateTable) -> Prepared:
    """`_upsert` as the driver's SQL, made once: run for every ticket a flush or a creation
    changes, where SQLAlchemy's per-execution work on the text cost more than the upsert."""
    cache_key = (dialect.name, table.__tablename__)
    found = _PREPARED.get(cache_key)
    if found is None:
        found = _PREPARED[cache_key] = Prepared(_upsert(dialect, table))
    return found


def _combined(dialect: Dialect, batches: list[tuple[AggregateTable, list[dict[str, Any]]]]
              ) -> tuple[Prepared, dict[str, Any]]:
    """Every table's upsert in one PostgreSQL statement (data-modifying WITH queries), with its
    parameters. Each table's rows stay in key order. PostgreSQL runs the WITH queries from the last
    to the first, so they are listed in reverse: the tables are written in the order the table-by-
    table path writes them (days, quarters, durations, open, key durations, blocks, roll-ups), and
    two transactions lock rows in the same order whichever path each took.

    Each table's rows travel as one JSON text, a list of objects (`jsonb_to_recordset ... WITH
    ORDINALITY`, inserted in the list's order): a text that depends only on which tables change,
    not on how many rows. A parameter per value (~145 for a new ticket) made psycopg parse the
    statement again at every run (it caches statements of at most 50 parameters), ~0.5 ms of CPU
    per ticket; an array per column (33 for a new ticket) still cost psycopg ~0.3 ms of CPU to
    inspect and dump element by element, where the JSON costs the standard library's encoder a
    few microseconds a table. One text per table, not one for all: the server parses each once."""
    shape = tuple(table.__tablename__ for table, _rows in batches)
    params = {f"t{i}": json.dumps(rows, separators=(",", ":")) for i, (_table, rows) in enumerate(batches)}
    statement = _COMBINED.get(shape)
    if statement is None:
        parts = []
        for i, (table, _rows) in enumerate(batches):
            parts.append(f"w{i} AS ({_upsert_sql(dialect, table, '', source=_from_json(dialect, table, i))})")
        statement = Prepared(text("WITH " + ", ".join(reversed(parts)) + " SELECT 1"))
        if len(_COMBINED) < _COMBINED_MAX:
            _COMBINED[shape] = statement
    return statement, params


def _from_json(dialect: Dialect, table: AggregateTable, position: int) -> str:
    """SELECT the rows of the JSON parameter t`position` (a list of objects keyed by column name),
    in the list's order."""
    t: Table = table.__table__  # type: ignore[assignment]
    q = dialect.identifier_preparer.quote
    names = [q(c.name) for c in t.columns]
    typed = ", ".join(f"{q(c.name)} {dialect.type_compiler_instance.process(c.type)}" for c in t.columns)
    return (f"SELECT {', '.join(names)} FROM ROWS FROM (jsonb_to_recordset(CAST(:t{position} AS jsonb)) "
            f"AS ({typed})) WITH ORDINALITY AS u({', '.join(names)}, row_order) "
            "ORDER BY row_order")  # not "n": report_durations has a column of that name


@cache
def _snapshot_statements() -> tuple[Select[Any], Select[Any]]:
    """`snapshot`'s two reads, built once (every flush that changes a ticket runs them twice, and
    building a statement with its cache key cost more than running it), at the first flush
    rather than at import."""
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    return (select(*_COLUMNS).where(Ticket.id.in_(ids)),
            select(CsatResponse.ticket_id, CsatResponse.submitted_at, CsatResponse.rating)
            .where(CsatResponse.ticket_id.in_(ids)))


def snapshot(conn: Connection, ids: set[int], *, with_csat: bool = True) -> Snapshot:
    """The stored report-relevant columns of these tickets, with their CSAT answers."""
    if not ids:
        return {}
    rows, csats = _snapshot_statements()
    found: Snapshot = {row.id: (row, []) for row in conn.execute(rows, {"ids": list(ids)})}
    if with_csat:
        for ticket_id, submitted_at, rating in conn.execute(csats, {"ids": list(ids)}):
            if ticket_id in found:
                found[ticket_id][1].append((submitted_at, rating))
    return found


def _row_of(ticket: Ticket) -> SimpleNamespace:
    """The report-relevant values of a ticket object, as `snapshot` reads them from its row."""
    return SimpleNamespace(**{name: getattr(ticket, name) for name in _WATCHED})


def count_created(conn: Connection, new: Iterable[Ticket]) -> None:
    """Add tickets just inserted outside a flush (creation writes them with one Core INSERT) to the
    aggregates: what the flush hooks below do for new Ticket objects. A new ticket has no CSAT
    answer, and its object holds every value written."""
    delta = Delta()
    for ticket in new:
        delta.add(_row_of(ticket), (), 1)
    delta.apply(conn)


def _changed(obj: Ticket) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in _WATCHED)


def before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Each session's before_flush hook (installed by shared.services.uow.keep_aggregates): the
    report-relevant rows this flush is about to change, read as they are."""
    ids: set[int] = set()
    csat = False
    for obj in session.dirty:
        if isinstance(obj, Ticket) and _changed(obj):
            ids.add(obj.id)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CsatResponse):
            csat = True
            if obj.ticket_id is not None:
                ids.add(obj.ticket_id)
    ids |= {obj.id for obj in session.deleted if isinstance(obj, Ticket)}
    if not ids and not any(isinstance(obj, Ticket) for obj in session.new):
        session.info.pop(AGGREGATES_BEFORE, None)
        return
    session.info[AGGREGATES_BEFORE] = (ids, csat, snapshot(session.connection(), ids))


def after_flush(session: Session, _context: UOWTransaction) -> None:
    """Each session's after_flush hook: the aggregates move from the rows read before the flush to
    the rows as they are now."""
    if AGGREGATES_BEFORE not in session.info:
        return
    ids, csat, before = session.info.pop(AGGREGATES_BEFORE)
    new = [obj for obj in session.new if isinstance(obj, Ticket)]
    for obj in session.new:
        if isinstance(obj, CsatResponse):
            ids.add(obj.ticket_id)
    conn = session.connection()
    delta = Delta()
    if not csat:
        # A ticket just inserted has no CSAT answer, and its object holds what was written: the
        # common case, ticket creation, costs no read.
        for ticket in new:
            if ticket.id not in ids:
                delta.add(_row_of(ticket), (), 1)
        new = [t for t in new if t.id in ids]
    after = snapshot(conn, ids | {t.id for t in new}, with_csat=csat or bool(ids))
    for row, csats in before.values():
        delta.add(row, csats, -1)
    for row, csats in after.values():
        delta.add(row, csats, 1)
    delta.apply(conn)


def rebuild_aggregates(uow: UnitOfWork, actor: Actor) -> int:
    """Recompute every report aggregate from the tickets, and each agent's active-ticket count
    (users.open_tickets) with them (a repair: after restoring a backup, or rows written by hand
    with the triggers off). Permission: config:manage. One transaction, audited. Returns the number
    of per-day group rows made."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        conn = uow.session.connection()
        rebuild(conn)
        from shared.services.assignment import rebuild_open_tickets  # here: assignment imports uow, uow imports this

        rebuild_open_tickets(conn)  # the agents' active-ticket counts, kept by triggers like these
        rows = int(conn.execute(select(func.count()).select_from(ReportDay)).scalar_one())
        uow.session.add(AuditLog(actor_id=actor.id, action="report.rebuild_aggregates", entity="report",
                                 entity_id=None, detail={"rows": rows}, created_at=uow.now()))
        uow.commit()
    return rows
