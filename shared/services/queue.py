"""Agents' queues: standard views, filters, sorting, paging, and saved filters.

Paging, sorting and filtering all happen in the database; callers never load a whole table.
Both OFFSET paging (random access for a scrolling table) and keyset paging (`after`: the last
row's sort key) are offered; keyset keeps deep pages as fast as the first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from shared.auth.permissions import Actor, Permission, can, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import SavedFilter, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, Priority, Status
from shared.services._common import clean_text, parse_ticket_ref
from shared.services.dto import TicketRow, ticket_number
from shared.services.sla import near_breach_condition
from shared.services.uow import UnitOfWork


class View(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    TEAM = "team"
    SLA = "sla"  # near or over SLA
    ALL = "all"
    OWN = "own"  # a requester's own tickets


SORTABLE = ("number", "priority", "subject", "requester", "status", "tier", "assignee", "sla",
            "updated", "created")


@dataclass(frozen=True)
class QueueQuery:
    view: View = View.ALL
    statuses: tuple[Status, ...] = ()  # empty: active ones, except in ALL and OWN
    priorities: tuple[Priority, ...] = ()
    text: str = ""
    category_id: int | None = None
    sort: str = "updated"
    descending: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["statuses"] = [s.value for s in self.statuses]
        data["priorities"] = [p.value for p in self.priorities]
        data["view"] = self.view.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueueQuery:
        return cls(view=View(data.get("view", "all")),
                   statuses=tuple(Status(s) for s in data.get("statuses", ())),
                   priorities=tuple(Priority(p) for p in data.get("priorities", ())),
                   text=str(data.get("text", "")), category_id=data.get("category_id"),
                   sort=str(data.get("sort", "updated")), descending=bool(data.get("descending", True)))


_Requester = aliased(User, name="requester")
_Assignee = aliased(User, name="assignee")

_PRIORITY_ORDER = case({"P1": 1, "P2": 2, "P3": 3, "P4": 4}, value=Ticket.priority)
_STATUS_ORDER = case({s.value: i for i, s in enumerate(Status)}, value=Ticket.status)


def _sort_column(sort: str) -> ColumnElement[Any]:
    columns: dict[str, Any] = {
        "number": Ticket.id, "priority": _PRIORITY_ORDER, "subject": Ticket.subject,
        "requester": _Requester.full_name, "status": _STATUS_ORDER, "tier": Ticket.tier,
        "assignee": func.coalesce(_Assignee.full_name, ""), "sla": func.coalesce(
            Ticket.resolution_due_at, Ticket.created_at), "updated": Ticket.updated_at,
        "created": Ticket.created_at,
    }
    if sort not in columns:
        raise ValidationFailed(_("Cannot sort by '{sort}'. Choose one of: {choices}.").format(
            sort=sort, choices=", ".join(SORTABLE)), field="sort")
    return columns[sort]


def _where(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if query.view == View.OWN or not can(actor, Permission.TICKET_VIEW_ALL):
        require(actor, Permission.TICKET_VIEW_OWN)
        conds.append(Ticket.requester_id == (actor.id or -1))
    elif query.view == View.MINE:
        conds.append(Ticket.assignee_id == (actor.id or -1))
    elif query.view == View.UNASSIGNED:
        conds.append(Ticket.assignee_id.is_(None))
    elif query.view == View.TEAM:
        conds.append(Ticket.team_id.in_(actor.team_ids or {-1}))
    elif query.view == View.SLA:
        conds.append(near_breach_condition(uow.now()))
        conds.append(Ticket.sla_paused_at.is_(None))
    if query.statuses:
        conds.append(Ticket.status.in_(query.statuses))
    elif query.view not in (View.ALL, View.OWN):
        conds.append(Ticket.status.in_(ACTIVE_STATUSES))
    if query.priorities:
        conds.append(Ticket.priority.in_(query.priorities))
    if query.category_id is not None:
        conds.append(Ticket.category_id == query.category_id)
    text = query.text.strip()
    if text:
        conds.append(_text_condition(text))
    return conds


def _text_condition(text: str) -> ColumnElement[bool]:
    try:
        number = parse_ticket_ref(text)
    except ValidationFailed:
        number = None
    words = [w for w in text.split() if w]
    like = and_(*[or_(Ticket.subject.ilike(f"%{w}%"), Ticket.description.ilike(f"%{w}%")) for w in words])
    return or_(Ticket.id == number, like) if number is not None else like


def _base(columns: Select[Any]) -> Select[Any]:
    return (columns.join(_Requester, _Requester.id == Ticket.requester_id)
            .outerjoin(_Assignee, _Assignee.id == Ticket.assignee_id))


def page(uow: UnitOfWork, actor: Actor, query: QueueQuery, *, offset: int = 0, limit: int = 25,
         after: tuple[Any, int] | None = None) -> list[TicketRow]:
    """One page of the queue. `after` = (sort value, id) of the last row seen, for keyset paging."""
    if limit < 1 or limit > 500 or offset < 0:
        raise ValidationFailed(_("A page holds 1 to 500 rows, from offset 0 on."), field="limit")
    with uow:
        key = _sort_column(query.sort)
        q = _base(select(Ticket, _Requester.full_name, _Assignee.full_name)).where(
            *_where(uow, actor, query))
        if after is not None:
            value, last_id = after
            if query.descending:
                q = q.where(or_(key < value, and_(key == value, Ticket.id < last_id)))
            else:
                q = q.where(or_(key > value, and_(key == value, Ticket.id > last_id)))
        order = [key.desc(), Ticket.id.desc()] if query.descending else [key.asc(), Ticket.id.asc()]
        q = q.order_by(*order).limit(limit)
        if after is None:
            q = q.offset(offset)
        rows = uow.session.execute(q).all()
        return [TicketRow(
            id=t.id, number=ticket_number(t.id), priority=Priority(t.priority), subject=t.subject,
            requester=req, status=Status(t.status), tier=t.tier, assignee=asg,
            response_due_at=t.response_due_at, resolution_due_at=t.resolution_due_at,
            first_responded_at=t.first_responded_at, sla_paused=t.sla_paused_at is not None,
            updated_at=t.updated_at, created_at=t.created_at) for t, req, asg in rows]


def sort_key(row: TicketRow, sort: str) -> tuple[Any, int]:
    """The `after` value for keyset paging from a row (for the directly stored columns)."""
    values = {"number": row.id, "updated": row.updated_at, "created": row.created_at, "tier": row.tier,
              "subject": row.subject}
    if sort not in values:
        raise ValidationFailed(_("Keyset paging works on number, updated, created, tier or subject."))
    return values[sort], row.id


def count(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> int:
    with uow:
        q = select(func.count()).select_from(Ticket).where(*_where(uow, actor, replace(query, sort="number")))
        return int(uow.session.scalar(q) or 0)


def save_filter(uow: UnitOfWork, actor: Actor, name: str, query: QueueQuery) -> int:
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        f = SavedFilter(user_id=actor.id, name=clean_text(name, "name", max_len=80), query=query.to_json())
        uow.session.add(f)
        uow.commit()
        return f.id


def saved_filters(uow: UnitOfWork, actor: Actor) -> list[tuple[int, str, QueueQuery]]:
    with uow:
        rows = uow.session.scalars(select(SavedFilter).where(SavedFilter.user_id == actor.id)
                                   .order_by(SavedFilter.name))
        return [(f.id, f.name, QueueQuery.from_json(f.query)) for f in rows]


def delete_filter(uow: UnitOfWork, actor: Actor, filter_id: int) -> None:
    with uow:
        f = uow.session.get(SavedFilter, filter_id)
        if f is None or f.user_id != actor.id:
            raise NotFound(_("No saved filter with id {id}.").format(id=filter_id))
        uow.session.delete(f)
        uow.commit()
