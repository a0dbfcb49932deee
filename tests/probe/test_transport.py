"""The probe's own HTTP/1.1 POST: response parsing, chunked bodies, and real TLS with a pinned CA."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from agent_probe.report import transport
from agent_probe.report.client import ProbeClient, ServerUnavailableError
from tests.probe.httpserver import FakeServer, _Handler


def test_parses_status_headers_and_content_length() -> None:
    raw = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}junk"
    response = transport.parse_response(raw)
    assert (response.status, response.reason, response.body) == (201, "Created", b"{}")
    assert response.headers["content-type"] == "application/json"


def test_undoes_chunked_encoding() -> None:
    raw = b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{"a"\r\n5;ext=1\r\n: 1}\n\r\n0\r\n\r\n'
    assert transport.parse_response(raw).body == b'{"a": 1}\n'


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"HTTP/1.1 200 OK\r\n",
        b"SSH-2.0-OpenSSH\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_garbage_is_a_protocol_error(raw: bytes) -> None:
    with pytest.raises(transport.ProtocolError):
        transport.parse_response(raw)


def test_header_injection_through_a_token_is_refused() -> None:
    client = ProbeClient("http://127.0.0.1:1", token="x\r\nX-Evil: 1", max_attempts=1)
    with pytest.raises(ServerUnavailableError, match="line break"):
        client.post_json("/x", {})


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl CLI not installed")
    workdir = tmp_path_factory.mktemp("tls")
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.state = FakeServer(url=f"https://localhost:{server.server_address[1]}")  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.state.url, cert  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_tls_with_the_servers_ca_file_delivers(tls_server: tuple[str, Path]) -> None:
    url, cert = tls_server
    client = ProbeClient(url, token="t", ca_file=str(cert), max_attempts=1)
    assert client.post_json("/api/v1/probe/report", {"a": 1}) == {"ok": True}


@pytest.mark.skipif(sys.platform == "win32", reason="system trust store differs")
def test_tls_without_trusting_the_ca_is_refused(tls_server: tuple[str, Path]) -> None:
    url, _cert = tls_server
    client = ProbeClient(url, token="t", max_attempts=1)
    with pytest.raises(ServerUnavailableError, match="CERTIFICATE_VERIFY_FAILED"):
        client.post_json("/x", {})


def test_resident_probe_stays_lean() -> None:
    # The 20 MB budget: these imports each cost 0.5-4 MB and must not creep into `helpdesk-probe run`.
    code = (
        "import sys\n"
        "import agent_probe.main, agent_probe.report.cycle, agent_probe.report.enrol, agent_probe.collect.assemble\n"
        "heavy = {'requests', 'urllib.request', 'http.client', 'email', 'inspect', 'dataclasses', 'tomllib',\n"
        "         'shutil', 'tempfile', 'ctypes', 'uuid', 'sqlalchemy', 'PySide6', 'shared'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert out.strip() == "[]"
