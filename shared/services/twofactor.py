"""Two-factor sign-in with one-time codes (TOTP): enrolment, recovery codes, reset.

The secret is generated here, sealed with the vault key before it is stored, and shown once (as a
QR code and as text) together with ten recovery codes, which are stored as argon2 hashes only.
An enrolment is pending until the first code from the authenticator app matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, RecoveryCode, User
from shared.services._common import get_user
from shared.services.sessions import revoke_all
from shared.services.uow import UnitOfWork

# Recovery codes are random (about 49 bits), not chosen by people, so argon2id with light costs
# keeps a stolen table just as unguessable while ten of them hash in milliseconds, not seconds.
_codes = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def _hash_code(code: str) -> str:
    from shared.directory import totp

    return _codes.hash(totp.recovery_key(code))


def _code_matches(stored: str, code: str) -> bool:
    from shared.directory import totp

    try:
        return _codes.verify(stored, totp.recovery_key(code))
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Enrolment:
    """Shown once: the secret (for typing in), the otpauth:// URI (for the QR code), recovery codes."""

    username: str
    secret: str
    uri: str
    recovery_codes: tuple[str, ...]


def required(uow: UnitOfWork, user: User) -> bool:
    """Whether this user must give a code: their role requires it, or they enrolled anyway."""
    return user.totp_confirmed_at is not None or str(user.role) in uow.settings.security.totp_required_roles


def start(uow: UnitOfWork, user: User) -> Enrolment:
    """A new pending secret and fresh recovery codes for `user` (never commits). A confirmed
    enrolment is replaced only through `reset` or `begin` by the signed-in user."""
    from shared.directory import totp, vault

    secret = totp.new_secret()
    codes = totp.new_recovery_codes()
    user.totp_secret = vault.seal(uow.settings, user.id, secret)
    user.totp_confirmed_at = None
    user.totp_last_step = None  # the old secret's steps say nothing about the new one's codes
    s = uow.session
    s.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    s.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    s.add(AuditLog(actor_id=user.id, action="totp.enrol_start", entity="user", entity_id=user.id, detail={},
                   created_at=uow.now()))
    return Enrolment(user.username, secret, totp.provisioning_uri(secret, user.username,
                                                                   uow.settings.security.totp_issuer), tuple(codes))


def check_code(uow: UnitOfWork, user: User, code: str) -> str | None:
    """How `code` proves the second factor: "totp", "recovery", or None when it does not;
    "reused" for the app's code of a step that signed in already (RFC 6238, 5.2: each code is
    accepted once, so one seen over a shoulder or relayed by a phishing page does not sign in
    again). A pending enrolment is confirmed by its first matching code; a recovery code works
    once. Never commits."""
    from shared.directory import totp, vault

    if not user.totp_secret:
        return None
    now = uow.now()
    if totp.looks_like_recovery_code(code):
        if user.totp_confirmed_at is None:
            return None  # recovery codes stand in for a working app, not for enrolling one
        for row in uow.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                                  RecoveryCode.used_at.is_(None))):
            if _code_matches(row.code_hash, code):
                row.used_at = now
                uow.session.add(AuditLog(actor_id=user.id, action="totp.recovery_used", entity="user",
                                         entity_id=user.id, detail={}, created_at=now))
                return "recovery"
        return None
    step = totp.matching_step(vault.unseal(uow.settings, user.id, user.totp_secret), code, now)
    if step is None:
        return None
    if not _claim_step(uow, user, step):
        return "reused"
    if user.totp_confirmed_at is None:
        user.totp_confirmed_at = now
        uow.session.add(AuditLog(actor_id=user.id, action="totp.enrolled", entity="user", entity_id=user.id,
                                 detail={}, created_at=now))
    return "totp"


def _claim_step(uow: UnitOfWork, user: User, step: int) -> bool:
    """Record `step` as the user's last accepted one, unless it (or a later one) is already: one
    conditional UPDATE, so two sign-ins with the same code at once (two server processes, or the
    console and the tray) accept it once. PostgreSQL's second UPDATE waits for the first's commit
    and then finds the row changed; SQLite's writers take turns."""
    done = uow.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if getattr(done, "rowcount", 0) != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def begin(uow: UnitOfWork, actor: Actor) -> Enrolment:
    """Set up the signed-in user's own authenticator app. Any user may; the new secret counts once
    `confirm` has seen its first code. Raises ValidationFailed when one is set up already (a new
    phone goes through an admin's `reset`, so a borrowed session cannot swap the second factor)."""
    assert actor.id is not None
    with uow:
        user = get_user(uow.session, actor.id)
        if user.totp_confirmed_at is not None:
            raise ValidationFailed(_("Two-factor sign-in is set up already. To move it to a new phone, ask an "
                                     "administrator to reset it."), field="code")
        enrolment = start(uow, user)
        uow.commit()
        return enrolment


def confirm(uow: UnitOfWork, actor: Actor, code: str) -> None:
    """Finish `begin` with a code from the app. Raises ValidationFailed when it does not match."""
    from shared.directory import totp

    assert actor.id is not None
    with uow:
        user = get_user(uow.session, actor.id)
        if user.totp_confirmed_at is not None or totp.looks_like_recovery_code(code) \
                or check_code(uow, user, code) != "totp":
            uow.session.add(AuditLog(actor_id=user.id, action="totp.enrol_failed", entity="user",
                                     entity_id=user.id, detail={}, created_at=uow.now()))
            uow.commit()
            raise ValidationFailed(_("That code does not match. Check the time on your phone and type the "
                                     "code the app shows now."), field="code")
        uow.commit()


def reset(uow: UnitOfWork, actor: Actor, user_id: int) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone), ending their sessions; if
    their role requires codes they enrol again at the next sign-in. Permission: user:manage."""
    require(actor, Permission.USER_MANAGE)
    with uow:
        user = get_user(uow.session, user_id)
        user.totp_secret = None
        user.totp_confirmed_at = None
        user.totp_last_step = None
        uow.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        revoke_all(uow.session, user.id, uow.now())
        uow.session.add(AuditLog(actor_id=actor.id, action="totp.reset", entity="user", entity_id=user.id,
                                 detail={}, created_at=uow.now()))
        uow.commit()


def recovery_codes_left(uow: UnitOfWork, actor: Actor) -> int:
    assert actor.id is not None
    with uow:
        return len(uow.session.scalars(select(RecoveryCode.id).where(
            RecoveryCode.user_id == actor.id, RecoveryCode.used_at.is_(None))).all())
