"""Directory sign-in against a real slapd: passwords, disabled accounts, nested groups, TLS, a
directory that is down, and the break-glass admin who signs in regardless."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from shared.auth.permissions import SYSTEM, Actor
from shared.config import Settings
from shared.db.database import Database
from shared.directory import totp
from shared.directory.ldap import Directory, DirectoryUnavailable
from shared.errors import AuthenticationFailed, SecondFactorRequired
from shared.models import AuditLog, User
from shared.models.enums import Role
from shared.services import directory as directory_service
from shared.services import signin, users
from tests import factories as f
from tests.directory.conftest import directory_table
from tests.directory.slapd import PASSWORD, SERVICE_PW, LdapServer, group_dn, run_slapd, stop, user_dn
from tests.ports import free_port
from tests.probe.tls import Authority


def sign_in_enrolling(db: Database, username: str, password: str) -> Actor:
    """Sign in as a user whose role needs a code, enrolling an authenticator on the way."""
    with pytest.raises(SecondFactorRequired) as err:
        users.authenticate(db.uow(), username, password)
    assert err.value.enrol
    enrolment = signin.begin_enrolment(db.uow(), username, password)
    return users.authenticate(db.uow(), username, password, code=totp.code_at(enrolment.secret, db.clock()))


def _user(db: Database, username: str) -> User | None:
    with db.uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        if user is not None:
            _ = [t.name for t in user.teams]  # load before the session closes
        return user


def _audit(db: Database, action: str) -> list[AuditLog]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_right_password_creates_the_account_with_its_role_and_team(db: Database) -> None:
    actor = users.authenticate(db.uow(), "budi", PASSWORD)
    assert (actor.username, actor.role, actor.full_name) == ("budi", Role.L1_AGENT, "Budi Santoso")
    user = _user(db, "budi")
    assert user is not None
    assert (user.source, user.directory_dn, user.password_hash) == ("directory", user_dn("budi"), None)
    assert user.email == "budi@example.org"
    assert [t.name for t in user.teams] == ["Service Desk"]
    assert [a.detail for a in _audit(db, "signin")] == [{"method": "password", "source": "directory"}]
    # Signing in again updates, never duplicates.
    assert users.authenticate(db.uow(), "BUDI", PASSWORD).id == actor.id


def test_the_password_reaches_neither_the_database_nor_the_log(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    users.authenticate(db.uow(), "budi", PASSWORD)
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "budi", PASSWORD + "x")
    with db.engine.connect() as conn:
        for table in ("users", "audit_log"):
            dump = repr(conn.execute(text(f"SELECT * FROM {table}")).all())
            assert PASSWORD not in dump
    assert PASSWORD not in caplog.text


def test_wrong_password_is_refused_and_audited(db: Database) -> None:
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        users.authenticate(db.uow(), "budi", "not-the-password")
    assert _user(db, "budi") is None
    assert [a.detail["reason"] for a in _audit(db, "signin.failed")] == ["password"]


def test_unknown_user_and_empty_password_are_refused(db: Database) -> None:
    for name, password in (("nobody", PASSWORD), ("budi", "")):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), name, password)
    assert _user(db, "budi") is None  # an empty password is never an anonymous bind


def test_disabled_directory_account_is_refused_and_deactivated(db: Database, ldap_server: LdapServer) -> None:
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "joko", PASSWORD)
    assert _user(db, "joko") is None  # never created
    users.authenticate(db.uow(), "eko", PASSWORD)
    from tests.directory.slapd import set_attribute

    set_attribute(ldap_server, user_dn("eko"), "employeeType", "disabled")
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "eko", PASSWORD)
    eko = _user(db, "eko")
    assert eko is not None and not eko.active  # deactivated, not deleted


def test_nested_groups_are_followed(db: Database, settings: Settings) -> None:
    entry = Directory(settings.directory).authenticate("wati", PASSWORD)
    assert entry is not None
    assert {group_dn(g) for g in ("desktop-support", "field-technicians", "it-technicians")} == set(entry.groups)
    # it-technicians (two levels up) maps to L2, whose role signs in with a code: enrol first.
    with pytest.raises(SecondFactorRequired) as err:
        users.authenticate(db.uow(), "wati", PASSWORD)
    assert err.value.enrol
    wati = _user(db, "wati")
    assert wati is not None and wati.role == Role.L2_TECHNICIAN
    assert [t.name for t in wati.teams] == ["Desktop Support"]


def test_user_principal_style_search_filter(db: Database, ldap_server: LdapServer) -> None:
    # The same bind-as-user path with an (|(uid=…)(mail=…)) filter, as AD's sAMAccountName/UPN one.
    settings = db.settings.model_copy(update={"directory": db.settings.directory.model_copy(
        update={"user_filter": "(&(objectClass=inetOrgPerson)(|(uid={username})(mail={username})))"})})
    entry = Directory(settings.directory, service_password=SERVICE_PW).authenticate("budi@example.org", PASSWORD)
    assert entry is not None and entry.username == "budi"


def test_direct_bind_mode_reads_with_the_users_own_bind(db: Database, ldap_server: LdapServer) -> None:
    cfg = Settings(directory=directory_table(ldap_server, bind="direct", bind_dn=None,
                                             user_dn_template="uid={username},ou=people,dc=example,dc=org")).directory
    entry = Directory(cfg).authenticate("budi", PASSWORD)
    assert entry is not None and entry.dn == user_dn("budi")
    assert Directory(cfg).authenticate("budi", "wrong") is None


def test_starttls_works_and_plain_ldap_needs_explicit_permission(ldap_server: LdapServer) -> None:
    cfg = Settings(directory=directory_table(ldap_server, url=ldap_server.url, starttls=True)).directory
    assert Directory(cfg, service_password=SERVICE_PW).authenticate("budi", PASSWORD) is not None
    with pytest.raises(ValueError, match="starttls"):
        Settings(directory=directory_table(ldap_server, url=ldap_server.url))
    plain = Settings(directory=directory_table(ldap_server, url=ldap_server.url, allow_plain=True)).directory
    assert Directory(plain, service_password=SERVICE_PW).authenticate("budi", PASSWORD) is not None


def test_directory_down_gives_a_clear_message_and_the_break_glass_admin_still_signs_in(
        db: Database, ldap_server: LdapServer) -> None:
    f.user(db, Role.ADMIN, name="breakglass", password="local-admin-pw")
    stop(ldap_server)
    with pytest.raises(DirectoryUnavailable, match="cannot be reached"):
        users.authenticate(db.uow(), "budi", PASSWORD)
    assert [a.detail["reason"] for a in _audit(db, "signin.failed")] == ["directory_unavailable"]
    assert sign_in_enrolling(db, "breakglass", "local-admin-pw").role == Role.ADMIN


def test_nothing_listening_is_unavailable(ldap_server: LdapServer) -> None:
    cfg = Settings(directory=directory_table(ldap_server, url=f"ldaps://127.0.0.1:{free_port()}", timeout=2)).directory
    with pytest.raises(DirectoryUnavailable):
        Directory(cfg, service_password=SERVICE_PW).authenticate("budi", PASSWORD)


@pytest.mark.parametrize("case", ["wrong name", "unknown CA"])
def test_certificate_mismatch_is_refused(case: str, test_ca: Authority, tmp_path_factory: pytest.TempPathFactory,
                                         ldap_server: LdapServer) -> None:
    other = Authority(tmp_path_factory.mktemp("other-ca"), "Someone Else")
    cert = test_ca.issue("ldap.elsewhere.test") if case == "wrong name" else other.issue("127.0.0.1")
    with run_slapd(*cert, test_ca.pem) as wrong:
        cfg = Settings(directory=directory_table(wrong)).directory
        with pytest.raises(DirectoryUnavailable, match="certificate"):
            Directory(cfg, service_password=SERVICE_PW).authenticate("budi", PASSWORD)


def test_a_directory_user_never_takes_over_a_local_account(db: Database) -> None:
    f.user(db, Role.ADMIN, name="budi", password="local-budi-pw")
    with pytest.raises(AuthenticationFailed) as err:
        users.authenticate(db.uow(), "budi", PASSWORD)  # local account: only its local password counts
    assert not isinstance(err.value, SecondFactorRequired)
    entry = Directory(db.settings.directory).authenticate("budi", PASSWORD)
    assert entry is not None
    with db.uow() as uow, pytest.raises(directory_service.LocalNameTaken):
        directory_service.apply_entry(uow, entry)
    assert sign_in_enrolling(db, "budi", "local-budi-pw").role == Role.ADMIN


def test_no_mapped_group_and_no_default_role_may_not_sign_in(db: Database, ldap_server: LdapServer) -> None:
    strict = db.settings.model_copy(update={"directory": db.settings.directory.model_copy(
        update={"default_role": None})})
    strict_db = Database(strict, db.engine, db.sessions, db.clock)
    with pytest.raises(AuthenticationFailed):
        users.authenticate(strict_db.uow(), "eko", PASSWORD)
    assert users.authenticate(db.uow(), "eko", PASSWORD).role == Role.REQUESTER  # the default role


def test_lockout_after_repeated_failures_then_opens_again(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    users.authenticate(db.uow(), "budi", PASSWORD)
    for _i in range(db.settings.security.max_failed_signins):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), "budi", "wrong-password")
    with pytest.raises(AuthenticationFailed, match="locked until"):
        users.authenticate(db.uow(), "budi", PASSWORD)  # even the right password, while locked
    assert len(_audit(db, "signin.locked")) == 1
    clock.advance(minutes=db.settings.security.lockout_minutes + 1)
    assert users.authenticate(db.uow(), "budi", PASSWORD).username == "budi"


def test_an_admin_unlocks_early(db: Database) -> None:
    f.user(db, Role.ADMIN, name="breakglass", password="local-admin-pw")
    for _i in range(db.settings.security.max_failed_signins):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), "breakglass", "wrong-password")
    with pytest.raises(AuthenticationFailed, match="locked"):
        users.authenticate(db.uow(), "breakglass", "local-admin-pw")
    admin = _user(db, "breakglass")
    assert admin is not None
    signin.unlock(db.uow(), SYSTEM, admin.id)
    with pytest.raises(SecondFactorRequired):  # admins sign in with a code: the password was right
        users.authenticate(db.uow(), "breakglass", "local-admin-pw")
