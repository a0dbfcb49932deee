"""A well-formed tray ticket skips FastAPI's stack and routing (shared.http.routes.tray.TicketFastPath),
and every answer is the route's: the same request to an app with the fast path and to one without
it gets the same status, headers that matter and body (byte for byte where both describe the same
ticket), refusals included. Two apps on one database stand for the two paths; one user is signed
in on both (a session row is good on every server)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import create_app
from shared.http.deps import AppState, RateLimits
from shared.http.routes.tray import upload_body_limit
from shared.http.security import Rate
from shared.i18n import set_language
from shared.models import AuditLog, Ticket, User, UserSession
from shared.models.enums import Role
from shared.services import catalog, sessions
from tests import factories as f
from tests.conftest import PATIENCE
from tests.http.conftest import SECRET, LiveServer

TICKETS = "/api/v1/tray/tickets"
PASSWORD = "correct horse battery 42"
SAME_HEADERS = ("content-type", "www-authenticate", "retry-after", "content-length")
JSON = {"Content-Type": "application/json"}
# Signing in is not what these tests check, and its bucket is shared through the database: one test
# signs in nine times, and the next one's sign-in must not meet a 429.
SIGN_IN = Rate(per_second=1000, burst=1000)


class Pair:
    """The same database served twice: `fast` as `helpdesk serve` does, `plain` without the tray's fast path."""

    def __init__(self, db: Database, limits: RateLimits) -> None:
        self.db = db
        self.fast = LiveServer(create_app(db, secret=SECRET, limits=limits))
        self.plain = LiveServer(create_app(db, secret=SECRET, limits=limits, ticket_fast_path=False))
        self.fast.start()
        self.plain.start()
        self.user = f.user(db, Role.REQUESTER, name="sari", password=PASSWORD)
        self.token = self.sign_in()

    def sign_in(self) -> str:
        with httpx.Client(base_url=self.fast.url, timeout=PATIENCE) as c:
            r = c.post("/api/v1/tray/session", json={"username": "sari", "password": PASSWORD})
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def state(self, name: str) -> AppState:
        app_state = (self.fast if name == "fast" else self.plain).app.state.helpdesk
        assert isinstance(app_state, AppState)
        return app_state

    def post(self, content: bytes, headers: dict[str, str] | None = None,
             token: str | None = "") -> tuple[httpx.Response, httpx.Response]:
        """Each app's answer to the same request; `token` "" for the user's, None for none."""
        sent = dict(JSON if headers is None else headers)
        if token is not None:
            sent["Authorization"] = f"Bearer {token or self.token}"
        answers = []
        for server in (self.fast, self.plain):
            with httpx.Client(base_url=server.url, timeout=PATIENCE) as c:
                answers.append(c.post(TICKETS, content=content, headers=sent))
        return answers[0], answers[1]

    def stop(self) -> None:
        self.fast.stop()
        self.plain.stop()


def _seen(r: httpx.Response) -> tuple[int, dict[str, str | None], bytes]:
    return r.status_code, {h: r.headers.get(h) for h in SAME_HEADERS}, r.content


@pytest.fixture
def pair(committed_db: Database) -> Iterator[Pair]:
    f.defaults(committed_db)
    p = Pair(committed_db, RateLimits(sign_in=SIGN_IN))
    yield p
    p.stop()


def _body(**extra: Any) -> bytes:
    return json.dumps({"subject": "Printer jams", "description": "Kertas macet di tray 2", **extra}).encode()


def test_a_resent_ticket_is_answered_byte_for_byte_as_by_the_route(pair: Pair) -> None:
    """The outbox's key makes the second request answer the first one's ticket: both paths then
    describe the same ticket, and their answers are the same bytes (non-ASCII text, a file, a
    category, impact and urgency included)."""
    category = catalog.create_category(pair.db.uow(), SYSTEM, "Pencetak — lantai 3")
    data = base64.b64encode("résumé ✓".encode()).decode()
    content = json.dumps({"subject": "Printer jams — ✓ 打印机", "description": "Kertas macet\n\"tray 2\"",
                          "category_id": category, "impact": "high", "urgency": "low", "key": "k" * 32,
                          "attachments": [{"filename": "log ✓.txt", "content_type": "text/plain", "data": data}]},
                         ensure_ascii=False).encode()
    fast, plain = pair.post(content)
    assert fast.status_code == 201, fast.text
    assert _seen(fast) == _seen(plain)
    assert fast.json()["attachments"][0]["filename"] == "log ✓.txt" and fast.json()["category_id"] == category
    assert (pair.state("fast").fast_tickets, pair.state("plain").fast_tickets) == (1, 0)


