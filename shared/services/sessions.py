"""Server-side sessions: one row per signed-in client, checked on every request.

A token is only a signed pointer to its row; the row decides. So signing out, an admin revoking a
user's sessions, and deactivating a user (here or in the directory) end the sessions at once on
every server process, with no cache to wait for.
"""

from __future__ import annotations

import enum
import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, Update, bindparam, select, update
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import AuthenticationFailed
from shared.i18n import _
from shared.models import AuditLog, User, UserSession
from shared.models.enums import Role
from shared.models.users import team_members
from shared.services.uow import UnitOfWork

SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often (not per request)


@dataclass(frozen=True)
class SessionInfo:
    id: str
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    ends_at: datetime
    revoked_at: datetime | None
    client: str


def _info(row: UserSession) -> SessionInfo:
    return SessionInfo(row.id, row.user_id, row.created_at, row.last_seen_at, row.ends_at, row.revoked_at,
                       row.client)


def _expired() -> AuthenticationFailed:
    return AuthenticationFailed(_("Your session is invalid or has expired; please sign in again."))


def open_session(uow: UnitOfWork, actor: Actor, *, client: str = "") -> SessionInfo:
    """A new session for a user who has just signed in (any user may open their own)."""
    assert actor.id is not None
    with uow:
        now = uow.now()
        row = UserSession(id=secrets.token_hex(16), user_id=actor.id, created_at=now, last_seen_at=now,
                          ends_at=now + timedelta(days=uow.settings.security.session_max_days), client=client[:40])
        uow.session.add(row)
        uow.commit()
        return _info(row)


def _disabled() -> AuthenticationFailed:
    return AuthenticationFailed(_("Your account is disabled; please contact the service desk."))


class Refused(enum.Enum):
    """Why a session is refused (`read_many` returns it): `refusal()` makes the error `check` raises."""
    EXPIRED = "expired"  # unknown, another user's, revoked, or past its end
    DISABLED = "disabled"  # the user is not active

    def refusal(self) -> AuthenticationFailed:
        return _expired() if self is Refused.EXPIRED else _disabled()


def _verdict(owner_id: int, revoked_at: datetime | None, ends_at: datetime, active: bool, user_id: int,
             now: datetime) -> Refused | None:
    """Why a session of `owner_id` (whose account is `active` or not) is refused to `user_id` at `now`."""
    if owner_id != user_id or revoked_at is not None or ends_at <= now:
        return Refused.EXPIRED
    if not active:
        return Refused.DISABLED
    return None


def check(uow: UnitOfWork, session_id: str, user_id: int) -> tuple[SessionInfo, User]:
    """The live session and its user, or AuthenticationFailed. Call inside `with uow:`."""
    s = uow.session
    found = s.execute(select(UserSession, User).join(User, User.id == UserSession.user_id)
                      .where(UserSession.id == session_id)).one_or_none()
    now = uow.now()
    if found is None:
        raise _expired()
    row, user = found[0], found[1]
    if (refused := _verdict(row.user_id, row.revoked_at, row.ends_at, user.active, user_id, now)) is not None:
        raise refused.refusal()
    if now - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = now
        uow.commit()
    return _info(row), user


@functools.cache
def _batch_statements() -> tuple[Select[Any], Update]:
    """read_many's read and mark_seen's write, built at first use: in_list imports the
    PostgreSQL dialect, which the console (it imports this module) must not load on SQLite at start."""
    from shared.db.in_list import in_list

    read = (select(UserSession.id, UserSession.user_id, UserSession.created_at, UserSession.last_seen_at,
                   UserSession.ends_at, UserSession.revoked_at, UserSession.client, User.username,
                   User.full_name, User.role, User.timezone, User.language, User.active, team_members.c.team_id)
            .join(User, User.id == UserSession.user_id)
            .outerjoin(team_members, team_members.c.user_id == User.id)
            .where(in_list(UserSession.id, "ids")))
    seen = (update(UserSession).where(in_list(UserSession.id, "ids")).values(last_seen_at=bindparam("seen_at"))
            .execution_options(synchronize_session=False))
    return read, seen


