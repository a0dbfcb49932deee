"""A well-formed probe report skips FastAPI's routing (shared.http.routes.probe.ReportFastPath), and
every answer is the route's: the same request to an app with the fast path and to one without it
gets the same status, headers that matter and body, refusals included (two machines, one per app,
so each app's report is new to it)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import REPORT_MAX_BYTES, create_app
from shared.http.deps import AppState, RateLimits
from shared.http.security import Rate, RateLimiter
from shared.models import ProbeReport, Ticket
from shared.services import enrolment
from tests.conftest import PATIENCE
from tests.http.conftest import SECRET, LiveServer
from tests.http.reports import report

REPORT = "/api/v1/probe/report"
SAME_HEADERS = ("content-type", "www-authenticate", "retry-after")


class Pair:
    """The same database served twice: `fast` as `helpdesk serve` does, `plain` without the fast path."""

    def __init__(self, db: Database, limits: RateLimits, limiter_clock: Callable[[], float] | None = None) -> None:
        """`limiter_clock`: a clock for both apps' rate limiters (each its own), for answers that
        must not depend on how long the requests took."""
        self.db = db

        def limiter() -> RateLimiter | None:
            return RateLimiter(limiter_clock) if limiter_clock is not None else None

        self.fast = LiveServer(create_app(db, secret=SECRET, limits=limits, limiter=limiter()))
        self.plain = LiveServer(create_app(db, secret=SECRET, limits=limits, limiter=limiter(),
                                           report_fast_path=False))
        self.tokens = {"fast": self.enrol("pc-fast"), "plain": self.enrol("pc-plain")}

    def enrol(self, hostname: str) -> str:
        token = enrolment.issue_enrolment_token(self.db.uow(), SYSTEM)
        return enrolment.enrol(self.db.uow(), token, hostname, "Linux 6.1", None)[1]

    def post(self, content: bytes, headers: dict[str, str], token: str | None = "") -> tuple[Any, Any]:
        """The answer of each app (status, the headers that matter, the body parsed), `token`
        "" for each app's own machine token, None for none."""
        answers = []
        for name, server in (("fast", self.fast), ("plain", self.plain)):
            sent = dict(headers)
            if token is not None:
                sent["Authorization"] = f"Bearer {token or self.tokens[name]}"
            with httpx.Client(base_url=server.url, timeout=PATIENCE) as c:
                r = c.post(REPORT, content=content, headers=sent)
            answers.append((r.status_code, {h: r.headers.get(h) for h in SAME_HEADERS}, _body(r)))
        return answers[0], answers[1]

    def state(self, name: str) -> AppState:
        server = self.fast if name == "fast" else self.plain
        app_state = server.app.state.helpdesk
        assert isinstance(app_state, AppState)
        return app_state


def _body(r: httpx.Response) -> Any:
    data = r.json()
    if isinstance(data, dict) and "opened_tickets" in data:  # each app's machine has its own tickets
        data["opened_tickets"] = len(data["opened_tickets"])
    return data


@pytest.fixture
def pair(committed_db: Database) -> Iterator[Pair]:
    p = Pair(committed_db, RateLimits())
    p.fast.start()
    p.plain.start()
    yield p
    p.fast.stop()
    p.plain.stop()


JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 100_000 + b"]" * 100_000  # nested deeper than json's C scanner goes (RecursionError)


def test_a_report_is_answered_by_the_fast_path_as_by_the_route(pair: Pair) -> None:
    body = report(full_disk=True)
    fast, plain = pair.post(json.dumps(body).encode(), JSON)
    assert fast == plain
    assert fast[0] == 200 and fast[2] == {"accepted": True, "duplicate": False, "opened_tickets": 1}
    assert (pair.state("fast").fast_reports, pair.state("plain").fast_reports) == (1, 0)
    again = pair.post(json.dumps(body).encode(), JSON)  # the same report id: a replay
    assert again[0] == again[1] and again[0][2]["duplicate"] is True
    assert pair.state("fast").fast_reports == 2
    with pair.db.uow() as uow:  # each app stored its report once, and opened one alert ticket
        s = uow.session
        assert s.scalar(select(func.count()).select_from(ProbeReport)) == 2
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.alert_key.is_not(None))) == 2


