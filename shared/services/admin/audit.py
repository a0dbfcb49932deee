"""The audit log: recording an admin change (before/after) and reading the log with filters."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, Machine, User
from shared.services.dto import ticket_number
from shared.services.uow import UnitOfWork

LIST_MAX = 5000


def record(session: Session, actor: Actor, now: datetime, action: str, entity: str, entity_id: int | None, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, **detail: Any) -> None:
    """Add one audit row. `before`/`after` hold only the fields that changed (None for a creation
    or a deletion), so the log reads as a diff."""
    data: dict[str, Any] = dict(detail)
    if before is not None:
        data["before"] = before
    if after is not None:
        data["after"] = after
    session.add(AuditLog(actor_id=actor.id, action=action[:40], entity=entity[:20], entity_id=entity_id,
                         detail=data, created_at=now))


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys whose values differ, as (before, after)."""
    keys = [k for k in new if old.get(k) != new[k]]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


@dataclass(frozen=True)
class AuditQuery:
    """Filters; each is optional and they combine with AND."""

    who: str | None = None  # a user name; "system" for the system's own actions
    action: str | None = None  # exact ("user.create") or a prefix ending in "." ("user.")
    ticket_id: int | None = None
    machine: int | str | None = None  # an id or a host name
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int = 500


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: datetime
    who: str  # user name, or "system"
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]

    @property
    def detail_text(self) -> str:
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True, default=str)


def list_entries(uow: UnitOfWork, actor: Actor, query: AuditQuery) -> list[AuditRow]:
    """Newest first. Permission: audit:view. Raises NotFound for an unknown user name and
    ValidationFailed for an empty time range."""
    require(actor, Permission.AUDIT_VIEW)
    if query.since is not None and query.until is not None and query.until <= query.since:
        raise ValidationFailed(_("The end of the time range must be after its start."), field="until")
    limit = max(1, min(query.limit, LIST_MAX))
    with uow:
        s = uow.session
        q = select(AuditLog, User.username).outerjoin(User, User.id == AuditLog.actor_id)
        if query.who:
            if query.who.strip().lower() == "system":
                q = q.where(AuditLog.actor_id.is_(None))
            else:
                user_id = s.scalar(select(User.id).where(User.username == query.who.strip().lower()))
                if user_id is None:
                    raise NotFound(_("Unknown user '{name}'.").format(name=query.who))
                q = q.where(AuditLog.actor_id == user_id)
        if query.action:
            action = query.action.strip()
            q = q.where(AuditLog.action.startswith(action, autoescape=True) if action.endswith(".")
                        else AuditLog.action == action)
        if query.ticket_id is not None:
            # Ticket changes live on the ticket's timeline; the audit log names a ticket when an
            # action outside it (a diagnostic run, a KB draft) concerned one.
            number = ticket_number(query.ticket_id, uow.settings.ticket_prefix)
            q = q.where(or_((AuditLog.entity == "ticket") & (AuditLog.entity_id == query.ticket_id),
                            AuditLog.detail["ticket"].as_string() == number))
        if query.machine is not None:
            q = q.where(AuditLog.entity == "machine", AuditLog.entity_id == _machine_id(s, query.machine))
        if query.since is not None:
            q = q.where(AuditLog.created_at >= query.since)
        if query.until is not None:
            q = q.where(AuditLog.created_at < query.until)
        rows = s.execute(q.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit)).all()
        return [AuditRow(a.id, a.created_at, name or "system", a.action, a.entity, a.entity_id, dict(a.detail or {}))
                for a, name in rows]


def _machine_id(session: Session, machine: int | str) -> int:
    if isinstance(machine, int) or machine.strip().isdigit():
        return int(machine)
    found = session.scalar(select(Machine.id).where(Machine.hostname == machine.strip()).order_by(Machine.id))
    if found is None:
        raise NotFound(_("Unknown machine '{name}'.").format(name=machine))
    return found


CSV_HEADER = ("id", "time_utc", "who", "action", "entity", "entity_id", "detail")


def to_csv(rows: list[AuditRow]) -> str:
    """The rows as CSV (UTC ISO times, the detail as JSON), for spreadsheets and archives."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.id, r.created_at.isoformat(), r.who, r.action, r.entity,
                         "" if r.entity_id is None else r.entity_id, r.detail_text])
    return buf.getvalue()