def test_a_new_ticket_is_answered_as_by_the_route(pair: Pair) -> None:
    """Without a key each path opens its own ticket: the same answer but for what tells the two
    tickets apart (id, number, times), in the same order and the same bytes around them."""
    fast, plain = pair.post(_body())
    assert fast.status_code == plain.status_code == 201
    assert {h: fast.headers.get(h) for h in SAME_HEADERS[:3]} == {h: plain.headers.get(h) for h in SAME_HEADERS[:3]}
    one, other = fast.json(), plain.json()
    assert list(one) == list(other)

    def masked(r: httpx.Response, ticket: dict[str, Any]) -> bytes:
        text = r.content
        for value in (ticket["number"], *{e.get("at") for e in ticket["entries"]}, ticket["created_at"],
                      ticket["updated_at"], ticket["response_due_at"], ticket["resolution_due_at"]):
            if value:
                text = text.replace(json.dumps(value).encode(), b'"*"')
        return re.sub(rb'"id":\d+', b'"id":0', text)

    assert masked(fast, one) == masked(plain, other)
    assert pair.state("fast").fast_tickets == 1
    with pair.db.uow() as uow:  # each path opened its ticket, audited alike
        s = uow.session
        ids = [one["id"], other["id"]]
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.id.in_(ids))) == 2
        actions = [sorted(s.scalars(select(AuditLog.action).where(AuditLog.entity == "ticket",
                                                                 AuditLog.entity_id == i))) for i in ids]
        assert actions[0] == actions[1]


DEEP = b"[" * 100_000 + b"]" * 100_000  # nested deeper than json's C scanner goes (RecursionError)


@pytest.mark.parametrize(("content", "headers", "token"), [
    (b'{"subject": "abc', JSON, ""),  # not JSON: 422
    (b"", JSON, ""),  # no body
    (b"[1, 2]", JSON, ""),  # not an object
    (_body(subject=""), JSON, ""),  # too short
    (_body(impact="huge"), JSON, ""),  # not a level
    (_body(extra=1), JSON, ""),  # unknown field
    (_body(category_id=2**31), JSON, ""),  # out of range
    (_body(category_id=999_999), JSON, ""),  # no such category: the service's 404, from the fast path
    (_body(attachments=[{"filename": "a.txt", "data": "not base64!"}]), JSON, ""),
    (_body(), {"Content-Type": "text/plain"}, ""),  # not sent as JSON
    (_body(), JSON, None),  # no token
    (_body(), JSON, "a guessed token"),
    (b'{"subject": "abc', JSON, "a guessed token"),  # both wrong: as the route orders them
    (_body(subject=""), JSON, "a guessed token"),
    (DEEP, JSON, ""),  # deeper than json's scanner goes: 400
])
def test_every_other_request_gets_the_routes_answer(pair: Pair, content: bytes, headers: dict[str, str],
                                                     token: str | None) -> None:
    fast, plain = pair.post(content, headers, token)
    assert fast.status_code >= 400
    assert _seen(fast) == _seen(plain)


def test_json_with_a_charset_is_left_to_the_route(pair: Pair) -> None:
    fast, plain = pair.post(_body(), {"Content-Type": "application/json; charset=utf-8"})
    assert fast.status_code == plain.status_code == 201
    assert pair.state("fast").fast_tickets == 0


def test_a_body_over_the_upload_limit_is_413_on_both(pair: Pair) -> None:
    limit = upload_body_limit(pair.db.settings.attachment_max_bytes)
    fast, plain = pair.post(_body(description="x" * (limit + 1)))
    assert fast.status_code == 413 and _seen(fast) == _seen(plain)
    assert pair.state("fast").fast_tickets == 0


