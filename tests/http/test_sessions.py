"""Server-side sessions over HTTP: sign-out, an admin's revoke and deactivation end a session at
once on every server; refresh without the password; codes and lock-outs over the wire; sign-in
limits shared by all workers (two apps on one database stand for two workers)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from shared.auth.permissions import SYSTEM
from shared.config import Settings
from shared.db.database import Database
from shared.directory import totp
from shared.http.app import create_app
from shared.http.deps import RateLimits
from shared.http.security import Rate
from shared.models.enums import Role
from shared.services import sessions, users
from tests import factories as f
from tests.conftest import FakeClock
from tests.http.conftest import SECRET, LiveServer

# Servers, threads or the CLI's own engine read this data: it is committed, and wiped afterwards.
pytestmark = pytest.mark.usefixtures("committed_db")

PW = "correct horse battery 42"
API = "/api/v1/tray"


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Three failures lock an account: under the sign-in burst of four the servers below allow.
    return Settings(database_url=database_url, language="en", secret_key="h" * 40,
                    security={"max_failed_signins": 3})


@pytest.fixture
def two_servers(db: Database) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """Two app instances (as two workers or two machines) on the same database."""
    f.defaults(db)
    servers = [LiveServer(create_app(db, secret=SECRET, limits=RateLimits(sign_in=Rate(0.2, 4)))) for _i in range(2)]
    for s in servers:
        s.start()
    clients = [httpx.Client(base_url=s.url + API, timeout=10) for s in servers]
    yield clients[0], clients[1]
    for c in clients:
        c.close()
    for s in servers:
        s.stop()


def _sign_in(client: httpx.Client, username: str, password: str = PW, **extra: str) -> httpx.Response:
    return client.post("/session", json={"username": username, "password": password, **extra})


def _bearer(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_sign_out_ends_the_session_on_every_server(db: Database, two_servers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_servers
    f.user(db, Role.REQUESTER, name="sari", password=PW)
    h = _bearer(_sign_in(a, "sari"))
    assert b.get("/me", headers=h).status_code == 200
    assert a.delete("/session", headers=h).status_code == 204
    for client in (a, b):
        assert client.get("/me", headers=h).status_code == 401


def test_admin_revoke_and_deactivation_take_effect_at_once(db: Database, two_servers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_servers
    sari = f.user(db, Role.REQUESTER, name="sari", password=PW)
    assert sari.id is not None
    first, second = _bearer(_sign_in(a, "sari")), _bearer(_sign_in(b, "sari"))
    assert sessions.revoke_user_sessions(db.uow(), SYSTEM, sari.id) == 2
    assert a.get("/me", headers=first).status_code == 401
    assert b.get("/me", headers=second).status_code == 401
    third = _bearer(_sign_in(a, "sari"))
    users.set_active(db.uow(), SYSTEM, sari.id, False)
    r = b.get("/me", headers=third)
    assert r.status_code == 401
    assert _sign_in(a, "sari").status_code == 401


def test_refresh_gives_a_later_token_without_the_password(db: Database, clock: FakeClock,
                                                           two_servers) -> None:  # type: ignore[no-untyped-def]
    a, _b = two_servers
    f.user(db, Role.REQUESTER, name="sari", password=PW)
    signed = _sign_in(a, "sari")
    h, first_expiry = _bearer(signed), signed.json()["expires_at"]
    clock.advance(hours=11)
    fresh = a.post("/session/refresh", headers=h)
    assert fresh.status_code == 200 and fresh.json()["expires_at"] == first_expiry + 11 * 3600
    clock.advance(hours=2)  # the first token has run out; the refreshed one has not
    assert a.get("/me", headers=h).status_code == 401
    assert a.get("/me", headers=_bearer(fresh)).status_code == 200
    clock.advance(days=db.settings.security.session_max_days)  # past the session's own end
    assert a.post("/session/refresh", headers=_bearer(fresh)).status_code == 401


def test_refresh_reads_the_session_once(db: Database, clock: FakeClock, two_servers,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The session the authentication read is the one refreshed: no second check in a worker
    thread of its own (the route made one)."""
    a, _b = two_servers
    f.user(db, Role.REQUESTER, name="sari", password=PW)
    signed = _sign_in(a, "sari")

    def second_check(*_args: object) -> None:
        raise AssertionError("the session was checked a second time")

    monkeypatch.setattr(sessions, "check", second_check)
    clock.advance(hours=11)
    fresh = a.post("/session/refresh", headers=_bearer(signed))
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["expires_at"] == signed.json()["expires_at"] + 11 * 3600


def test_two_factor_over_http(db: Database, two_servers) -> None:  # type: ignore[no-untyped-def]
    a, _b = two_servers
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    r = _sign_in(a, "tech")
    assert r.status_code == 401 and r.json()["second_factor"] == "enrol"
    enrolment = a.post("/session/enrolment", json={"username": "tech", "password": PW})
    assert enrolment.status_code == 200 and len(enrolment.json()["recovery_codes"]) == 10
    code = totp.code_at(enrolment.json()["secret"], db.clock())
    assert _sign_in(a, "tech", code=code).status_code == 200
    r = _sign_in(a, "tech")
    assert r.status_code == 401 and r.json()["second_factor"] == "code"


def test_lock_out_is_423_and_shared_by_all_servers(db: Database, two_servers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_servers
    f.user(db, Role.REQUESTER, name="sari", password=PW)
    policy = db.settings.security
    codes = [_sign_in(a if i % 2 else b, "sari", "wrong password").status_code
             for i in range(policy.max_failed_signins)]
    assert codes[-1] == 423 and set(codes[:-1]) == {401}


def test_sign_in_rate_limit_is_shared_by_all_workers(db: Database, two_servers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_servers  # a burst of 4 per address, for both together; the clock stands still
    codes = [_sign_in(a if i % 2 else b, f"nobody{i}", "wrong password").status_code for i in range(5)]
    assert codes == [401, 401, 401, 401, 429]
