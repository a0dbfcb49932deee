"""Every bad probe request is a 4xx with a readable `detail`, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import create_app
from shared.http.deps import RateLimits
from shared.http.security import InsecureSetup, Rate
from shared.models import EnrolmentToken, Machine, Ticket
from shared.services import alerts, enrolment
from tests.conftest import FakeClock
from tests.http.conftest import SECRET, LiveServer
from tests.http.reports import report

REPORT = "/api/v1/probe/report"
ENROL = "/api/v1/probe/enrol"


def counts(db: Database) -> tuple[int, int]:
    with db.uow() as uow:
        s = uow.session
        return (s.scalar(select(func.count()).select_from(Machine)) or 0,
                s.scalar(select(func.count()).select_from(Ticket)) or 0)


@pytest.fixture
def machine_token(db: Database) -> str:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    return enrolment.enrol(db.uow(), token, "pc-1", "Linux 6.1", None)[1]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def snapshot_of(db: Database) -> object:
    with db.uow() as uow:
        return uow.session.scalars(select(Machine.snapshot)).one()


def test_malformed_json_is_422(client: httpx.Client, db: Database, machine_token: str) -> None:
    r = client.post(REPORT, content=b'{"report_id": "abc', headers={**auth(machine_token),
                                                                     "Content-Type": "application/json"})
    assert r.status_code == 422
    assert "not valid JSON" in r.json()["detail"]
    assert snapshot_of(db) is None


def test_wrong_types_are_422_naming_the_field(client: httpx.Client, db: Database, machine_token: str) -> None:
    body = report()
    body["alerts"] = "none"
    r = client.post(REPORT, json=body, headers=auth(machine_token))
    assert r.status_code == 422 and "alerts" in r.json()["detail"]
    body = report()
    body["snapshot"]["disks"][0]["percent"] = "full"
    r = client.post(REPORT, json=body, headers=auth(machine_token))
    assert r.status_code == 422
    assert "disks[0].percent: expected float" in r.json()["detail"]
    assert snapshot_of(db) is None and counts(db) == (1, 0)


def test_unknown_fields_are_refused(client: httpx.Client, machine_token: str) -> None:
    r = client.post(REPORT, json={**report(), "extra": 1}, headers=auth(machine_token))
    assert r.status_code == 422 and "extra" in r.json()["detail"]


def test_oversized_body_is_413_by_length_and_by_stream(client: httpx.Client, db: Database,
                                                       machine_token: str) -> None:
    body = report(full_disk=True)
    body["snapshot"]["errors"] = ["x" * 4000] * 300  # 1.2 MB
    data = json.dumps(body).encode()
    r = client.post(REPORT, content=data, headers={**auth(machine_token), "Content-Type": "application/json"})
    assert r.status_code == 413 and "larger than 1,048,576 bytes" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for i in range(0, len(data), 65536):
            yield data[i:i + 65536]

    r = client.post(REPORT, content=chunks(), headers={**auth(machine_token), "Content-Type": "application/json"})
    assert r.status_code == 413
    assert snapshot_of(db) is None and counts(db) == (1, 0)


def test_missing_and_bad_token_are_401(client: httpx.Client, db: Database) -> None:
    r = client.post(REPORT, json=report())
    assert r.status_code == 401 and "Bearer" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.post(REPORT, json=report(), headers=auth("guess"))
    assert r.status_code == 401 and "Unknown machine token" in r.json()["detail"]
    assert counts(db) == (0, 0)


def test_expired_enrolment_token_is_refused(client: httpx.Client, db: Database, clock: FakeClock) -> None:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM, valid_hours=1)
    clock.advance(hours=2)
    r = client.post(ENROL, json={"enrolment_token": token, "hostname": "pc-9", "os": "Linux"})
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    assert counts(db) == (0, 0)
    with db.uow() as uow:
        assert uow.session.scalars(select(EnrolmentToken.used_at)).one() is None


def test_enrolment_needs_the_right_shape(client: httpx.Client, db: Database) -> None:
    r = client.post(ENROL, json={"enrolment_token": 12345, "hostname": "pc"})
    assert r.status_code == 422 and "enrolment_token" in r.json()["detail"]
    assert counts(db) == (0, 0)


@pytest.mark.usefixtures("committed_db")  # a live server
def test_report_rate_limit_is_429_with_retry_after(db: Database, machine_token: str) -> None:
    server = LiveServer(create_app(db, secret=SECRET, limits=RateLimits(report=Rate(per_second=0.01, burst=2))))
    server.start()
    try:
        with httpx.Client(base_url=server.url) as c:
            codes = [c.post(REPORT, json=report(), headers=auth(machine_token)).status_code for _ in range(3)]
            last = c.post(REPORT, json=report(), headers=auth(machine_token))
    finally:
        server.stop()
    assert codes == [200, 200, 429]
    assert last.status_code == 429 and int(last.headers["retry-after"]) >= 1
    assert "Too many requests" in last.json()["detail"]


def test_replayed_report_id_is_a_duplicate(client: httpx.Client, machine_token: str, db: Database) -> None:
    body = report(full_disk=True)
    first = client.post(REPORT, json=body, headers=auth(machine_token)).json()
    again = client.post(REPORT, json=body, headers=auth(machine_token)).json()
    assert first["duplicate"] is False and len(first["opened_tickets"]) == 1
    assert again == {"accepted": True, "duplicate": True, "opened_tickets": []}
    assert counts(db) == (1, 1)


def test_unseen_machine_gets_one_alert_ticket(db: Database, clock: FakeClock, machine_token: str) -> None:
    clock.advance(hours=30)
    assert len(alerts.check_unseen(db.uow(), hours=24)) == 1
    assert alerts.check_unseen(db.uow(), hours=24) == []
    assert counts(db) == (1, 1)
    machine_id = enrolment.machine_for_token(db.uow(), machine_token)
    result = alerts.ingest_report(db.uow(), machine_id, report())
    assert len(result.noted) == 1 and result.opened == ()


def test_no_secret_refuses_a_public_address(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_HTTP_SECRET", raising=False)
    with pytest.raises(InsecureSetup, match="HELPDESK_HTTP_SECRET"):
        create_app(db, host="0.0.0.0")
    create_app(db, host="127.0.0.1")  # loopback development: a random per-process secret


def test_openapi_lists_the_routes(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/probe/enrol", "/api/v1/probe/report", "/api/v1/tray/session", "/api/v1/tray/tickets",
            "/api/v1/tray/tickets/{ticket}", "/api/v1/tray/tickets/{ticket}/replies",
            "/api/v1/tray/tickets/{ticket}/csat", "/api/v1/tray/kb"} <= set(paths)


def test_unknown_address_is_a_json_404(client: httpx.Client) -> None:
    r = client.get("/nope")
    assert r.status_code == 404 and r.json()["detail"]
