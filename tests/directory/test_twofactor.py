"""One-time codes: required per role, enrolment, recovery codes used once, lock-outs, audit.
Local accounts, so no directory is needed; the clock is the test's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.config import Settings
from shared.db.database import Database
from shared.directory import totp, vault
from shared.errors import AccountLocked, AuthenticationFailed, SecondFactorRequired, ValidationFailed
from shared.models import AuditLog, RecoveryCode, User
from shared.models.enums import Role
from shared.services import signin, twofactor, users
from tests import factories as f
from tests.conftest import FakeClock

PW = "tech-password-1"


@pytest.fixture
def settings(database_url: str) -> Settings:  # no directory: these are local accounts
    return Settings(database_url=database_url, language="en", secret_key="s" * 40)


def _actions(db: Database) -> list[str]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(AuditLog.action).where(AuditLog.action.like("%totp%") |
                                                                      AuditLog.action.like("signin%"))
                                        .order_by(AuditLog.id)))


def _enrol(db: Database, name: str) -> twofactor.Enrolment:
    with pytest.raises(SecondFactorRequired) as err:
        users.authenticate(db.uow(), name, PW)
    assert err.value.enrol
    enrolment = signin.begin_enrolment(db.uow(), name, PW)
    users.authenticate(db.uow(), name, PW, code=totp.code_at(enrolment.secret, db.clock()))
    return enrolment


def test_required_for_l2_and_missing_code_is_refused(db: Database, clock: FakeClock) -> None:
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    enrolment = _enrol(db, "tech")
    assert enrolment.uri.startswith("otpauth://totp/Helpdesk:tech?secret=")
    assert len(enrolment.recovery_codes) == 10
    clock.advance(minutes=5)
    with pytest.raises(SecondFactorRequired) as err:
        users.authenticate(db.uow(), "tech", PW)  # the code is missing
    assert not err.value.enrol
    with pytest.raises(AuthenticationFailed, match="code is wrong"):
        users.authenticate(db.uow(), "tech", PW, code="000000" if totp.code_at(enrolment.secret, clock()) != "000000"
                           else "111111")
    actor = users.authenticate(db.uow(), "tech", PW, code=totp.code_at(enrolment.secret, clock()))
    assert actor.role == Role.L2_TECHNICIAN
    assert _actions(db) == ["totp.enrol_start", "totp.enrolled", "signin", "signin.failed", "signin"]


def test_not_required_for_l1_unless_enrolled(db: Database) -> None:
    agent = f.user(db, Role.L1_AGENT, name="agent", password=PW)
    assert users.authenticate(db.uow(), "agent", PW).id == agent.id
    enrolment = twofactor.begin(db.uow(), agent)
    assert users.authenticate(db.uow(), "agent", PW).id == agent.id  # pending: not yet required
    with pytest.raises(ValidationFailed):
        twofactor.confirm(db.uow(), agent, "12345")
    twofactor.confirm(db.uow(), agent, totp.code_at(enrolment.secret, db.clock()))
    with pytest.raises(SecondFactorRequired):
        users.authenticate(db.uow(), "agent", PW)  # enrolled of their own accord: required now
    with pytest.raises(ValidationFailed, match="set up already"):
        twofactor.begin(db.uow(), agent)  # a borrowed session cannot swap the phone


def test_recovery_code_works_once(db: Database) -> None:
    f.user(db, Role.L3_ENGINEER, name="eng", password=PW)
    code = _enrol(db, "eng").recovery_codes[0]
    assert users.authenticate(db.uow(), "eng", PW, code=code.upper()).username == "eng"
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "eng", PW, code=code)
    assert "totp.recovery_used" in _actions(db)
    with db.uow() as uow:
        used = uow.session.scalars(select(RecoveryCode.used_at).where(RecoveryCode.used_at.is_not(None))).all()
        hashes = uow.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(used) == 1
    assert all(h.startswith("$argon2id$") for h in hashes) and not any(code in h for h in hashes)


def test_the_secret_is_stored_encrypted_and_bound_to_its_user(db: Database) -> None:
    f.user(db, Role.ADMIN, name="boss", password=PW)
    secret = _enrol(db, "boss").secret
    with db.uow() as uow:
        boss = uow.session.scalar(select(User).where(User.username == "boss"))
        assert boss is not None and boss.totp_secret is not None
        stored, user_id = boss.totp_secret, boss.id
    assert secret not in stored
    assert vault.unseal(db.settings, user_id, stored) == secret
    with pytest.raises(vault.VaultUnavailable):
        vault.unseal(db.settings, user_id + 1, stored)  # copied onto another row: no use
    other_key = db.settings.model_copy(update={"secret_key": "t" * 40})
    with pytest.raises(vault.VaultUnavailable, match="secret key has changed"):
        vault.unseal(other_key, user_id, stored)


def test_wrong_codes_lock_the_account_for_a_while(db: Database, clock: FakeClock) -> None:
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    secret = _enrol(db, "tech").secret
    wrong = "123456" if totp.code_at(secret, clock()) != "123456" else "654321"
    for _i in range(db.settings.security.max_failed_signins - 1):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), "tech", PW, code=wrong)
    with pytest.raises(AccountLocked):
        users.authenticate(db.uow(), "tech", PW, code=wrong)
    with pytest.raises(AccountLocked):
        users.authenticate(db.uow(), "tech", PW, code=totp.code_at(secret, clock()))
    clock.advance(minutes=db.settings.security.lockout_minutes, seconds=1)
    assert users.authenticate(db.uow(), "tech", PW, code=totp.code_at(secret, clock())).username == "tech"


def test_recovery_codes_do_not_confirm_an_enrolment(db: Database) -> None:
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    with pytest.raises(SecondFactorRequired):
        users.authenticate(db.uow(), "tech", PW)
    enrolment = signin.begin_enrolment(db.uow(), "tech", PW)
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "tech", PW, code=enrolment.recovery_codes[0])


def test_admin_reset_removes_the_authenticator(db: Database) -> None:
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    _enrol(db, "tech")
    with db.uow() as uow:
        tech_id = uow.session.scalar(select(User.id).where(User.username == "tech"))
    assert tech_id is not None
    twofactor.reset(db.uow(), SYSTEM, tech_id)
    with pytest.raises(SecondFactorRequired) as err:
        users.authenticate(db.uow(), "tech", PW)
    assert err.value.enrol  # sets it up again


def test_codes_follow_the_injected_clock(clock: FakeClock) -> None:
    secret = totp.new_secret()
    code = totp.code_at(secret, clock())
    assert totp.verify(secret, code, clock())
    clock.advance(seconds=30)
    assert totp.verify(secret, code, clock())  # one step of drift allowed
    clock.advance(seconds=60)
    assert not totp.verify(secret, code, clock())


def _reasons(db: Database) -> list[str]:
    with db.uow() as uow:
        return [d["reason"] for d in uow.session.scalars(select(AuditLog.detail).where(
            AuditLog.action == "signin.failed").order_by(AuditLog.id))]


def test_a_code_signs_in_once(db: Database, clock: FakeClock) -> None:
    """RFC 6238, 5.2: a code seen over a shoulder, or relayed by a phishing page, does not sign in
    a second time while it is still valid; the app's next code does."""
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    secret = _enrol(db, "tech").secret  # signed in with the code of the enrolment's step
    clock.advance(minutes=5)
    code = totp.code_at(secret, clock())
    assert users.authenticate(db.uow(), "tech", PW, code=code).username == "tech"
    clock.advance(seconds=20)  # still valid: the same step, or the one after with a phone's drift
    assert totp.verify(secret, code, clock())
    with pytest.raises(AuthenticationFailed, match="signed in already; each code works once"):
        users.authenticate(db.uow(), "tech", PW, code=code)
    earlier = totp.code_at(secret, clock() - timedelta(seconds=30))  # the step before: older, refused too
    with pytest.raises(AuthenticationFailed, match="signed in already"):
        users.authenticate(db.uow(), "tech", PW, code=earlier)
    clock.advance(seconds=30)
    assert users.authenticate(db.uow(), "tech", PW, code=totp.code_at(secret, clock())).username == "tech"
    assert _reasons(db) == ["code_reused", "code_reused"]


