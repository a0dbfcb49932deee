"""`helpdesk user unlock | revoke-sessions | reset-2fa` through the real CLI parser."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from shared.cli import build_parser
from shared.cli_support import CliContext
from shared.config import Settings
from shared.db.database import Database
from shared.errors import AccountLocked, AuthenticationFailed, SecondFactorRequired
from shared.models import User
from shared.models.enums import Role
from shared.services import sessions, signin, users
from tests import factories as f

# Servers, threads or the CLI's own engine read this data: it is committed, and wiped afterwards.
pytestmark = pytest.mark.usefixtures("committed_db")

PW = "tech-password-1"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en", secret_key="c" * 40)


def run(db: Database, *argv: str) -> str:
    args = build_parser().parse_args(list(argv))
    out = io.StringIO()
    assert args.handler(args, CliContext(db.settings, out=out, _db=db)) == 0
    return out.getvalue()


def test_unlock_revoke_and_reset(db: Database) -> None:
    tech = f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    assert tech.id is not None
    for _i in range(db.settings.security.max_failed_signins):
        with pytest.raises(AuthenticationFailed):
            users.authenticate(db.uow(), "tech", "wrong-password")
    with pytest.raises(AccountLocked):
        users.authenticate(db.uow(), "tech", PW)
    assert run(db, "user", "unlock", "tech") == "tech can sign in again.\n"
    with pytest.raises(SecondFactorRequired):
        users.authenticate(db.uow(), "tech", PW)

    signin.begin_enrolment(db.uow(), "tech", PW)
    session = sessions.open_session(db.uow(), tech, client="tray")
    assert run(db, "user", "revoke-sessions", "tech") == "Ended 1 session(s) of tech.\n"
    with db.uow() as uow, pytest.raises(AuthenticationFailed):
        sessions.check(uow, session.id, tech.id)

    assert "removed" in run(db, "user", "reset-2fa", "tech")
    with db.uow() as uow:
        row = uow.session.scalar(select(User).where(User.username == "tech"))
        assert row is not None and row.totp_secret is None
