"""Local accounts from the company directory: created on first sign-in, kept in step by sync.

A directory account's role and directory-managed teams follow its groups; an account disabled or
removed in the directory is deactivated here — never deleted, so its tickets and audit trail
stay — and its sessions end at once. Local accounts (the break-glass admin) are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from shared.auth.permissions import Actor, Permission, require
from shared.config import DirectorySettings
from shared.directory.mapping import managed_teams, role_for, teams_for
from shared.models import AuditLog, Team, User
from shared.models.enums import Role
from shared.models.users import DIRECTORY_SOURCE
from shared.services.sessions import revoke_all
from shared.services.uow import UnitOfWork

if TYPE_CHECKING:  # ldap3 loads when a sync runs, not with every command that can start one
    from shared.directory.ldap import Directory, DirectoryUser

DIRECTORY = DIRECTORY_SOURCE
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class LocalNameTaken(Exception):
    """A directory user whose name belongs to a local account (it is never taken over)."""


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unusable names, or names of local accounts


def _audit(uow: UnitOfWork, actor_id: int | None, action: str, user: User, **detail: object) -> None:
    uow.session.add(AuditLog(actor_id=actor_id, action=action, entity="user", entity_id=user.id, detail=detail,
                             created_at=uow.now()))


def _find(uow: UnitOfWork, entry: DirectoryUser) -> User | None:
    s = uow.session
    user = s.scalar(select(User).where(User.directory_dn == entry.dn))
    if user is None:
        user = s.scalar(select(User).where(User.username == entry.username))
    return user


def deactivate(uow: UnitOfWork, user: User, reason: str, actor_id: int | None = None) -> None:
    """Deactivate a directory account and end its sessions (never commits)."""
    if user.active:
        user.active = False
        _audit(uow, actor_id, "user.directory_disabled", user, reason=reason)
    revoke_all(uow.session, user.id, uow.now())


def apply_entry(uow: UnitOfWork, entry: DirectoryUser, *, actor_id: int | None = None) -> tuple[User | None, str]:
    """Create or update the local account of a directory entry (never commits).

    Returns the account (None when there is none and the entry may not sign in) and what happened:
    "created", "updated", "unchanged" or "deactivated". Raises LocalNameTaken for a local account's name.
    """
    cfg = uow.settings.directory
    s = uow.session
    user = _find(uow, entry)
    if user is not None and user.source != DIRECTORY:
        raise LocalNameTaken(entry.username)
    role = role_for(entry.groups, cfg)
    allowed = role is not None and not entry.disabled
    if user is None:
        if not allowed or not _USERNAME.match(entry.username):
            return None, "unchanged"
        assert role is not None
        email = _free_email(uow, entry.email, None)
        user = User(username=entry.username, full_name=entry.full_name[:120], role=role, email=email,
                    password_hash=None, active=True, on_duty=True, timezone="Asia/Jakarta", created_at=uow.now(),
                    source=DIRECTORY, directory_dn=entry.dn, teams=[])
        s.add(user)
        s.flush()
        _set_teams(uow, user, entry, cfg)
        _audit(uow, actor_id, "user.create", user, username=user.username, role=role.value, source=DIRECTORY)
        return user, "created"
    if not allowed:
        was_active = user.active
        deactivate(uow, user, "disabled" if entry.disabled else "no_group", actor_id)
        return user, "deactivated" if was_active else "unchanged"
    assert role is not None
    changes: dict[str, object] = {}
    if Role(user.role) != role:
        changes["role"] = [str(user.role), role.value]
        user.role = role
    if user.full_name != entry.full_name[:120]:
        changes["full_name"] = entry.full_name[:120]
        user.full_name = entry.full_name[:120]
    email = _free_email(uow, entry.email, user.id)
    if email != user.email:
        changes["email"] = email
        user.email = email
    if user.directory_dn != entry.dn:
        user.directory_dn = entry.dn
    if not user.active:
        changes["active"] = True
        user.active = True
    teams = _set_teams(uow, user, entry, cfg)
    if teams:
        changes["teams"] = teams
    if changes:
        _audit(uow, actor_id, "user.directory_update", user, **changes)
        return user, "updated"
    return user, "unchanged"


def _free_email(uow: UnitOfWork, email: str | None, user_id: int | None) -> str | None:
    """The directory's address, unless another account here has it already (then none)."""
    if not email:
        return None
    email = email.strip().lower()
    other = uow.session.scalar(select(User.id).where(func.lower(User.email) == email))
    return email if other is None or other == user_id else None


def _set_teams(uow: UnitOfWork, user: User, entry: DirectoryUser, cfg: DirectorySettings) -> list[str]:
    """Membership of the directory-managed teams as the groups say; other teams are left alone."""
    managed = managed_teams(cfg)
    if not managed:
        return []
    wanted = teams_for(entry.groups, cfg)
    teams = {t.name: t for t in uow.session.scalars(select(Team).where(Team.name.in_(managed)))}
    before = sorted(t.name for t in user.teams if t.name in managed)
    user.teams = [t for t in user.teams if t.name not in managed] + [teams[n] for n in sorted(wanted) if n in teams]
    after = sorted(t.name for t in user.teams if t.name in managed)
    return after if after != before else []


def sync(uow: UnitOfWork, actor: Actor, directory: Directory | None = None) -> SyncReport:
    """Bring every directory account in step: new users created, changed ones updated (role,
    teams, name, address), disabled or vanished ones deactivated with their sessions ended.
    Permission: user:manage. Raises DirectoryUnavailable before changing anything when the
    directory cannot be read. Scheduler-friendly: one transaction, safe to repeat."""
    require(actor, Permission.USER_MANAGE)
    cfg = uow.settings.directory
    if directory is None:
        from shared.directory.ldap import Directory

        directory = Directory(cfg)
    entries = directory.users()  # read all before writing: a failed read changes nothing
    report = SyncReport()
    with uow:
        seen: set[int] = set()
        for entry in entries:
            try:
                user, what = apply_entry(uow, entry, actor_id=actor.id)
            except LocalNameTaken:
                report.skipped.append(entry.username)
                continue
            if user is None:
                if entry.username and not _USERNAME.match(entry.username):
                    report.skipped.append(entry.username)
                continue
            seen.add(user.id)
            if what in ("created", "updated", "deactivated"):
                getattr(report, what).append(user.username)
        live = select(User).where(User.source == DIRECTORY, User.active.is_(True))
        for user in uow.session.scalars(live).all():
            if user.id in seen:
                continue
            deactivate(uow, user, "removed", actor.id)
            report.deactivated.append(user.username)
        uow.session.add(AuditLog(actor_id=actor.id, action="directory.sync", entity="directory", entity_id=None,
                                 detail={"created": len(report.created), "updated": len(report.updated),
                                         "deactivated": len(report.deactivated), "skipped": len(report.skipped)},
                                 created_at=uow.now()))
        uow.commit()
    for names in (report.created, report.updated, report.deactivated, report.skipped):
        names.sort()
    return report