@pytest.mark.parametrize(("content", "headers", "token"), [
    (b'{"report_id": "abc', JSON, ""),  # not JSON
    (b"", JSON, ""),  # no body
    (b"[1, 2]", JSON, ""),  # not an object
    (json.dumps({**report(), "alerts": "none"}).encode(), JSON, ""),  # wrong type
    (json.dumps({**report(), "extra": 1}).encode(), JSON, ""),  # unknown field
    (json.dumps(report()).encode(), {"Content-Type": "text/plain"}, ""),  # not sent as JSON
    (json.dumps(report()).encode(), {"Content-Type": "application/json; charset=utf-8"}, ""),
    (json.dumps(report()).encode(), JSON, None),  # no token
    (json.dumps(report()).encode(), JSON, "a guessed token"),
    (b'{"report_id": "abc', JSON, "a guessed token"),  # both wrong: as the route orders them
    (json.dumps({**report(), "alerts": "none"}).encode(), JSON, "a guessed token"),
    (json.dumps({**report(), "pad": "x" * REPORT_MAX_BYTES}).encode(), JSON, ""),  # too large: 413
    (DEEP, JSON, ""),  # deeper than json's scanner goes: 400
    (json.dumps(report()).replace('"snapshot": {', '"snapshot": {"deep": ' + DEEP.decode() + ", ", 1).encode(),
     JSON, ""),
])
def test_every_other_request_gets_the_routes_answer(pair: Pair, content: bytes, headers: dict[str, str],
                                                     token: str | None) -> None:
    fast, plain = pair.post(content, headers, token)
    assert fast == plain


def test_a_body_nested_too_deeply_is_refused_clearly(pair: Pair) -> None:
    body = json.dumps(report())
    for content in (DEEP, body[:-1].encode() + b', "x": ' + DEEP + b"}"):
        fast, plain = pair.post(content, JSON)
        assert fast == plain
        assert fast[0] == 400 and fast[2]["detail"] == "The body could not be read as JSON (is it nested too deeply?)."
    assert pair.state("fast").fast_reports == 0


def test_a_report_does_not_enter_the_middleware_stack(pair: Pair) -> None:
    """The fast path runs in front of FastAPI's middleware (HelpdeskApp): a well-formed report
    leaves the stack unbuilt (Starlette builds it at the first request it serves, and the test
    servers run no lifespan); a report the fast path leaves goes through it."""
    app = pair.fast.app
    assert pair.post(json.dumps(report()).encode(), JSON)[0][0] == 200
    assert app.middleware_stack is None and pair.state("fast").fast_reports == 1
    assert pair.post(b"[1, 2]", JSON)[0][0] == 422
    assert app.middleware_stack is not None and pair.state("fast").fast_reports == 1


def test_a_replaced_token_is_refused_on_its_next_report(pair: Pair) -> None:
    """Cached by the first report, replaced by re-enrolment: the next report is 401 on both paths
    (the writer's transaction checks the hash) and the token leaves the cache."""
    assert pair.post(json.dumps(report()).encode(), JSON)[0][0] == 200
    old = dict(pair.tokens)
    pair.tokens = {"fast": pair.enrol("pc-fast"), "plain": pair.enrol("pc-plain")}
    answers = []
    for name in ("fast", "plain"):
        server = pair.fast if name == "fast" else pair.plain
        with httpx.Client(base_url=server.url, timeout=PATIENCE) as c:
            r = c.post(REPORT, json=report(), headers={"Authorization": f"Bearer {old[name]}"})
        answers.append((r.status_code, r.headers.get("www-authenticate"), r.json()))
        assert len(pair.state(name).machine_tokens) == 0
    assert answers[0] == answers[1] and answers[0][0] == 401
    assert pair.state("fast").fast_reports == 2
    fast, plain = pair.post(json.dumps(report()).encode(), JSON)  # the new tokens
    assert fast == plain and fast[0] == 200


@pytest.mark.usefixtures("committed_db")
def test_the_rate_limit_answers_as_the_route(db: Database) -> None:
    # A still clock: the Retry-After is the same whatever time passed between the two apps' answers
    # (on a real clock one said 999 s and the other 1000 s when a second ended between them).
    pair = Pair(db, RateLimits(report=Rate(per_second=0.001, burst=1)), limiter_clock=lambda: 1000.0)
    pair.fast.start()
    pair.plain.start()
    try:
        assert pair.post(json.dumps(report()).encode(), JSON)[0][0] == 200
        fast, plain = pair.post(json.dumps(report()).encode(), JSON)
        assert fast == plain and fast[0] == 429 and fast[1]["retry-after"]
    finally:
        pair.fast.stop()
        pair.plain.stop()
