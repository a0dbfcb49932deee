"""Failed sign-ins are audited without ever storing what was typed when it names no account."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.errors import AuthenticationFailed
from shared.models import AuditLog, InstallSecret
from shared.models.enums import Role
from shared.services import users
from tests import factories as f


def failures(db: Database) -> list[tuple[int | None, dict[str, Any]]]:
    with db.uow() as uow:
        rows = uow.session.scalars(select(AuditLog).where(AuditLog.action == "signin.failed").order_by(AuditLog.id))
        return [(r.entity_id, r.detail) for r in rows]


def fail(db: Database, name: str, password: str = "wrong") -> None:
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        users.authenticate(db.uow(), name, password)


def test_a_password_typed_as_the_user_name_is_never_stored(db: Database) -> None:
    f.user(db, Role.L1_AGENT, name="budi", password="s3cret-pass", teams=("Service Desk",))
    fail(db, "Tr0ub4dor&3")  # the password, in the name box
    fail(db, "tr0ub4dor&3 ")  # the same again (names are matched trimmed, in lower case)
    fail(db, "correct horse")
    rows = failures(db)
    assert all("tr0ub4dor" not in str(detail).lower() and "horse" not in str(detail) for _id, detail in rows)
    digests = [detail["username_digest"] for _id, detail in rows]
    assert digests[0] == digests[1] != digests[2]  # repeated attempts group together
    assert all(entity_id is None and set(detail) == {"username_digest", "reason"} for entity_id, detail in rows)


def test_a_wrong_password_for_an_account_names_the_account(db: Database) -> None:
    budi = f.user(db, Role.L1_AGENT, name="budi", password="s3cret-pass", teams=("Service Desk",))
    fail(db, "  BUDI ")
    assert failures(db) == [(budi.id, {"username": "budi", "reason": "password"})]


def test_the_digest_is_keyed_per_install(db: Database) -> None:
    """Without the install's key nobody can test password guesses against the audit log."""
    fail(db, "hunter2")
    with db.uow() as uow:
        uow.session.execute(delete(InstallSecret))  # another install: another key
        uow.commit()
    fail(db, "hunter2")
    first, second = (detail["username_digest"] for _id, detail in failures(db))
    assert first != second


def test_two_first_failures_at_once_make_one_key_and_both_are_audited(committed_db: Database) -> None:
    """Another process makes the install's key between our read and our commit: we lose that
    race (Conflict inside), retry with its key, and the failure is still audited."""
    db = committed_db
    done: list[bool] = []

    def make_key_elsewhere(_session: Session, _ctx: Any, _instances: Any) -> None:
        if done:
            return
        done.append(True)
        with db.engine.begin() as conn:
            conn.execute(insert(InstallSecret).values(name="signin_audit", value="ab" * 32,
                                                      created_at=db.clock()))

    event.listen(db.sessions, "before_flush", make_key_elsewhere)
    fail(db, "my-password")
    fail(db, "my-password")
    (_a, first), (_b, second) = failures(db)
    assert first == second and set(first) == {"username_digest", "reason"}
    with db.uow() as uow:
        assert uow.session.scalars(select(InstallSecret.value)).all() == ["ab" * 32]
