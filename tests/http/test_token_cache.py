"""Machine tokens cached per server process (shared.http.tokens), and still refused at once when
replaced: the report's transaction checks the token's hash on the machine row it locks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import AuthenticationFailed, NotFound
from shared.http.app import create_app
from shared.http.deps import RateLimits
from shared.http.tokens import MachineTokens
from shared.services import alerts, enrolment
from tests.conftest import PATIENCE
from tests.http.conftest import SECRET, LiveServer
from tests.http.reports import report

REPORT = "/api/v1/probe/report"


def enrol(db: Database, hostname: str = "pc-1") -> tuple[int, str]:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    return enrolment.enrol(db.uow(), token, hostname, "Linux 6.1", None)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def tokens_of(server: LiveServer) -> MachineTokens:
    cache = server.app.state.helpdesk.machine_tokens
    assert isinstance(cache, MachineTokens)
    return cache


def test_a_token_is_looked_up_once_per_process(db: Database, live: LiveServer, client: httpx.Client) -> None:
    _mid, token = enrol(db)
    for _ in range(3):
        assert client.post(REPORT, json=report(), headers=auth(token)).status_code == 200
    assert tokens_of(live).lookups == 1


@pytest.mark.usefixtures("committed_db")
def test_a_replaced_token_is_refused_on_its_next_report_by_every_server(db: Database) -> None:
    """Two server processes (two apps on one database) have the token cached; the machine is
    enrolled again (a reinstalled probe: a new token). The old token's very next report is 401 on
    both, nothing is stored, and the refusal empties each cache of it; the new token works."""
    servers = [LiveServer(create_app(db, secret=SECRET, limits=RateLimits())) for _ in range(2)]
    for server in servers:
        server.start()
    try:
        _mid, old = enrol(db)
        for server in servers:
            with httpx.Client(base_url=server.url, timeout=PATIENCE) as c:
                assert c.post(REPORT, json=report(), headers=auth(old)).status_code == 200
            assert len(tokens_of(server)) == 1
        _same, new = enrol(db)  # the same host name: its token is replaced
        assert _same == _mid
        for server in servers:
            with httpx.Client(base_url=server.url, timeout=PATIENCE) as c:
                refused = c.post(REPORT, json=report(), headers=auth(old))
                assert refused.status_code == 401 and "Unknown machine token" in refused.json()["detail"]
                assert len(tokens_of(server)) == 0
                assert c.post(REPORT, json=report(), headers=auth(old)).status_code == 401  # from the database
                assert c.post(REPORT, json=report(), headers=auth(new)).status_code == 200
    finally:
        for server in servers:
            server.stop()


def test_the_report_transaction_checks_the_token_hash(db: Database) -> None:
    mid, token = enrol(db)
    good, stale = enrolment.hash_token(token), enrolment.hash_token("an old token")
    assert not alerts.ingest_report(db.uow(), mid, report(), good).duplicate
    with pytest.raises(AuthenticationFailed):
        alerts.ingest_report(db.uow(), mid, report(), stale)
    other, other_token = enrol(db, "pc-2")
    with pytest.raises(AuthenticationFailed):  # one stale token fails the batch (the writer then goes one by one)
        alerts.ingest_many(db.uow(), [(mid, report(), good), (other, report(), stale)])
    with pytest.raises(AuthenticationFailed):  # a machine removed since its token was cached
        alerts.ingest_report(db.uow(), 999_999, report(), good)
    with pytest.raises(NotFound):  # without a token (the demo, the tests): as before
        alerts.ingest_report(db.uow(), 999_999, report())
    done = alerts.ingest_many(db.uow(), [(mid, report(), good), (other, report(), enrolment.hash_token(other_token))])
    assert [r.duplicate for r in done] == [False, False]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_unknown_tokens_are_not_kept_and_entries_expire(db: Database) -> None:
    clock = Clock()
    cache = MachineTokens(ttl=60, clock=clock)
    mid, token = enrol(db)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            cache.machine_for(db.uow(), "a guess")
    assert len(cache) == 0 and cache.lookups == 0
    assert cache.machine_for(db.uow(), token).machine_id == mid
    assert cache.machine_for(db.uow(), token) == (mid, enrolment.hash_token(token))
    assert cache.lookups == 1
    clock.now += 61
    assert cache.machine_for(db.uow(), token).machine_id == mid
    assert cache.lookups == 2


def test_the_cache_is_bounded(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MachineTokens, "MAX_ENTRIES", 2)
    cache = MachineTokens()
    tokens = [enrol(db, f"pc-{i}")[1] for i in range(3)]
    for token in tokens:
        cache.machine_for(db.uow(), token)
    assert len(cache) <= 2


def test_tokens_are_looked_up_together_each_answered_in_order(db: Database) -> None:
    """The server's token reader answers a batch of hashes with one statement: a machine id for each
    token a machine holds, None for one nobody holds (refused by its own caller, not the batch)."""
    (a, token_a), (b, token_b) = enrol(db, "pc-a"), enrol(db, "pc-b")
    hashes = [enrolment.hash_token(t) for t in (token_b, "a guess", token_a, token_b)]
    assert enrolment.machines_for_hashes(db.uow(), hashes) == [b, None, a, b]
    assert enrolment.machines_for_hashes(db.uow(), []) == []


def test_a_storm_of_machines_not_cached_goes_through_the_token_reader(db: Database, live: LiveServer) -> None:
    """Eight machines the server has not seen report at once, with one unknown token among them:
    every known one is stored, the unknown one is refused in its own words, and each token was
    looked up in the token reader's batches (not in a worker thread of its own)."""
    known = [enrol(db, f"pc-{i}")[1] for i in range(8)]
    reader = live.app.state.helpdesk.token_reader

    def send(token: str) -> httpx.Response:
        with httpx.Client(base_url=live.url, timeout=PATIENCE) as c:
            return c.post(REPORT, json=report(), headers=auth(token))

    with ThreadPoolExecutor(max_workers=9) as pool:
        answers = list(pool.map(send, [*known, "not a machine's token"]))
    assert [a.status_code for a in answers] == [200] * 8 + [401]
    assert "Unknown machine token" in answers[-1].json()["detail"]
    assert tokens_of(live).lookups == 8 and len(tokens_of(live)) == 8
    assert 1 <= reader.batches <= 9