def test_an_unknown_session_a_revoked_one_and_a_disabled_user_are_refused_at_once(pair: Pair) -> None:
    """A token signed by the server but naming no session row, or another user's, is refused;
    revoking the sessions, and disabling the user, refuse the very next ticket on both paths (the
    session row is read on every call: no cache to wait for)."""
    signer = pair.state("fast").signer
    user_id = pair.user.id
    assert user_id is not None
    other = f.user(pair.db, Role.REQUESTER, name="bayu", password=PASSWORD)
    assert other.id is not None
    unknown = signer.issue(user_id, "sari", session_id="0" * 32)[0]
    sessions_id = signer.verify(pair.token).session_id
    borrowed = signer.issue(other.id, "bayu", session_id=sessions_id)[0]  # sari's session, bayu's id
    for token in (unknown, borrowed):
        fast, plain = pair.post(_body(), token=token)
        assert fast.status_code == 401 and _seen(fast) == _seen(plain)
        assert fast.json()["detail"] == "Your session is invalid or has expired; please sign in again."
    assert pair.post(_body())[0].status_code == 201
    sessions.revoke_user_sessions(pair.db.uow(), SYSTEM, user_id)
    fast, plain = pair.post(_body())
    assert fast.status_code == 401 and _seen(fast) == _seen(plain)
    pair.token = pair.sign_in()
    assert pair.post(_body())[0].status_code == 201
    with pair.db.uow() as uow:  # as the directory's sync may leave it: inactive, its sessions not revoked
        user = uow.session.get(User, user_id)
        assert user is not None
        user.active = False
        uow.commit()
    fast, plain = pair.post(_body())
    assert fast.status_code == 401 and _seen(fast) == _seen(plain)
    assert fast.json()["detail"] == "Your account is disabled; please contact the service desk."
    assert pair.state("fast").fast_tickets == 6


def test_refusals_are_worded_in_the_servers_language(pair: Pair) -> None:
    """The session reader says why a session is refused; the request words it (here in Indonesian)."""
    signer = pair.state("fast").signer
    assert pair.user.id is not None
    unknown = signer.issue(pair.user.id, "sari", session_id="0" * 32)[0]
    set_language("id")
    try:
        fast, plain = pair.post(_body(), token=unknown)
    finally:
        set_language("en")
    assert fast.status_code == 401 and _seen(fast) == _seen(plain)
    assert fast.json()["detail"] != "Your session is invalid or has expired; please sign in again."


def test_one_bad_session_among_many_refuses_only_its_own_call(pair: Pair) -> None:
    """Calls waiting together are checked together (the session reader's batches): the one whose
    session was revoked is refused, the others are created."""
    good = [pair.sign_in() for _i in range(7)]
    bad = pair.sign_in()
    bad_session = pair.state("fast").signer.verify(bad).session_id
    with pair.db.uow() as uow:
        row = uow.session.get(UserSession, bad_session)
        assert row is not None
        row.revoked_at = uow.now()
        uow.commit()

    def create(token: str) -> int:
        with httpx.Client(base_url=pair.fast.url, timeout=PATIENCE) as c:
            return c.post(TICKETS, content=_body(), headers={**JSON, "Authorization": f"Bearer {token}"}).status_code

    for _round in range(3):  # batches of more than one are likely, not certain: the answers hold either way
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(create, [*good[:4], bad, *good[4:]]))
        assert codes == [201] * 4 + [401] + [201] * 3


@pytest.mark.usefixtures("committed_db")
def test_the_rate_limit_answers_as_the_route(db: Database) -> None:
    f.defaults(db)
    pair = Pair(db, RateLimits(tray=Rate(per_second=0.001, burst=2), sign_in=SIGN_IN))
    try:
        assert pair.post(_body())[0].status_code == 201  # one token from each app's own bucket
        fast, plain = pair.post(_body())
        assert fast.status_code == 201
        fast, plain = pair.post(_body())
        # Retry-After, and the wait the detail says, count down from when each app's bucket ran
        # dry: a second apart at most.
        assert fast.status_code == plain.status_code == 429
        assert [re.sub(rb"\d[\d,. ]*\d|\d", b"N", r.content) for r in (fast, plain)] == [
            re.sub(rb"\d[\d,. ]*\d|\d", b"N", fast.content)] * 2
        assert abs(int(fast.headers["retry-after"]) - int(plain.headers["retry-after"])) <= 1
        assert fast.headers["content-type"] == plain.headers["content-type"]
    finally:
        pair.stop()
