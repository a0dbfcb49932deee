"""Client + spool against a real HTTP server on loopback: retry, offline spooling, rejection."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_probe.report.client import ProbeClient, RequestRejectedError, ServerUnavailableError
from agent_probe.report.cycle import build_report, run_cycle
from agent_probe.report.spool import Spool
from tests.probe.httpserver import fake_server
from tests.probe.sshd import free_port


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
    assert result.outcome == "delivered" and result.replay.delivered == 2
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
