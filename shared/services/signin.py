"""Sign-in: the password (here for local accounts, by the company directory for directory
accounts), then a one-time code where required; lock-outs after repeated failures; every
sign-in and failure audited. The password is never stored for directory accounts nor logged.

Local accounts never touch the directory, so the break-glass admin signs in while it is down.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from shared.auth.passwords import hash_password, hasher_for, needs_rehash, verify_password
from shared.auth.permissions import Actor
from shared.errors import AccountLocked, AuthenticationFailed, SecondFactorRequired
from shared.i18n import _
from shared.models import AuditLog, User
from shared.models.users import DIRECTORY_SOURCE
from shared.services import twofactor
from shared.services.install_secrets import SIGNIN_AUDIT, install_key, name_digest
from shared.services.uow import UnitOfWork

if TYPE_CHECKING:
    from shared.directory.ldap import Directory


def _wrong() -> AuthenticationFailed:
    return AuthenticationFailed(_("Wrong user name or password."))


def _audit_failed(uow: UnitOfWork, user: User | None, username: str, reason: str) -> None:
    """The account when the typed name is one; otherwise a keyed digest of the name, never the text:
    people type their password into the name box."""
    who: dict[str, str] = {"username": user.username} if user is not None else {
        "username_digest": name_digest(install_key(uow, SIGNIN_AUDIT), username.strip().lower())}
    uow.session.add(AuditLog(actor_id=None, action="signin.failed", entity="user",
                             entity_id=user.id if user else None, detail={**who, "reason": reason},
                             created_at=uow.now()))


def _locked(user: User, now: datetime) -> AccountLocked:
    from shared.timefmt import fmt_datetime

    assert user.locked_until is not None
    return AccountLocked(_("Too many failed sign-ins: the account is locked until {time}. An administrator "
                           "can unlock it sooner.").format(time=fmt_datetime(user.locked_until, user.timezone)))


def _fail(uow: UnitOfWork, user: User | None, username: str, reason: str,
          error: AuthenticationFailed | None = None) -> AuthenticationFailed:
    """Record a failure (counting it against a known account, which locks after too many) and
    commit, so the count survives the error the caller raises."""
    _audit_failed(uow, user, username, reason)
    if user is not None:
        s = uow.session
        s.execute(update(User).where(User.id == user.id).values(failed_signins=User.failed_signins + 1))
        s.refresh(user, ["failed_signins"])
        policy = uow.settings.security
        if user.failed_signins >= policy.max_failed_signins:
            now = uow.now()
            user.locked_until = now + timedelta(minutes=policy.lockout_minutes)
            user.failed_signins = 0
            s.add(AuditLog(actor_id=None, action="signin.locked", entity="user", entity_id=user.id,
                           detail={"until": user.locked_until.isoformat()}, created_at=now))
            error = _locked(user, now)
    uow.commit()
    return error or _wrong()


def _first_factor(uow: UnitOfWork, username: str, password: str, directory: Directory | None) -> User:
    """The account whose password this is, or an error (after recording the failure)."""
    s = uow.session
    typed = username.strip().lower()
    user = s.scalar(select(User).where(User.username == typed))
    now = uow.now()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        _audit_failed(uow, user, username, "locked")
        uow.commit()
        raise _locked(user, now)
    if user is not None and user.source != DIRECTORY_SOURCE:
        if not (user.active and verify_password(user.password_hash, password)):
            raise _fail(uow, user, username, "password")
        assert user.password_hash is not None
        hasher = hasher_for(uow.settings)
        if needs_rehash(user.password_hash, hasher):
            user.password_hash = hash_password(password, hasher)
        return user
    cfg = uow.settings.directory
    if not cfg.enabled:
        raise _fail(uow, user, username, "password")
    # The LDAP client only for a directory sign-in: a local account (the console's start) never loads it.
    from shared.directory.ldap import Directory, DirectoryUnavailable
    from shared.services.directory import LocalNameTaken, apply_entry

    try:
        entry = (directory or Directory(cfg)).authenticate(username, password)
    except DirectoryUnavailable:
        _audit_failed(uow, user, username, "directory_unavailable")
        uow.commit()
        raise
    if entry is None:
        raise _fail(uow, user, username, "password")
    try:
        account, _what = apply_entry(uow, entry)
    except LocalNameTaken:
        raise _fail(uow, None, username, "local_name") from None
    if account is None or not account.active:
        uow.commit()  # a deactivation the directory reported is kept
        raise _fail(uow, account, username, "disabled")
    if account.locked_until is not None and account.locked_until > now:  # signed in by another name (UPN)
        uow.commit()
        raise _locked(account, now)
    return account


def authenticate(uow: UnitOfWork, username: str, password: str, *, code: str | None = None,
                 directory: Directory | None = None) -> Actor:
    """Sign in; the Actor on success. The same message for an unknown name and a wrong password.

    Raises AuthenticationFailed (wrong name, password or code), SecondFactorRequired (the password
    was right and a code is needed: `enrol` says the user must set one up first, see
    `begin_enrolment`), AccountLocked, or DirectoryUnavailable (the directory cannot be asked).
    """
    from shared.services.users import to_actor

    with uow:
        user = _first_factor(uow, username, password, directory)
        method = "password"
        if twofactor.required(uow, user):
            enrolled = user.totp_confirmed_at is not None
            if not code:
                uow.commit()  # keep what the directory changed
                raise SecondFactorRequired(
                    _("Enter the 6-digit code from your authenticator app.") if enrolled
                    else _("Your role signs in with a one-time code. Set up your authenticator app first."),
                    enrol=not enrolled)
            method = twofactor.check_code(uow, user, code) or ""
            if method == "reused":
                raise _fail(uow, user, username, "code_reused",
                            AuthenticationFailed(_("This code has signed in already; each code works once. Wait "
                                                   "for the app to show the next code and type that one.")))
            if not method:
                raise _fail(uow, user, username, "code",
                            AuthenticationFailed(_("The code is wrong or has expired. Type the code the app "
                                                   "shows now, or one of your recovery codes.")))
        user.failed_signins = 0
        user.locked_until = None
        uow.session.add(AuditLog(actor_id=user.id, action="signin", entity="user", entity_id=user.id,
                                 detail={"method": method, "source": user.source}, created_at=uow.now()))
        uow.commit()
        return to_actor(user)


def begin_enrolment(uow: UnitOfWork, username: str, password: str, *,
                    directory: Directory | None = None) -> twofactor.Enrolment:
    """For a user whose role requires codes and who has no authenticator yet: check the password,
    then start an enrolment. The next `authenticate` with a code from the new secret confirms it.
    Raises AuthenticationFailed when the password is wrong or the user is enrolled already."""
    with uow:
        user = _first_factor(uow, username, password, directory)
        if user.totp_confirmed_at is not None:
            uow.commit()
            raise AuthenticationFailed(_("Two-factor sign-in is set up already; enter the code from your app."))
        enrolment = twofactor.start(uow, user)
        uow.commit()
        return enrolment


def unlock(uow: UnitOfWork, actor: Actor, user_id: int) -> None:
    """Lift a lock-out now. Permission: user:manage."""
    from shared.auth.permissions import Permission, require
    from shared.services._common import get_user

    require(actor, Permission.USER_MANAGE)
    with uow:
        user = get_user(uow.session, user_id)
        user.locked_until = None
        user.failed_signins = 0
        uow.session.add(AuditLog(actor_id=actor.id, action="user.unlock", entity="user", entity_id=user.id,
                                 detail={}, created_at=uow.now()))
        uow.commit()
