"""Client + spool against a real HTTP server on loopback: retry, offline spooling, rejection."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from agent_probe.report.client import ProbeClient, RequestRejectedError, ServerUnavailableError
from agent_probe.report.cycle import build_report, run_cycle
from agent_probe.report.spool import Spool
from tests.ports import free_port
from tests.probe.httpserver import fake_server

ROOT = Path(__file__).resolve().parents[2]


def client_for(url: str, sleeps: list[float] | None = None, **kwargs: object) -> ProbeClient:
    record = sleeps if sleeps is not None else []
    return ProbeClient(url, token="machine-secret", timeout=5, sleep=record.append, rng=lambda: 1.0, **kwargs)  # type: ignore[arg-type]


def test_retries_after_503_then_delivers_with_bearer_token() -> None:
    sleeps: list[float] = []
    with fake_server(script=[503, 503]) as server:
        response = client_for(server.url, sleeps).post_json("/api/v1/probe/report", {"a": 1})
    assert response == {"ok": True}
    assert [r.body for r in server.received] == [{"a": 1}] * 3
    assert server.received[-1].headers["authorization"] == "Bearer machine-secret"
    assert server.received[-1].path == "/api/v1/probe/report"
    assert sleeps == [0.5, 1.0]  # exponential backoff (jitter pinned by rng=1.0)


def test_backoff_has_full_jitter_and_a_cap() -> None:
    client = ProbeClient("http://127.0.0.1:1", backoff_base=1, backoff_cap=5, rng=lambda: 0.5)
    assert [client._delay(n, None) for n in range(5)] == [0.5, 1.0, 2.0, 2.5, 2.5]
    assert client._delay(0, 30.0) == 5  # Retry-After honoured, but capped


def test_4xx_is_not_retried() -> None:
    sleeps: list[float] = []
    with fake_server(script=[422]) as server, pytest.raises(RequestRejectedError) as exc:
        client_for(server.url, sleeps).post_json("/x", {})
    assert exc.value.status == 422 and "status 422" in str(exc.value)
    assert len(server.received) == 1 and sleeps == []


def test_429_is_retried() -> None:
    with fake_server(script=[429]) as server:
        client_for(server.url).post_json("/x", {})
    assert len(server.received) == 2


def test_server_down_raises_unavailable_after_retries() -> None:
    sleeps: list[float] = []
    with pytest.raises(ServerUnavailableError):
        client_for(f"http://127.0.0.1:{free_port()}", sleeps, max_attempts=3).post_json("/x", {})
    assert len(sleeps) == 2


def test_refuses_plain_http_to_a_remote_server() -> None:
    with pytest.raises(ValueError, match="https"):
        ProbeClient("http://helpdesk.example.org")
    ProbeClient("http://helpdesk.example.org", allow_insecure_http=True)
    ProbeClient("https://helpdesk.example.org")


def test_report_delivered_after_503(tmp_path: Path) -> None:
    with fake_server(script=[503]) as server:
        result = run_cycle(client_for(server.url), Spool(tmp_path))
    assert result.outcome == "delivered"
    body = server.received[-1].body
    assert set(body) == {"report_id", "snapshot", "alerts"}
    assert body["snapshot"]["schema_version"] == 1


def test_server_down_spools_then_replays_when_back(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    port = free_port()
    offline = client_for(f"http://127.0.0.1:{port}", max_attempts=2)
    first, second = build_report(), build_report()
    assert run_cycle(offline, spool, first).outcome == "spooled"
    assert run_cycle(offline, spool, second).outcome == "spooled"
    assert len(spool.pending()) == 2
    with fake_server() as server:
        result = run_cycle(client_for(server.url), spool)
    assert result.outcome == "delivered" and result.replay.delivered == 3  # both spooled, then the new one
    ids = [r.body["report_id"] for r in server.received]
    # Oldest first, then the fresh report: none lost, order kept.
    assert ids[:2] == [first["report_id"], second["report_id"]] and len(ids) == 3
    assert spool.pending() == []


def test_4xx_report_goes_to_rejected_folder(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    with fake_server(script=[400]) as server:
        result = run_cycle(client_for(server.url), spool)
    assert result.outcome == "rejected"
    assert spool.pending() == []
    assert len(list(spool.rejected_dir.glob("*.json"))) == 1
    assert len(server.received) == 1


class _RecordingSpoolAtSend(ProbeClient):
    """Looks into the spool at the moment of each send attempt, then finds the server down."""

    def __init__(self, spool: Spool) -> None:
        super().__init__("http://127.0.0.1:9")
        self.spool, self.seen = spool, []  # type: list[list[str]]

    def post_encoded(self, path: str, data: bytes) -> dict[str, Any]:
        self.seen.append([json.loads(p.read_text())["report_id"] for p in self.spool.pending()])
        raise ServerUnavailableError("down")


def test_the_report_is_on_disk_before_the_first_send_attempt(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    client = _RecordingSpoolAtSend(spool)
    report = build_report()
    assert run_cycle(client, spool, report).outcome == "spooled"
    assert client.seen == [[report["report_id"]]]
    assert [json.loads(p.read_text())["report_id"] for p in spool.pending()] == [report["report_id"]]


@contextmanager
def _server_that_never_answers() -> Iterator[tuple[str, threading.Event]]:
    """Reads one request, says it got it, and never answers: the probe hangs mid-send."""
    listener = socket.create_server(("127.0.0.1", 0))
    got_request = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        conn, _addr = listener.accept()
        held.append(conn)
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        got_request.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", got_request
    finally:
        for conn in held:
            conn.close()
        listener.close()
        thread.join(timeout=5)


_CHILD = """
import json, sys
from pathlib import Path
from agent_probe.report.client import ProbeClient
from agent_probe.report.cycle import run_cycle
from agent_probe.report.spool import Spool
run_cycle(ProbeClient(sys.argv[1], timeout=300), Spool(Path(sys.argv[2])), json.loads(sys.argv[3]))
"""


def test_a_probe_killed_while_sending_leaves_the_report_spooled_and_the_next_run_sends_it_once(
        tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    first = {"report_id": "a" * 32, "snapshot": {}, "alerts": []}
    with _server_that_never_answers() as (url, got_request):
        child = subprocess.Popen([sys.executable, "-c", _CHILD, url, str(spool_dir), json.dumps(first)],
                                 cwd=ROOT)
        try:
            assert got_request.wait(timeout=60)  # it is sending now
        finally:
            child.kill()  # the power cut
            child.wait(timeout=30)
    spool = Spool(spool_dir)
    assert [json.loads(p.read_text())["report_id"] for p in spool.pending()] == [first["report_id"]]
    second = build_report()
    with fake_server() as server:
        assert run_cycle(client_for(server.url), spool, second).outcome == "delivered"
    assert [r.body["report_id"] for r in server.received] == [first["report_id"], second["report_id"]]
    assert spool.pending() == []


def test_a_disk_that_takes_no_copy_still_gets_the_report_sent(tmp_path: Path) -> None:
    blocked = tmp_path / "spool"
    blocked.write_text("a file where the spool folder should be")  # put() fails with an OSError
    with fake_server() as server:
        assert run_cycle(client_for(server.url), Spool(blocked)).outcome == "delivered"
    assert len(server.received) == 1
    offline = client_for(f"http://127.0.0.1:{free_port()}", max_attempts=1)
    assert run_cycle(offline, Spool(blocked)).outcome == "lost"
