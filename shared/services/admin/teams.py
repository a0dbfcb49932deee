"""Teams: create, rename, the tier they work at, and their members."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import Team, User
from shared.services import users as accounts
from shared.services._common import clean_text
from shared.services.admin.audit import diff, record
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    tier: int
    description: str
    email: str | None
    members: tuple[str, ...]  # user names, sorted


def _row(team: Team) -> TeamRow:
    return TeamRow(team.id, team.name, team.tier, team.description or "", team.email,
                   tuple(sorted(u.username for u in team.members)))


def _find(session: Session, team: int | str) -> Team:
    found = session.get(Team, team) if isinstance(team, int) else \
        session.scalar(select(Team).where(Team.name == team.strip()))
    if found is None:
        raise NotFound(_("Unknown team '{name}'.").format(name=team))
    return found


def _check_tier(tier: int) -> None:
    if not 1 <= tier <= 4:
        raise ValidationFailed(_("A team works at tier 1 to 4."), field="tier")


def list_teams(uow: UnitOfWork, actor: Actor) -> list[TeamRow]:
    """By tier, then name. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        return [_row(t) for t in uow.session.scalars(select(Team).order_by(Team.tier, Team.name))]


def create(uow: UnitOfWork, actor: Actor, name: str, *, tier: int = 1, description: str = "") -> TeamRow:
    """Permission: config:manage. Raises ValidationFailed (bad tier, name taken). Audited."""
    team_id = accounts.create_team(uow, actor, name, tier=tier, description=description)
    with uow:
        return _row(_find(uow.session, team_id))


def edit(uow: UnitOfWork, actor: Actor, team: int | str, *, name: str | None = None, tier: int | None = None,
         description: str | None = None) -> TeamRow:
    """Rename a team, move it to another tier or describe it. Permission: config:manage. Raises
    NotFound and ValidationFailed. Audited as team.edit with before and after."""
    require(actor, Permission.CONFIG_MANAGE)
    if tier is not None:
        _check_tier(tier)
    with uow:
        s = uow.session
        target = _find(s, team)
        before = {"name": target.name, "tier": target.tier, "description": target.description or ""}
        if name is not None:
            new_name = clean_text(name, "name", max_len=80)
            other = s.scalar(select(Team.id).where(Team.name == new_name))
            if other is not None and other != target.id:
                raise ValidationFailed(_("A team called '{name}' exists already.").format(name=new_name),
                                       field="name")
            target.name = new_name
        if tier is not None:
            target.tier = tier
        if description is not None:
            target.description = clean_text(description, "description", required=False, max_len=2000)
        old, new = diff(before, {"name": target.name, "tier": target.tier, "description": target.description})
        if new:
            record(s, actor, uow.now(), "team.edit", "team", target.id, before=old, after=new)
        uow.commit()
        return _row(target)


def set_members(uow: UnitOfWork, actor: Actor, team: int | str, *, add: Sequence[str] = (),
                remove: Sequence[str] = ()) -> TeamRow:
    """Add and remove members by user name. Permission: config:manage. Raises NotFound for an
    unknown user. Audited as team.members with the member list before and after."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        target = _find(s, team)
        before = sorted(u.username for u in target.members)
        for username in add:
            user = s.scalar(select(User).where(User.username == username.strip().lower()))
            if user is None:
                raise NotFound(_("Unknown user '{name}'.").format(name=username))
            if user not in target.members:
                target.members.append(user)
        for username in remove:
            user = s.scalar(select(User).where(User.username == username.strip().lower()))
            if user is None:
                raise NotFound(_("Unknown user '{name}'.").format(name=username))
            if user in target.members:
                target.members.remove(user)
        after = sorted(u.username for u in target.members)
        if after != before:
            record(s, actor, uow.now(), "team.members", "team", target.id, before={"members": before},
                   after={"members": after})
        uow.commit()
        return _row(target)
