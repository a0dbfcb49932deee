"""`helpdesk directory sync` against a real slapd: new, changed, disabled and removed accounts."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.db.database import Database
from shared.directory.cli import cmd_directory_sync
from shared.directory.ldap import DirectoryUnavailable
from shared.errors import AuthenticationFailed, PermissionDenied
from shared.models import User
from shared.models.enums import Role
from shared.services import directory, sessions, users
from tests import factories as f
from tests.directory.slapd import (
    PASSWORD,
    LdapServer,
    add_member,
    delete_entry,
    remove_member,
    set_attribute,
    stop,
    user_dn,
)


def _accounts(db: Database) -> dict[str, tuple[str, bool, list[str]]]:
    with db.uow() as uow:
        return {u.username: (str(u.role), u.active, sorted(t.name for t in u.teams))
                for u in uow.session.scalars(select(User).where(User.source == "directory"))}


def test_first_sync_creates_the_directory_accounts(db: Database) -> None:
    report = directory.sync(db.uow(), SYSTEM)
    assert sorted(report.created) == ["budi", "eko", "rina", "wati"]  # joko is disabled: not created
    assert _accounts(db) == {
        "budi": ("l1_agent", True, ["Service Desk"]),
        "eko": ("requester", True, []),
        "rina": ("admin", True, []),
        "wati": ("l2_technician", True, ["Desktop Support"]),  # nested two levels deep
    }
    again = directory.sync(db.uow(), SYSTEM)
    assert (again.created, again.updated, again.deactivated) == ([], [], [])  # idempotent


def test_group_change_changes_the_role_on_the_next_sync(db: Database, ldap_server: LdapServer) -> None:
    directory.sync(db.uow(), SYSTEM)
    add_member(ldap_server, "helpdesk-admins", user_dn("budi"))
    add_member(ldap_server, "service-desk", user_dn("eko"))  # groupOfNames needs one member left
    remove_member(ldap_server, "service-desk", user_dn("budi"))
    report = directory.sync(db.uow(), SYSTEM)
    assert report.updated == ["budi", "eko"]
    assert _accounts(db)["budi"] == ("admin", True, [])
    assert _accounts(db)["eko"] == ("l1_agent", True, ["Service Desk"])  # out of the managed Service Desk team too


def test_disabled_and_removed_accounts_are_deactivated_and_their_sessions_end(
        db: Database, ldap_server: LdapServer) -> None:
    directory.sync(db.uow(), SYSTEM)
    budi = users.authenticate(db.uow(), "budi", PASSWORD)
    eko = users.authenticate(db.uow(), "eko", PASSWORD)
    budi_session = sessions.open_session(db.uow(), budi, client="tray")
    eko_session = sessions.open_session(db.uow(), eko, client="tray")
    set_attribute(ldap_server, user_dn("budi"), "employeeType", "disabled")
    delete_entry(ldap_server, user_dn("eko"))
    report = directory.sync(db.uow(), SYSTEM)
    assert report.deactivated == ["budi", "eko"]
    accounts = _accounts(db)
    assert not accounts["budi"][1] and not accounts["eko"][1]  # kept, never deleted
    for actor, session in ((budi, budi_session), (eko, eko_session)):
        assert actor.id is not None
        with db.uow() as uow, pytest.raises(AuthenticationFailed):
            sessions.check(uow, session.id, actor.id)
    # Enabled again in the directory: active again on the next sync.
    set_attribute(ldap_server, user_dn("budi"), "employeeType", "staff")
    assert directory.sync(db.uow(), SYSTEM).updated == ["budi"]
    assert _accounts(db)["budi"][1]


def test_local_accounts_are_left_alone(db: Database) -> None:
    f.user(db, Role.ADMIN, name="rina", password="local-rina-pw")  # same name as a directory user
    report = directory.sync(db.uow(), SYSTEM)
    assert report.skipped == ["rina"]
    with db.uow() as uow:
        rina = uow.session.scalar(select(User).where(User.username == "rina"))
        assert rina is not None and (rina.source, rina.active) == ("local", True)


def test_sync_with_the_directory_down_changes_nothing(db: Database, ldap_server: LdapServer) -> None:
    directory.sync(db.uow(), SYSTEM)
    stop(ldap_server)
    with pytest.raises(DirectoryUnavailable):
        directory.sync(db.uow(), SYSTEM)
    assert all(active for _role, active, _teams in _accounts(db).values())  # nobody deactivated


def test_sync_needs_user_manage(db: Database) -> None:
    agent = f.user(db, Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        directory.sync(db.uow(), agent)


def test_cli_prints_what_changed(db: Database) -> None:
    out = io.StringIO()
    ctx = CliContext(db.settings, out=out, _db=db)
    assert cmd_directory_sync(None, ctx) == 0  # type: ignore[arg-type]
    assert "created: 4  (budi, eko, rina, wati)" in out.getvalue()
