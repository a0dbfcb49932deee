"""The tray app's API: sign in, raise a ticket, see only one's own, reply, rate, search the KB."""

from __future__ import annotations

import httpx
import pytest

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import create_app
from shared.models.enums import Role
from shared.services import kb, workflow
from tests import factories as f
from tests.http.conftest import SECRET, LiveServer

PASSWORD = "correct horse battery 42"


def sign_in(client: httpx.Client, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = client.post("/api/v1/tray/session", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture
def sari(db: Database) -> str:
    return f.user(db, Role.REQUESTER, name="sari", password=PASSWORD).username


def test_sign_in_refuses_a_wrong_password(client: httpx.Client, sari: str) -> None:
    r = client.post("/api/v1/tray/session", json={"username": sari, "password": "wrong password!"})
    assert r.status_code == 401 and r.json()["detail"] == "Wrong user name or password."
    ok = client.post("/api/v1/tray/session", json={"username": sari, "password": PASSWORD}).json()
    assert ok["user"]["username"] == "sari" and ok["token_type"] == "bearer"


def test_create_list_detail_reply_and_rate(client: httpx.Client, db: Database, sari: str) -> None:
    h = sign_in(client, sari)
    r = client.post("/api/v1/tray/tickets", json={"subject": "Printer jams", "description": "Paper tray 2"},
                    headers=h)
    assert r.status_code == 201, r.text
    ticket = r.json()
    assert ticket["number"].startswith("HD-") and ticket["status"] == "new"

    other = f.ticket(db, f.user(db), subject="Someone else's problem")
    mine = client.get("/api/v1/tray/tickets", headers=h).json()
    assert [t["number"] for t in mine] == [ticket["number"]]
    r = client.get(f"/api/v1/tray/tickets/{other.number}", headers=h)
    assert r.status_code == 404  # other people's tickets do not exist for her

    r = client.post(f"/api/v1/tray/tickets/{ticket['number']}/replies", json={"body": "Still jammed"}, headers=h)
    assert r.status_code == 200 and r.json()["entries"][-1]["body"] == "Still jammed"

    r = client.post(f"/api/v1/tray/tickets/{ticket['id']}/csat", json={"rating": 5}, headers=h)
    assert r.status_code == 409 and "not resolved" in r.json()["detail"]
    agent = f.agent(db)
    workflow.resolve(db.uow(), agent, ticket["id"], "Replaced the roller")
    r = client.post(f"/api/v1/tray/tickets/{ticket['id']}/csat", json={"rating": 5, "comment": "Fast"}, headers=h)
    assert r.status_code == 204
    detail = client.get(f"/api/v1/tray/tickets/{ticket['number']}", headers=h).json()
    assert detail["csat_rating"] == 5 and detail["status"] == "resolved"
    assert all(e["kind"] in ("reply", "event") for e in detail["entries"])


def test_csat_rating_must_be_a_whole_number(client: httpx.Client, db: Database, sari: str) -> None:
    h = sign_in(client, sari)
    t = client.post("/api/v1/tray/tickets", json={"subject": "VPN"}, headers=h).json()
    for bad in (6, "5", 4.5):
        r = client.post(f"/api/v1/tray/tickets/{t['id']}/csat", json={"rating": bad}, headers=h)
        assert r.status_code == 422 and "rating" in r.json()["detail"]


def test_kb_search_shows_published_articles(client: httpx.Client, db: Database, sari: str) -> None:
    article = kb.create_article(db.uow(), SYSTEM, title="Reset your VPN password", body="Open the portal…")
    kb.set_status(db.uow(), SYSTEM, article.id, "published")
    kb.create_article(db.uow(), SYSTEM, title="VPN draft notes", body="internal")
    h = sign_in(client, sari)
    titles = [a["title"] for a in client.get("/api/v1/tray/kb", params={"q": "vpn password"}, headers=h).json()]
    assert titles == ["Reset your VPN password"]


def test_a_forged_or_foreign_session_is_refused(client: httpx.Client, db: Database, sari: str) -> None:
    h = sign_in(client, sari)
    token = h["Authorization"].split()[1]
    head, payload, sig = token.split(".")
    forged = f"{head}.{payload}.{'A' * len(sig)}"
    r = client.get("/api/v1/tray/tickets", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401 and "sign in again" in r.json()["detail"]
    other = LiveServer(create_app(db, secret=SECRET.replace("x", "y")))
    other.start()
    try:
        r = httpx.get(f"{other.url}/api/v1/tray/tickets", headers=h)
    finally:
        other.stop()
    assert r.status_code == 401


def test_empty_subject_is_refused_and_nothing_written(client: httpx.Client, db: Database, sari: str) -> None:
    h = sign_in(client, sari)
    r = client.post("/api/v1/tray/tickets", json={"subject": "   "}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "subject"
    assert client.get("/api/v1/tray/tickets", headers=h).json() == []


def test_sign_in_is_rate_limited(client: httpx.Client, sari: str) -> None:
    codes = [client.post("/api/v1/tray/session", json={"username": sari, "password": "wrong one!!"}).status_code
             for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