Verdict = tuple[SessionInfo, Actor] | Refused


def read_many(uow: UnitOfWork, claims: Sequence[tuple[str, int]]) -> tuple[list[Verdict], list[str]]:
    """`check` for many (session id, user id) pairs: each one's live session and its user as an
    Actor (as users.to_actor makes it), or why it is refused, read in one statement (the server's
    session reader batches the tray's checks); one bad session refuses only its own pair. Also the
    sessions whose last_seen_at is due (`SEEN_EVERY`), for `mark_seen`: the server writes them
    apart, so that a check never waits for a write lock. The refusals are returned, not raised, so
    that the caller words them in its reader's language (`Refused.refusal`). Columns, not ORM
    objects: this runs for every tray call, and loading the users with their teams cost more than
    the check."""
    s = uow.session
    read, _write = _batch_statements()
    rows: dict[str, Any] = {}
    teams: dict[str, set[int]] = {}
    for found in s.execute(read, {"ids": list({i for i, _u in claims})}):
        rows[found.id] = found
        held = teams.setdefault(found.id, set())
        if found.team_id is not None:
            held.add(found.team_id)
    now = uow.now()
    out: list[Verdict] = []
    seen: set[str] = set()
    for session_id, user_id in claims:
        row = rows.get(session_id)
        if row is None:
            out.append(Refused.EXPIRED)
            continue
        if (refused := _verdict(row.user_id, row.revoked_at, row.ends_at, row.active, user_id, now)) is not None:
            out.append(refused)
            continue
        last_seen = row.last_seen_at
        if now - last_seen >= SEEN_EVERY or session_id in seen:
            seen.add(session_id)
            last_seen = now
        info = SessionInfo(row.id, row.user_id, row.created_at, last_seen, row.ends_at, row.revoked_at, row.client)
        out.append((info, Actor(id=row.user_id, username=row.username, full_name=row.full_name, role=Role(row.role),
                                team_ids=frozenset(teams[session_id]), timezone=row.timezone,
                                language=row.language)))
    return out, sorted(seen)


def mark_seen(uow: UnitOfWork, session_ids: Sequence[str]) -> None:
    """Write last_seen_at = now on these sessions, in one UPDATE, and commit. Call inside `with uow:`."""
    _read, write = _batch_statements()
    uow.session.execute(write, {"ids": sorted(set(session_ids)), "seen_at": uow.now()})
    uow.commit()


def sign_out(uow: UnitOfWork, session_id: str, user_id: int) -> None:
    """End one session (the caller's own)."""
    with uow:
        now = uow.now()
        done = uow.session.execute(update(UserSession).where(
            UserSession.id == session_id, UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=now)).rowcount  # type: ignore[attr-defined]
        if done:
            uow.session.add(AuditLog(actor_id=user_id, action="signout", entity="user", entity_id=user_id,
                                     detail={"session": session_id[:8]}, created_at=now))
        uow.commit()


def revoke_all(s: Session, user_id: int, now: datetime) -> int:
    """End every live session of a user; the number ended. Never commits."""
    return int(s.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                         .values(revoked_at=now)).rowcount)  # type: ignore[attr-defined]


def revoke_user_sessions(uow: UnitOfWork, actor: Actor, user_id: int) -> int:
    """End all of a user's sessions at once. Permission: user:manage. Returns how many were live."""
    require(actor, Permission.USER_MANAGE)
    with uow:
        now = uow.now()
        ended = revoke_all(uow.session, user_id, now)
        uow.session.add(AuditLog(actor_id=actor.id, action="user.sessions_revoked", entity="user",
                                 entity_id=user_id, detail={"sessions": ended}, created_at=now))
        uow.commit()
        return ended


def list_sessions(uow: UnitOfWork, actor: Actor, user_id: int) -> list[SessionInfo]:
    """A user's sessions, newest first. Users see their own; user:manage anyone's."""
    if actor.id != user_id:
        require(actor, Permission.USER_MANAGE)
    with uow:
        rows = uow.session.scalars(select(UserSession).where(UserSession.user_id == user_id)
                                   .order_by(UserSession.created_at.desc()))
        return [_info(r) for r in rows]
