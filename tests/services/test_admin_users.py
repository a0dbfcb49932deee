"""Administration of accounts and teams: every change audited with before/after, deactivated
accounts locked out of sign-in and work, and the CSV import (dry run, all or nothing)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from shared.models import AuditLog, User
from shared.models.enums import Role
from shared.services import users as accounts
from shared.services import workflow
from shared.services.admin import teams, user_import, users
from shared.services.admin.users import UserFields
from tests import factories as f


def _audit(db: Database, action: str) -> list[AuditLog]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def _count(db: Database) -> int:
    with db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(User)) or 0


def test_an_admin_adds_and_edits_an_account_and_the_audit_shows_before_and_after(db: Database) -> None:
    admin = f.user(db, Role.ADMIN, name="root")
    desk = f.team_id(db, "Service Desk")
    row = users.add(db.uow(), admin, "Budi", UserFields(
        full_name="Budi Santoso", role="l1_agent", email="Budi@Example.id", phone="+62 21 555 0101",
        department="IT", location="Jakarta", team_ids=(desk,), language="id"), password="correct horse 1")
    assert (row.username, row.email, row.teams, row.language, row.active) == \
        ("budi", "budi@example.id", ("Service Desk",), "id", True)
    assert accounts.authenticate(db.uow(), "budi", "correct horse 1").username == "budi"

    users.edit(db.uow(), admin, "budi", UserFields(phone="", location="Bandung", role="l2_technician",
                                                    timezone="Asia/Makassar"))
    row = users.get(db.uow(), admin, "budi")
    assert (row.phone, row.location, row.role, row.timezone) == (None, "Bandung", Role.L2_TECHNICIAN,
                                                                  "Asia/Makassar")
    edit = _audit(db, "user.edit")[-1]
    assert edit.actor_id == admin.id and edit.entity_id == row.id
    assert edit.detail["before"] == {"phone": "+62 21 555 0101", "location": "Jakarta", "role": "l1_agent",
                                     "timezone": "Asia/Jakarta"}
    assert edit.detail["after"] == {"phone": None, "location": "Bandung", "role": "l2_technician",
                                    "timezone": "Asia/Makassar"}
    assert _audit(db, "user.create")[-1].detail["after"]["email"] == "budi@example.id"


@pytest.mark.parametrize(("values", "field"), [
    (UserFields(email="not-an-address"), "email"), (UserFields(phone="call me"), "phone"),
    (UserFields(role="boss"), "role"), (UserFields(language="fr"), "language"),
    (UserFields(timezone="Mars/Olympus"), "timezone"), (UserFields(full_name="  "), "full_name"),
])
def test_bad_fields_are_refused_with_their_name(db: Database, values: UserFields, field: str) -> None:
    admin = f.user(db, Role.ADMIN)
    agent = f.agent(db)
    with pytest.raises(ValidationFailed) as err:
        users.edit(db.uow(), admin, agent.username, values)
    assert err.value.field == field


def test_a_deactivated_user_cannot_sign_in_and_gets_no_work(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    agent = f.agent(db, password="secret pass 1")
    requester = f.user(db)
    mine = f.ticket(db, requester)
    if mine.assignee is None or mine.assignee.id != agent.id:
        workflow.assign(db.uow(), admin, mine.id, agent.id)
    result = users.set_active(db.uow(), admin, agent.username, False)
    assert result.user.active is False and result.open_tickets == 1
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(db.uow(), agent.username, "secret pass 1")
    # Auto-assignment passes them by, the console's picker does not offer them, and nobody can
    # hand them a ticket by hand.
    assert f.ticket(db, requester, subject="Another one").assignee is None
    assert agent.id not in {u.id for u in accounts.list_users(db.uow(), admin, staff_only=True, active_only=True)}
    with pytest.raises(ValidationFailed):
        workflow.assign(db.uow(), admin, f.ticket(db, requester, subject="Third").id, agent.id)
    assert _audit(db, "user.deactivate")[-1].detail == {"username": agent.username, "before": {"active": True},
                                                        "after": {"active": False}}

    users.set_active(db.uow(), admin, agent.username, True)
    assert accounts.authenticate(db.uow(), agent.username, "secret pass 1").id == agent.id
    assert _audit(db, "user.reactivate")


def test_admins_cannot_lock_themselves_or_the_desk_out(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    with pytest.raises(ValidationFailed, match="your own"):
        users.set_active(db.uow(), admin, admin.username, False)
    with pytest.raises(ValidationFailed, match="last active admin"):
        users.edit(db.uow(), admin, admin.username, UserFields(role="supervisor"))
    with pytest.raises(ValidationFailed, match="last active admin"):
        users.set_active(db.uow(), SYSTEM, admin.username, False)


def test_a_reset_password_is_random_works_and_is_never_audited(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    agent = f.agent(db, password="old password 1")
    new = users.reset_password(db.uow(), admin, agent.username)
    assert len(new) >= 12 and accounts.authenticate(db.uow(), agent.username, new).id == agent.id
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(db.uow(), agent.username, "old password 1")
    entry = _audit(db, "user.password_reset")[-1]
    assert new not in str(entry.detail) and entry.detail["generated"] is True


def test_only_user_managers_manage_users(db: Database) -> None:
    supervisor = f.user(db, Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        users.add(db.uow(), supervisor, "x1", UserFields(full_name="X", role="requester"))
    with pytest.raises(PermissionDenied):
        users.reset_password(db.uow(), supervisor, supervisor.username)
    with pytest.raises(PermissionDenied):
        user_import.import_users(db.uow(), supervisor, [], dry_run=True)


CSV = (
    "username;full_name;email;role;teams;department;phone;language\n"
    "dewi;Dewi Lestari;dewi@example.id;l1_agent;Service Desk;IT;+62 21 555 0101;id\n"
    "BAD NAME;Someone;x@example.id;l1_agent;;;;\n"
    "eko;Eko Prasetyo;eko@example.id;l2_technician;Desktop Support|Service Desk;IT;;en\n"
    "\n"
    "dewi;Dewi Again;;requester;;;;\n"
    "fajar;Fajar;dewi@example.id;requester;;;;\n"
    "gita;Gita;;wizard;;;;\n"
    "hadi;Hadi;;requester;Nowhere;;;\n"
)


def test_a_csv_dry_run_reports_every_bad_row_by_line_and_writes_nothing(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    before = _count(db)
    rows = user_import.read_csv("\ufeff" + CSV)
    report = user_import.import_users(db.uow(), admin, rows, dry_run=True)
    assert report.rows == 7 and report.created == ()
    assert [(e.line, e.field) for e in report.errors] == [
        (3, "username"), (6, "username"), (7, "email"), (8, "role"), (9, "teams")]
    assert "line 2" in report.errors[1].message  # the duplicate names where it was first seen
    assert _count(db) == before

    # The real run with bad rows writes nothing either.
    report = user_import.import_users(db.uow(), admin, rows, dry_run=False)
    assert not report.ok and _count(db) == before


def test_a_clean_csv_imports_every_row_with_its_teams(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    good = "\n".join(line for n, line in enumerate(CSV.splitlines()) if n in (0, 1, 3)) + "\n"
    assert user_import.import_users(db.uow(), admin, user_import.read_csv(good), dry_run=True).ok
    assert users.get(db.uow(), admin, admin.username)  # still there; dry run changed nothing
    with pytest.raises(NotFound):
        users.get(db.uow(), admin, "dewi")
    report = user_import.import_users(db.uow(), admin, user_import.read_csv(good), dry_run=False)
    assert report.created == ("dewi", "eko")
    eko = users.get(db.uow(), admin, "eko")
    assert eko.teams == ("Desktop Support", "Service Desk") and eko.role == Role.L2_TECHNICIAN
    assert eko.timezone == "Asia/Jakarta" and eko.on_duty
    assert [a.detail["by"] for a in _audit(db, "user.create")[-2:]] == ["import", "import"]


@pytest.mark.parametrize(("text", "needle"), [
    ("name,role\nx,requester\n", "username"), ("username,full_name,role,shoe_size\nx,X,requester,42\n", "shoe_size")])
def test_a_csv_with_wrong_columns_is_refused_whole(text: str, needle: str) -> None:
    with pytest.raises(ValidationFailed, match=needle):
        user_import.read_csv(text)


def test_teams_are_created_renamed_moved_and_staffed_with_audit(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    agent = f.agent(db)
    team = teams.create(db.uow(), admin, "Field Support", tier=2)
    row = teams.edit(db.uow(), admin, team.id, name="Field Service", tier=3, description="On site")
    assert (row.name, row.tier, row.description) == ("Field Service", 3, "On site")
    row = teams.set_members(db.uow(), admin, "Field Service", add=[agent.username])
    assert row.members == (agent.username,)
    row = teams.set_members(db.uow(), admin, "Field Service", remove=[agent.username])
    assert row.members == ()
    assert _audit(db, "team.edit")[-1].detail["before"] == {"name": "Field Support", "tier": 2, "description": ""}
    assert [a.detail["after"]["members"] for a in _audit(db, "team.members")] == [[agent.username], []]
    with pytest.raises(ValidationFailed):
        teams.edit(db.uow(), admin, "Field Service", name="Service Desk")
    with pytest.raises(ValidationFailed):
        teams.edit(db.uow(), admin, "Field Service", tier=7)
    with pytest.raises(NotFound):
        teams.set_members(db.uow(), admin, "Field Service", add=["nobody"])
    with pytest.raises(PermissionDenied):
        teams.list_teams(db.uow(), f.agent(db))
