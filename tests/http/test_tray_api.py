"""The tray app's API: sign in, raise a ticket, see only one's own, reply, rate, attach files, search
and read the KB, record deflections and votes."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import DEFAULT_MAX_BYTES, create_app
from shared.http.deps import RateLimits
from shared.http.routes.tray import upload_body_limit
from shared.http.security import RateLimiter
from shared.models import Attachment, AuditLog, Deflection
from shared.models.enums import Role
from shared.services import alerts, enrolment, kb, tickets, workflow
from tests import factories as f
from tests.conftest import PATIENCE
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


def test_a_body_nested_too_deeply_is_refused_clearly_and_nothing_written(client: httpx.Client, sari: str) -> None:
    h = sign_in(client, sari)
    deep = b'{"subject": "VPN", "description": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = client.post("/api/v1/tray/tickets", content=deep, headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["detail"] == "The body could not be read as JSON (is it nested too deeply?)."
    assert client.get("/api/v1/tray/tickets", headers=h).json() == []


@pytest.mark.usefixtures("committed_db")  # a live server
def test_sign_in_is_rate_limited(db: Database, sari: str) -> None:
    # The limiter's clock stands still unless the test moves it: argon2 takes as long as the machine
    # makes it, and that must not refill the bucket. A name with no account, so that the account
    # lock-out (which sari's account would hit after five) does not answer first.
    now = [1000.0]
    server = LiveServer(create_app(db, secret=SECRET, limits=RateLimits(), limiter=RateLimiter(clock=lambda: now[0])))
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=PATIENCE) as client:
            def attempt() -> int:
                body = {"username": "no-such-" + sari, "password": "wrong one!!"}
                return client.post("/api/v1/tray/session", json=body).status_code

            codes = [attempt() for _ in range(11)]
            assert codes[:10] == [401] * 10 and codes[10] == 429
            now[0] += 4.9  # 0.2 tokens a second: not yet one whole token
            assert attempt() == 429
            now[0] += 0.2
            assert attempt() == 401
            assert attempt() == 429
    finally:
        server.stop()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def attachment_count(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Attachment)) or 0)


def article(db: Database, title: str, *, publish: bool = True) -> int:
    a = kb.create_article(db.uow(), SYSTEM, title=title, body="Open the portal and choose Reset.")
    if publish:
        kb.set_status(db.uow(), SYSTEM, a.id, "published")
    return a.id


def test_me_gives_the_time_zone_and_language(client: httpx.Client, db: Database) -> None:
    f.user(db, name="yuki", full_name="Yuki Tanaka", password=PASSWORD, timezone="Asia/Tokyo", language="id")
    h = sign_in(client, "yuki")
    me = client.get("/api/v1/tray/me", headers=h).json()
    assert {k: me[k] for k in ("username", "full_name", "role", "timezone", "language")} == {
        "username": "yuki", "full_name": "Yuki Tanaka", "role": "requester", "timezone": "Asia/Tokyo",
        "language": "id"}
    assert client.get("/api/v1/tray/me").status_code == 401


def test_categories_are_listed_and_a_ticket_can_be_filed_under_one(client: httpx.Client, db: Database,
                                                                   sari: str) -> None:
    h = sign_in(client, sari)
    cats = client.get("/api/v1/tray/categories", headers=h).json()
    assert cats and cats == sorted(cats, key=lambda c: c["path"].lower())
    child = next(c for c in cats if c["parent_id"] is not None)
    assert set(child) == {"id", "name", "parent_id", "path"}  # no team ids for requesters
    r = client.post("/api/v1/tray/tickets", json={"subject": "Something odd", "category_id": child["id"]},
                    headers=h)
    assert r.status_code == 201 and (r.json()["category_id"], r.json()["category"]) == (child["id"], child["path"])
    r = client.post("/api/v1/tray/tickets", json={"subject": "Nowhere", "category_id": 999_999}, headers=h)
    assert r.status_code == 404
    r = client.post("/api/v1/tray/tickets", json={"subject": "Nowhere", "category_id": "3"}, headers=h)
    assert r.status_code == 422
    assert client.get("/api/v1/tray/tickets", headers=h).headers["x-total-count"] == "1"


def test_the_ticket_shows_its_fields_entries_and_count(client: httpx.Client, db: Database, sari: str) -> None:
    h = sign_in(client, sari)
    t = client.post("/api/v1/tray/tickets", json={"subject": "Laptop fan loud", "impact": "high",
                                                  "urgency": "low"}, headers=h).json()
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    workflow.assign(db.uow(), SYSTEM, t["id"], budi.id)
    tickets.reply(db.uow(), budi, t["id"], "Is it under warranty?")
    client.post(f"/api/v1/tray/tickets/{t['id']}/replies", json={"body": "Yes"}, headers=h)
    d = client.get(f"/api/v1/tray/tickets/{t['id']}", headers=h).json()
    assert (d["impact"], d["urgency"], d["assignee"]) == ("high", "low", "Budi Santoso")
    assert d["team"] and d["response_due_at"] and d["resolution_due_at"] and d["first_responded_at"]
    replies = [(e["author_id"], e["body"]) for e in d["entries"] if e["kind"] == "reply"]
    me = client.get("/api/v1/tray/me", headers=h).json()["id"]
    assert replies == [(budi.id, "Is it under warranty?"), (me, "Yes")]

    for n in range(2):
        client.post("/api/v1/tray/tickets", json={"subject": f"Another {n}"}, headers=h)
    r = client.get("/api/v1/tray/tickets", params={"limit": 1}, headers=h)
    assert r.headers["x-total-count"] == "3" and len(r.json()) == 1
    row = next(x for x in client.get("/api/v1/tray/tickets", headers=h).json() if x["id"] == t["id"])
    assert row["assignee"] == "Budi Santoso" and row["response_due_at"]


def test_files_are_attached_to_her_ticket_and_stored(client: httpx.Client, db: Database, sari: str) -> None:
    h = sign_in(client, sari)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    r = client.post("/api/v1/tray/tickets", headers=h, json={
        "subject": "Screen flickers",
        "attachments": [{"filename": "screenshot.png", "content_type": "image/png", "data": b64(png)}]})
    assert r.status_code == 201, r.text
    t = r.json()
    [shot] = t["attachments"]
    assert (shot["filename"], shot["content_type"], shot["size"]) == ("screenshot.png", "image/png", len(png))
    assert tickets.attachment_data(db.uow(), SYSTEM, shot["id"]) == ("screenshot.png", "image/png", png)

    r = client.post(f"/api/v1/tray/tickets/{t['number']}/attachments", headers=h,
                    json={"files": [{"filename": "../log.txt", "data": b64(b"error 42")}]})
    assert r.status_code == 201, r.text
    names = [a["filename"] for a in r.json()["attachments"]]
    assert names == ["screenshot.png", ".._log.txt"]
    assert tickets.attachment_data(db.uow(), SYSTEM, r.json()["attachments"][1]["id"])[2] == b"error 42"

    r = client.post(f"/api/v1/tray/tickets/{t['id']}/replies", headers=h, json={
        "body": "Here is the log again", "attachments": [{"filename": "log2.txt", "data": b64(b"error 43")}]})
    assert r.status_code == 200 and len(r.json()["attachments"]) == 3


@pytest.mark.parametrize("files", [
    [],
    [{"filename": "a.txt", "data": "not base64!"}],
    [{"filename": "a.txt", "data": 12}],
    [{"filename": "", "data": "aGk="}],
    [{"filename": "a.txt", "content_type": "text/plain; rm -rf", "data": "aGk="}],
    [{"filename": "a.txt", "data": "aGk=", "path": "/etc"}],
    [{"filename": f"{n}.txt", "data": "aGk="} for n in range(6)],
])
def test_a_malformed_upload_is_refused_and_nothing_written(client: httpx.Client, db: Database, sari: str,
                                                           files: list[dict[str, object]]) -> None:
    h = sign_in(client, sari)
    t = client.post("/api/v1/tray/tickets", json={"subject": "VPN"}, headers=h).json()
    r = client.post(f"/api/v1/tray/tickets/{t['id']}/attachments", json={"files": files}, headers=h)
    assert r.status_code == 422 and "files" in r.json()["detail"]
    assert attachment_count(db) == 0


@pytest.fixture
def small_files(db: Database, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(db.settings, "attachment_max_bytes", 2048)
    return 2048


def test_an_oversized_attachment_is_refused_and_nothing_written(client: httpx.Client, db: Database, sari: str,
                                                                small_files: int) -> None:
    h = sign_in(client, sari)
    t = client.post("/api/v1/tray/tickets", json={"subject": "VPN"}, headers=h).json()
    ok, big = {"filename": "ok.txt", "data": b64(b"x" * small_files)}, \
        {"filename": "big.bin", "data": b64(b"y" * (small_files + 1))}
    r = client.post(f"/api/v1/tray/tickets/{t['id']}/attachments", json={"files": [ok, big]}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "attachments"
    assert r.json()["detail"] == "big.bin is 2,049 bytes; attachments may be at most 2,048 bytes."
    assert attachment_count(db) == 0  # not even the one that fitted
    assert client.get(f"/api/v1/tray/tickets/{t['id']}", headers=h).json()["version"] == t["version"]

    r = client.post("/api/v1/tray/tickets", json={"subject": "With a big file", "attachments": [big]}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "attachments"
    assert client.get("/api/v1/tray/tickets", headers=h).headers["x-total-count"] == "1"  # no ticket either


@pytest.fixture
def small_server(committed_db: Database, small_files: int) -> Iterator[LiveServer]:
    """An app built while the attachment limit is small, so its upload routes' body limit is too."""
    f.defaults(committed_db)
    server = LiveServer(create_app(committed_db, secret=SECRET))
    server.start()
    yield server
    server.stop()


