"""Accounts as an admin keeps them: add, edit, deactivate and reactivate, reset a password, and
a bulk import from CSV (dry run first; the real run writes all rows or none)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.auth.passwords import check_strength, hash_password
from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import Team, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, Role
from shared.services._common import clean_text, get_user
from shared.services.admin.audit import diff, record
from shared.services.uow import UnitOfWork

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,40}$")
LANGUAGES = ("en", "id")


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    email: str | None
    phone: str | None
    department: str | None
    location: str | None
    role: Role
    active: bool
    on_duty: bool
    team_ids: tuple[int, ...]
    teams: tuple[str, ...]
    language: str | None
    timezone: str
    created_at: datetime


@dataclass(frozen=True)
class UserFields:
    """What an admin sets on an account. On an edit, None leaves a field as it is and "" clears an
    optional one (e-mail, phone, department, location, language)."""

    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    department: str | None = None
    location: str | None = None
    role: Role | str | None = None
    team_ids: tuple[int, ...] | None = None
    language: str | None = None
    timezone: str | None = None


def default_tz(uow: UnitOfWork) -> str:
    return uow.settings.timezone or "Asia/Jakarta"


def _row(user: User) -> UserRow:
    teams = sorted(user.teams, key=lambda t: t.name)
    return UserRow(user.id, user.username, user.full_name, user.email, user.phone, user.department, user.location,
                   Role(user.role), user.active, user.on_duty, tuple(t.id for t in teams),
                   tuple(t.name for t in teams), user.language, user.timezone, user.created_at)


def audit_state(user: User) -> dict[str, Any]:
    """The audited fields of an account, as plain values."""
    return {"full_name": user.full_name, "email": user.email, "phone": user.phone, "department": user.department,
            "location": user.location, "role": Role(user.role).value, "language": user.language,
            "timezone": user.timezone, "teams": sorted(t.name for t in user.teams), "active": user.active}


def _optional(value: str, field: str, max_len: int) -> str | None:
    return clean_text(value, field, required=False, max_len=max_len) or None


def check_fields(values: UserFields) -> dict[str, Any]:
    """Validate and normalise the fields that are set; ValidationFailed names the first bad one."""
    out: dict[str, Any] = {}
    if values.full_name is not None:
        out["full_name"] = clean_text(values.full_name, "full_name", max_len=120)
    if values.email is not None:
        email = values.email.strip().lower()
        if email and not _EMAIL.match(email):
            raise ValidationFailed(_("'{email}' is not an email address.").format(email=values.email), field="email")
        out["email"] = email or None
    if values.phone is not None:
        phone = " ".join(values.phone.split())
        if phone and not _PHONE.match(phone):
            raise ValidationFailed(_("'{phone}' is not a phone number.").format(phone=values.phone), field="phone")
        out["phone"] = phone or None
    if values.department is not None:
        out["department"] = _optional(values.department, "department", 80)
    if values.location is not None:
        out["location"] = _optional(values.location, "location", 80)
    if values.role is not None:
        try:
            out["role"] = Role(str(values.role).strip().lower())
        except ValueError:
            raise ValidationFailed(_("Unknown role '{role}'. Roles: {roles}.").format(
                role=values.role, roles=", ".join(r.value for r in Role)), field="role") from None
    if values.language is not None:
        lang = values.language.strip().lower()
        if lang and lang not in LANGUAGES:
            raise ValidationFailed(_("Unknown language '{lang}'. Languages: {langs}.").format(
                lang=values.language, langs=", ".join(LANGUAGES)), field="language")
        out["language"] = lang or None
    if values.timezone is not None:
        tz = values.timezone.strip()
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationFailed(_("Unknown time zone '{tz}'.").format(tz=values.timezone), field="timezone") \
                from None
        out["timezone"] = tz
    if values.team_ids is not None:
        out["team_ids"] = tuple(values.team_ids)
    return out


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationFailed(_("'{name}' is not a valid user name (2–64 of a-z, 0-9, . _ -).").format(
            name=username), field="username")
    return name


def _teams(session: Session, team_ids: Iterable[int]) -> list[Team]:
    teams = []
    for team_id in team_ids:
        team = session.get(Team, team_id)
        if team is None:
            raise NotFound(_("No team with id {id}.").format(id=team_id))
        teams.append(team)
    return teams


def check_unique(session: Session, username: str | None, email: str | None, user_id: int | None = None) -> None:
    if username is not None and session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationFailed(_("The user name '{name}' is taken.").format(name=username), field="username")
    if email:
        other = session.scalar(select(User.id).where(func.lower(User.email) == email))
        if other is not None and other != user_id:
            raise ValidationFailed(_("The address {email} belongs to another user.").format(email=email),
                                   field="email")


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) or 0


def list_users(uow: UnitOfWork, actor: Actor, *, text: str = "", include_inactive: bool = True) -> list[UserRow]:
    """Every account (or those whose name, user name, e-mail or department contains `text`), by
    name. Permission: user:manage."""
    require(actor, Permission.USER_MANAGE)
    with uow:
        q = select(User).order_by(User.full_name, User.id)
        if not include_inactive:
            q = q.where(User.active.is_(True))
        needle = text.strip().lower()
        if needle:
            like = f"%{needle}%"
            q = q.where(func.lower(User.full_name).like(like) | User.username.like(like)
                        | func.lower(User.email).like(like) | func.lower(User.department).like(like))
        return [_row(u) for u in uow.session.scalars(q)]


def get(uow: UnitOfWork, actor: Actor, user: int | str) -> UserRow:
    """One account by id or user name. Permission: user:manage. Raises NotFound."""
    require(actor, Permission.USER_MANAGE)
    with uow:
        return _row(find_user(uow.session, user))


def find_user(session: Session, user: int | str) -> User:
    """An account by id, or by user name as typed (any case); NotFound otherwise."""
    if isinstance(user, int):
        return get_user(session, user)
    found = session.scalar(select(User).where(User.username == user.strip().lower()))
    if found is None:
        raise NotFound(_("Unknown user '{name}'.").format(name=user))
    return found


def add(uow: UnitOfWork, actor: Actor, username: str, values: UserFields, *, password: str | None = None) -> UserRow:
    """Add an account. Permission: user:manage. Needs a full name and a role; the time zone defaults
    to the desk's. Raises ValidationFailed (malformed or taken name or address, weak password) and
    NotFound (unknown team). Audited as user.create."""
    require(actor, Permission.USER_MANAGE)
    name = check_username(username)
    if not values.full_name or values.role is None:
        raise ValidationFailed(_("A new user needs a full name and a role."), field="full_name")
    clean = check_fields(values)
    if password is not None:
        check_strength(password)
    with uow:
        s = uow.session
        check_unique(s, name, clean.get("email"))
        user = new_user(s, uow.now(), name, clean, password, default_tz(uow))
        s.flush()
        record(s, actor, uow.now(), "user.create", "user", user.id, username=name, after=audit_state(user))
        uow.commit()
        return _row(user)


def new_user(session: Session, now: datetime, name: str, clean: dict[str, Any], password: str | None,
              default_tz: str) -> User:
    user = User(username=name, full_name=clean["full_name"], role=clean["role"], email=clean.get("email"),
                phone=clean.get("phone"), department=clean.get("department"), location=clean.get("location"),
                password_hash=hash_password(password) if password else None, active=True,
                on_duty=Role(clean["role"]).agent_tier is not None, language=clean.get("language"),
                timezone=clean.get("timezone") or default_tz, created_at=now,
                teams=_teams(session, clean.get("team_ids", ())))
    session.add(user)
    return user


def edit(uow: UnitOfWork, actor: Actor, user: int | str, values: UserFields) -> UserRow:
    """Change an account's fields (those set in `values`). Permission: user:manage. The last active
    admin keeps the admin role. Raises NotFound and ValidationFailed. Audited as user.edit with
    the fields before and after."""
    require(actor, Permission.USER_MANAGE)
    clean = check_fields(values)
    with uow:
        s = uow.session
        target = find_user(s, user)
        before = audit_state(target)
        if "email" in clean:
            check_unique(s, None, clean["email"], target.id)
        if (clean.get("role") not in (None, Role.ADMIN) and Role(target.role) == Role.ADMIN and target.active
                and _active_admins(s) <= 1):
            raise ValidationFailed(_("{name} is the last active admin and keeps that role.").format(
                name=target.username), field="role")
        team_ids = clean.pop("team_ids", None)
        for key, value in clean.items():
            setattr(target, key, value)
        if team_ids is not None:
            target.teams = _teams(s, team_ids)
        old, new = diff(before, audit_state(target))
        if new:
            record(s, actor, uow.now(), "user.edit", "user", target.id, username=target.username, before=old,
                   after=new)
        uow.commit()
        return _row(target)


@dataclass(frozen=True)
class Deactivated:
    user: UserRow
    open_tickets: int  # still assigned to them: hand these over


def set_active(uow: UnitOfWork, actor: Actor, user: int | str, active: bool) -> Deactivated:
    """Deactivate (they cannot sign in, get no new work and are not offered for assignment) or
    reactivate an account. Permission: user:manage. Admins cannot deactivate themselves or the
    last active admin. Audited as user.deactivate / user.reactivate."""
    require(actor, Permission.USER_MANAGE)
    with uow:
        s = uow.session
        target = find_user(s, user)
        if not active and target.active:
            if target.id == actor.id:
                raise ValidationFailed(_("You cannot deactivate your own account."), field="active")
            if Role(target.role) == Role.ADMIN and _active_admins(s) <= 1:
                raise ValidationFailed(_("{name} is the last active admin.").format(name=target.username),
                                       field="active")
        if target.active != active:
            target.active = active
            record(s, actor, uow.now(), "user.reactivate" if active else "user.deactivate", "user", target.id,
                   username=target.username, before={"active": not active}, after={"active": active})
        open_count = s.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.assignee_id == target.id, Ticket.status.in_(ACTIVE_STATUSES))) or 0
        uow.commit()
        return Deactivated(_row(target), int(open_count))


def reset_password(uow: UnitOfWork, actor: Actor, user: int | str, password: str | None = None) -> str:
    """Set a new password (a random one when none is given) and return it, to hand to the user.
    Permission: user:manage. Audited as user.password_reset (never the password itself)."""
    require(actor, Permission.USER_MANAGE)
    new = password if password is not None else secrets.token_urlsafe(12)
    check_strength(new)
    with uow:
        target = find_user(uow.session, user)
        target.password_hash = hash_password(new)
        record(uow.session, actor, uow.now(), "user.password_reset", "user", target.id, username=target.username,
               generated=password is None)
        uow.commit()
        return new
