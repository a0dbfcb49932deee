"""The probe's TLS trust: only the CA pinned at enrolment, or the system store when none was given;
chain and host name always verified; one context per client."""

from __future__ import annotations

import ssl
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_probe import main as cli
from agent_probe.report.client import ProbeClient, ServerUnavailableError
from agent_probe.report.enrol import load_state
from tests.probe.tls import Authority, tls_server


class Pki:
    def __init__(self, directory: Path) -> None:
        self.ca = Authority(directory, "helpdesk test CA")
        self.other_ca = Authority(directory, "someone else's CA")
        self.server = self.ca.issue("localhost", "127.0.0.1")
        self.wrong_name = self.ca.issue("other.example")  # right CA, another host's certificate
        self.impostor = self.other_ca.issue("localhost", "127.0.0.1")  # right name, another CA


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pki]:
    yield Pki(tmp_path_factory.mktemp("pki"))


def client_for(url: str, ca_file: Path | None) -> ProbeClient:
    return ProbeClient(url, token="t", ca_file=str(ca_file) if ca_file else None, max_attempts=1)


def test_pinned_ca_is_the_only_trust_anchor_and_checks_stay_on(pki: Pki) -> None:
    client = client_for("https://127.0.0.1:1", pki.ca.pem)
    context = client._context
    assert context is not None
    assert context.cert_store_stats() == {"x509": 1, "crl": 0, "x509_ca": 1}  # not the system bundle
    assert [dict(rdn[0] for rdn in ca["subject"]) for ca in context.get_ca_certs()] == [
        {"commonName": "helpdesk test CA"}
    ]
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_server_chaining_to_the_pinned_ca_is_trusted(pki: Pki) -> None:
    with tls_server(*pki.server) as server:
        client = client_for(server.url, pki.ca.pem)
        assert client.post_json("/api/v1/probe/report", {"a": 1}) == {"ok": True}
        assert client.post_json("/api/v1/probe/report", {"a": 2}) == {"ok": True}
    assert [r.body for r in server.received] == [{"a": 1}, {"a": 2}]


def test_same_server_by_dns_name(pki: Pki) -> None:
    with tls_server(*pki.server, host="localhost") as server:
        assert client_for(server.url, pki.ca.pem).post_json("/x", {}) == {"ok": True}


def test_server_not_chaining_to_the_pinned_ca_is_refused(pki: Pki) -> None:
    # The impostor's certificate names the right host, and its CA might well be in the system
    # store: with a CA pinned, neither matters.
    with tls_server(*pki.impostor) as server, pytest.raises(ServerUnavailableError, match="CERTIFICATE_VERIFY_FAILED"):
        client_for(server.url, pki.ca.pem).post_json("/x", {"secret": 1})
    assert server.received == []  # nothing, not even the headers with the token, was sent


def test_certificate_for_another_host_is_refused(pki: Pki) -> None:
    with tls_server(*pki.wrong_name) as server, pytest.raises(ServerUnavailableError, match="mismatch"):
        client_for(server.url, pki.ca.pem).post_json("/x", {})
    assert server.received == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SSL_CERT_FILE replaces the store only on Linux")
def test_without_a_pinned_ca_the_system_store_is_used(pki: Pki, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = pki.ca.pem.parent / "system-bundle.pem"
    bundle.write_bytes(pki.other_ca.pem.read_bytes() + pki.ca.pem.read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # OpenSSL's default store, as a machine has it
    client = client_for("https://127.0.0.1:1", None)
    assert client._context is not None and client._context.cert_store_stats()["x509_ca"] == 2
    with tls_server(*pki.server) as server:
        assert client_for(server.url, None).post_json("/x", {}) == {"ok": True}


def test_ca_file_is_stored_absolute_at_enrolment(
    pki: Pki, tmp_path: Path, probe_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `run` starts later as a service in another working directory: a relative path would break it.
    monkeypatch.chdir(pki.ca.pem.parent)
    with tls_server(*pki.server, response={"machine_id": 7, "machine_token": "tok"}) as server:
        assert cli.main(["enrol", "--server", server.url, "--token", "t", "--ca-file", pki.ca.pem.name]) == 0
    state = load_state(probe_env / "state.json")
    assert state is not None and state.ca_file == str(pki.ca.pem)
    monkeypatch.chdir(tmp_path)
    with tls_server(*pki.server) as server:
        state_url = server.url
        (probe_env / "state.json").write_text(
            (probe_env / "state.json").read_text().replace(state.server_url, state_url), encoding="utf-8"
        )
        assert cli.main(["report"]) == 0
    assert len(server.received) == 1
