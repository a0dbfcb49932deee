"""Accounts, teams and sign-in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from shared.auth.passwords import check_strength, hash_password, hasher_for
from shared.auth.permissions import Actor, Permission, require
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, Team, User
from shared.models.enums import Role
from shared.services._common import clean_text, get_user, user_by_name
from shared.services.dto import UserView
from shared.services.sessions import revoke_all
from shared.services.uow import UnitOfWork

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def to_actor(user: User) -> Actor:
    return Actor(id=user.id, username=user.username, full_name=user.full_name, role=Role(user.role),
                 team_ids=frozenset(t.id for t in user.teams), timezone=user.timezone,
                 language=user.language)


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.full_name, user.email, Role(user.role), user.active,
                    user.on_duty, tuple(sorted(t.id for t in user.teams)), user.timezone, user.language)


def _audit(uow: UnitOfWork, actor: Actor, action: str, entity: str, entity_id: int | None,
           **detail: object) -> None:
    uow.session.add(AuditLog(actor_id=actor.id, action=action, entity=entity, entity_id=entity_id,
                             detail=detail, created_at=uow.now()))


def create_user(uow: UnitOfWork, actor: Actor, *, username: str, full_name: str, role: Role | str,
                email: str | None = None, password: str | None = None, team_ids: Sequence[int] = (),
                timezone: str = "Asia/Jakarta", language: str | None = None) -> UserView:
    """Add an account. Permission: user:manage. Raises ValidationFailed on a taken or malformed name."""
    require(actor, Permission.USER_MANAGE)
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationFailed(_("'{name}' is not a valid user name (2–64 of a-z, 0-9, . _ -).").format(
            name=username), field="username")
    try:
        role_v = Role(role)
    except ValueError:
        raise ValidationFailed(_("Unknown role '{role}'. Roles: {roles}.").format(
            role=role, roles=", ".join(r.value for r in Role)), field="role") from None
    if email is not None and not _EMAIL.match(email.strip()):
        raise ValidationFailed(_("'{email}' is not an email address.").format(email=email), field="email")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(_("Unknown time zone '{tz}'.").format(tz=timezone), field="timezone") from None
    if password is not None:
        check_strength(password)
    with uow:
        s = uow.session
        if s.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationFailed(_("The user name '{name}' is taken.").format(name=name), field="username")
        email_n = email.strip().lower() if email else None
        if email_n and s.scalar(select(User.id).where(func.lower(User.email) == email_n)) is not None:
            raise ValidationFailed(_("The address {email} belongs to another user.").format(email=email_n),
                                   field="email")
        teams = [s.get(Team, t) for t in team_ids]
        if any(t is None for t in teams):
            raise NotFound(_("Unknown team in {ids}.").format(ids=list(team_ids)))
        password_hash = hash_password(password, hasher_for(uow.settings)) if password else None
        user = User(username=name, full_name=clean_text(full_name, "full_name", max_len=120), role=role_v,
                    email=email_n, password_hash=password_hash,
                    active=True, on_duty=True, timezone=timezone, language=language,
                    created_at=uow.now(), teams=[t for t in teams if t is not None])
        s.add(user)
        s.flush()
        _audit(uow, actor, "user.create", "user", user.id, username=name, role=role_v.value)
        uow.commit()
        return _view(user)


def set_password(uow: UnitOfWork, actor: Actor, user_id: int, password: str) -> None:
    """Users change their own; user:manage changes anyone's."""
    if actor.id != user_id:
        require(actor, Permission.USER_MANAGE)
    check_strength(password)
    with uow:
        user = get_user(uow.session, user_id)
        user.password_hash = hash_password(password, hasher_for(uow.settings))
        _audit(uow, actor, "user.password", "user", user.id)
        uow.commit()


def authenticate(uow: UnitOfWork, username: str, password: str, *, code: str | None = None) -> Actor:
    """Sign in (local or directory account, with a one-time code where required): see
    `shared.services.signin.authenticate` for the errors it raises. Failures are audited; the audit
    row names the account when the typed name is one, otherwise only a keyed digest of it, never
    the text (people type their password into the name box)."""
    from shared.services import signin

    try:
        return signin.authenticate(uow, username, password, code=code)
    except Conflict:  # the install's audit key was being made by another sign-in: it is there now
        return signin.authenticate(uow, username, password, code=code)


def actor_for(uow: UnitOfWork, username: str) -> Actor:
    """The actor for a known user name (the CLI's --as). Raises NotFound."""
    with uow:
        user = user_by_name(uow.session, username)
        if not user.active:
            raise NotFound(_("The account '{name}' is disabled.").format(name=username))
        return to_actor(user)


def set_on_duty(uow: UnitOfWork, actor: Actor, user_id: int, on_duty: bool) -> UserView:
    """Agents set their own; supervisors (ticket:assign + report:view) and admins anyone's."""
    if actor.id != user_id:
        require(actor, Permission.REPORT_VIEW)
    with uow:
        user = get_user(uow.session, user_id)
        user.on_duty = on_duty
        _audit(uow, actor, "user.on_duty", "user", user.id, on_duty=on_duty)
        uow.commit()
        return _view(user)


def set_active(uow: UnitOfWork, actor: Actor, user_id: int, active: bool) -> UserView:
    require(actor, Permission.USER_MANAGE)
    with uow:
        user = get_user(uow.session, user_id)
        user.active = active
        if not active:
            revoke_all(uow.session, user.id, uow.now())  # their sessions end at once, on every server
        _audit(uow, actor, "user.active", "user", user.id, active=active)
        uow.commit()
        return _view(user)


def list_users(uow: UnitOfWork, actor: Actor, *, staff_only: bool = False,
               active_only: bool = False) -> list[UserView]:
    """`active_only` for pickers: deactivated accounts get no work."""
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        q = select(User).order_by(User.full_name)
        if staff_only:
            q = q.where(User.role != Role.REQUESTER)
        if active_only:
            q = q.where(User.active.is_(True))
        return [_view(u) for u in uow.session.scalars(q)]


def create_team(uow: UnitOfWork, actor: Actor, name: str, *, tier: int = 1, description: str = "",
                email: str | None = None) -> int:
    """Permission: config:manage. Returns the team id."""
    require(actor, Permission.CONFIG_MANAGE)
    if not 1 <= tier <= 4:
        raise ValidationFailed(_("A team works at tier 1 to 4."), field="tier")
    with uow:
        s = uow.session
        name = clean_text(name, "name", max_len=80)
        if s.scalar(select(Team.id).where(Team.name == name)):
            raise ValidationFailed(_("A team called '{name}' exists already.").format(name=name), field="name")
        team = Team(name=name, tier=tier, description=description, email=email)
        s.add(team)
        s.flush()
        _audit(uow, actor, "team.create", "team", team.id, name=name, tier=tier)
        uow.commit()
        return team.id


def list_teams(uow: UnitOfWork) -> list[tuple[int, str, int]]:
    """(id, name, tier) of every team."""
    with uow:
        return [(t.id, t.name, t.tier) for t in uow.session.scalars(select(Team).order_by(Team.tier, Team.name))]


def team_by_name(uow: UnitOfWork, name: str) -> int:
    with uow:
        team_id = uow.session.scalar(select(Team.id).where(Team.name == name))
        if team_id is None:
            raise NotFound(_("Unknown team '{name}'.").format(name=name))
        return team_id