def test_a_body_too_large_for_the_route_is_413_and_nothing_written(db: Database, sari: str, small_files: int,
                                                                   small_server: LiveServer) -> None:
    with httpx.Client(base_url=small_server.url, timeout=PATIENCE) as client:
        h = sign_in(client, sari)
        t = client.post("/api/v1/tray/tickets", json={"subject": "VPN"}, headers=h).json()
        size = max(DEFAULT_MAX_BYTES, upload_body_limit(small_files)) + 1
        huge = {"filename": "huge.bin", "data": b64(b"z" * (size * 3 // 4 + 3))}
        r = client.post(f"/api/v1/tray/tickets/{t['id']}/attachments", json={"files": [huge]}, headers=h)
        assert r.status_code == 413 and "larger than" in r.json()["detail"]
        assert attachment_count(db) == 0


def test_another_users_ticket_takes_no_files(client: httpx.Client, db: Database, sari: str) -> None:
    other = f.ticket(db, f.user(db), subject="Someone else's problem")
    h = sign_in(client, sari)
    for ref in (other.number, str(other.id)):
        r = client.post(f"/api/v1/tray/tickets/{ref}/attachments", headers=h,
                        json={"files": [{"filename": "a.txt", "data": b64(b"hello")}]})
        assert r.status_code == 404
    assert attachment_count(db) == 0 and tickets.get(db.uow(), SYSTEM, other.id).version == other.version


def test_a_published_article_is_read_voted_on_and_deflects(client: httpx.Client, db: Database, sari: str) -> None:
    vpn = article(db, "Reset your VPN password")
    draft = article(db, "VPN draft notes", publish=False)
    h = sign_in(client, sari)
    r = client.get(f"/api/v1/tray/kb/{vpn}", headers=h)
    assert r.status_code == 200 and r.json()["title"] == "Reset your VPN password"
    assert client.get(f"/api/v1/tray/kb/{draft}", headers=h).status_code == 404
    assert client.get("/api/v1/tray/kb/999999", headers=h).status_code == 404
    assert client.get("/api/v1/tray/kb/0", headers=h).status_code == 422

    assert client.post(f"/api/v1/tray/kb/{vpn}/vote", json={"helpful": True}, headers=h).status_code == 204
    assert client.post(f"/api/v1/tray/kb/{vpn}/vote", json={"helpful": False}, headers=h).status_code == 204
    assert client.post(f"/api/v1/tray/kb/{vpn}/vote", json={"helpful": "yes"}, headers=h).status_code == 422
    assert client.post(f"/api/v1/tray/kb/{vpn}/vote", json={}, headers=h).status_code == 422
    seen = kb.get_article(db.uow(), SYSTEM, vpn, count_view=False)
    assert (seen.helpful_yes, seen.helpful_no, seen.views) == (1, 1, 1)

    assert client.post(f"/api/v1/tray/kb/{vpn}/deflection", headers=h).status_code == 204
    assert client.post("/api/v1/tray/kb/999999/deflection", headers=h).status_code == 404
    with db.uow() as uow:
        rows = uow.session.execute(select(Deflection.article_id, Deflection.user_id)).all()
    me = client.get("/api/v1/tray/me", headers=h).json()["id"]
    assert [tuple(r) for r in rows] == [(vpn, me)]
    assert client.post(f"/api/v1/tray/kb/{vpn}/deflection").status_code == 401


def test_each_409_names_its_error_by_code(client: httpx.Client, db: Database, sari: str) -> None:
    """409 is both a stale version and a state that forbids the change: the body's code tells them apart."""
    h = sign_in(client, sari)
    t = client.post("/api/v1/tray/tickets", json={"subject": "Projector"}, headers=h).json()
    workflow.claim(db.uow(), f.agent(db), t["id"])  # a newer version than the one she saw
    r = client.post(f"/api/v1/tray/tickets/{t['id']}/replies", json={"body": "Any news?",
                                                                    "expected_version": t["version"]}, headers=h)
    assert r.status_code == 409
    assert r.json()["code"] == "conflict" and r.json()["current_version"] > t["version"]
    r = client.post(f"/api/v1/tray/tickets/{t['id']}/csat", json={"rating": 5}, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    assert "current_version" not in r.json()
    assert client.get("/api/v1/tray/tickets/999999", headers=h).json()["code"] == "not_found"
    assert client.post(f"/api/v1/tray/tickets/{t['id']}/csat", json={"rating": 9},
                       headers=h).json()["code"] == "validation_failed"
    assert client.get("/api/v1/tray/tickets").json()["code"] == "authentication_failed"


def test_a_failed_sign_in_over_http_keeps_no_typed_name(db: Database, client: httpx.Client) -> None:
    r = client.post("/api/v1/tray/session", json={"username": "P@ssw0rd-in-the-name-box", "password": "x"})
    assert r.status_code == 401
    with db.uow() as uow:
        details = list(uow.session.scalars(select(AuditLog.detail).where(AuditLog.action == "signin.failed")))
    assert len(details) == 1 and "username_digest" in details[0]
    assert "P@ssw0rd" not in str(details) and "p@ssw0rd" not in str(details)


def test_each_user_reads_in_their_own_language(client: httpx.Client, db: Database) -> None:
    """The server answers every tray user in their language, whatever its own: a probe alert's
    subject, built-in category and team names, and refusals."""
    from tests.http.reports import report

    wulan = f.user(db, name="wulan", password=PASSWORD, language="id")
    tom = f.user(db, name="tom", password=PASSWORD, language="en")
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM, owner_id=wulan.id)
    machine_id, _token = enrolment.enrol(db.uow(), token, "pc-9", "Linux 6.1", None)
    alerts.ingest_report(db.uow(), machine_id, report(full_disk=True))
    printer = f.ticket(db, wulan, subject="Printer on floor 2 has a paper jam")
    h = sign_in(client, "wulan")
    rows = client.get("/api/v1/tray/tickets", headers=h).json()
    assert {r["subject"] for r in rows} == {"[pc-9] Disk /srv/full terisi 95% (sisa 25.0 GB)",
                                            "Printer on floor 2 has a paper jam"}
    detail = client.get(f"/api/v1/tray/tickets/{printer.number}", headers=h).json()
    assert (detail["category"], detail["team"]) == ("Perangkat keras / Printer", "Layanan Bantuan")
    other = f.ticket(db, tom)
    assert client.get(f"/api/v1/tray/tickets/{other.number}", headers=h).json()["detail"] == \
        f"Tiket {other.number} tidak ditemukan."
    tom_sees = client.get(f"/api/v1/tray/tickets/{other.number}", headers=sign_in(client, "tom")).json()
    assert tom_sees["category"] == "Hardware / Laptop / PC"  # built-in names in his language
    english = client.get(f"/api/v1/tray/tickets/{printer.number}", headers=sign_in(client, "tom"))
    assert english.json()["detail"] == f"Ticket {printer.number} not found."
