"""Canned responses as a supervisor keeps them: add, edit, delete (every one, any team)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound
from shared.i18n import _
from shared.models import CannedResponse, Team
from shared.services import kb
from shared.services._common import clean_text
from shared.services.admin.audit import diff, record
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class CannedRow:
    id: int
    title: str
    body: str
    team_id: int | None
    team: str | None  # None: offered to everyone


def _team_id(session: Session, team: str | None) -> int | None:
    if team is None or not team.strip():
        return None
    team_id = session.scalar(select(Team.id).where(Team.name == team.strip()))
    if team_id is None:
        raise NotFound(_("Unknown team '{name}'.").format(name=team))
    return team_id


def _get(session: Session, canned_id: int) -> CannedResponse:
    c = session.get(CannedResponse, canned_id)
    if c is None:
        raise NotFound(_("No canned response with id {id}.").format(id=canned_id))
    return c


def _rows(session: Session, items: list[CannedResponse]) -> list[CannedRow]:
    teams = {t.id: t.name for t in session.scalars(select(Team))}
    return [CannedRow(c.id, c.title, c.body, c.team_id, teams.get(c.team_id) if c.team_id else None) for c in items]


def list_all(uow: UnitOfWork, actor: Actor) -> list[CannedRow]:
    """Every canned response, whichever team it is for, by title. Permission: canned:manage."""
    require(actor, Permission.CANNED_MANAGE)
    with uow:
        s = uow.session
        return _rows(s, list(s.scalars(select(CannedResponse).order_by(CannedResponse.title, CannedResponse.id))))


def add(uow: UnitOfWork, actor: Actor, *, title: str, body: str, team: str | None = None) -> CannedRow:
    """Permission: canned:manage. The body may use {requester_name}, {ticket_number} and
    {agent_name}. Raises ValidationFailed and NotFound (team). Audited as canned.create."""
    require(actor, Permission.CANNED_MANAGE)
    with uow:
        s = uow.session
        view = kb.create_canned(uow, actor, title=title, body=body, team_id=_team_id(s, team))
        record(s, actor, uow.now(), "canned.create", "canned", view.id,
               after={"title": view.title, "team_id": view.team_id})
        uow.commit()
        return _rows(s, [_get(s, view.id)])[0]


def edit(uow: UnitOfWork, actor: Actor, canned_id: int, *, title: str | None = None, body: str | None = None,
         team: str | None = None) -> CannedRow:
    """None keeps a field; `team=""` offers it to everyone. Permission: canned:manage. Audited
    as canned.edit with before and after."""
    require(actor, Permission.CANNED_MANAGE)
    with uow:
        s = uow.session
        c = _get(s, canned_id)
        before = {"title": c.title, "body": c.body, "team_id": c.team_id}
        if title is not None:
            c.title = clean_text(title, "title", max_len=120)
        if body is not None:
            c.body = clean_text(body, "body")
        if team is not None:
            c.team_id = _team_id(s, team)
        old, new = diff(before, {"title": c.title, "body": c.body, "team_id": c.team_id})
        if new:
            record(s, actor, uow.now(), "canned.edit", "canned", c.id, before=old, after=new)
        uow.commit()
        return _rows(s, [c])[0]


def delete(uow: UnitOfWork, actor: Actor, canned_id: int) -> None:
    """Permission: canned:manage. Raises NotFound. Audited as canned.delete with what it said."""
    require(actor, Permission.CANNED_MANAGE)
    with uow:
        s = uow.session
        c = _get(s, canned_id)
        record(s, actor, uow.now(), "canned.delete", "canned", c.id,
               before={"title": c.title, "body": c.body, "team_id": c.team_id})
        s.delete(c)
        uow.commit()