def test_the_enrolment_code_does_not_sign_in_again(db: Database) -> None:
    """The code that confirmed the app is used: the sign-in after it needs the next one."""
    agent = f.user(db, Role.L1_AGENT, name="agent", password=PW)
    enrolment = twofactor.begin(db.uow(), agent)
    code = totp.code_at(enrolment.secret, db.clock())
    twofactor.confirm(db.uow(), agent, code)
    with pytest.raises(AuthenticationFailed, match="signed in already"):
        users.authenticate(db.uow(), "agent", PW, code=code)


def test_two_sign_ins_racing_with_one_code_accept_it_once(committed_db: Database, clock: FakeClock) -> None:
    """Both read the account before either saved the code's step (two server processes, or the
    console and the tray at once): the one that saves second is refused, so the check cannot be a
    comparison with the row as it was read."""
    db = committed_db
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    secret = _enrol(db, "tech").secret
    clock.advance(minutes=5)
    code = totp.code_at(secret, clock())
    with db.uow() as late:
        user = late.session.scalar(select(User).where(User.username == "tech"))
        assert user is not None and user.totp_last_step is not None
        assert users.authenticate(db.uow(), "tech", PW, code=code).username == "tech"  # the first, meanwhile
        assert twofactor.check_code(late, user, code) == "reused"
    with db.uow() as uow:
        steps = uow.session.scalars(select(User.totp_last_step).where(User.username == "tech")).all()
    assert steps == [totp.matching_step(secret, code, clock())]


def test_a_new_authenticator_starts_without_a_used_step(db: Database) -> None:
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    _enrol(db, "tech")
    with db.uow() as uow:
        tech = uow.session.scalar(select(User).where(User.username == "tech"))
        assert tech is not None and tech.totp_last_step is not None
    twofactor.reset(db.uow(), SYSTEM, tech.id)
    with db.uow() as uow:
        assert uow.session.scalar(select(User.totp_last_step).where(User.id == tech.id)) is None
    _enrol(db, "tech")  # the new phone's first code, within the same 30 s, signs in


def test_matching_step_names_the_step(clock: FakeClock) -> None:
    secret = totp.new_secret()
    now = int(clock().timestamp()) // 30
    assert totp.matching_step(secret, totp.code_at(secret, clock()), clock()) == now
    assert totp.matching_step(secret, totp.code_at(secret, clock() + timedelta(seconds=30)), clock()) == now + 1
    assert totp.matching_step(secret, totp.code_at(secret, clock() - timedelta(seconds=30)), clock()) == now - 1
    assert totp.matching_step(secret, totp.code_at(secret, clock() + timedelta(seconds=60)), clock()) is None
    assert totp.matching_step(secret, "12345", clock()) is None
