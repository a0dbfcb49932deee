"""One HTTPS POST over a plain socket: the probe's whole HTTP needs, in ~1.5 MB less than http.client.

Why not http.client: it imports the ``email`` package for header parsing, which costs the resident
probe about 1.5 MB of its 20 MB budget. The probe only ever sends one small POST and reads one small
JSON answer, so this module does exactly that: ``Connection: close``, read to EOF (capped), parse
the status line and headers, and undo chunked encoding if the server used it. TLS is the stdlib
``ssl`` module with hostname checking from the caller's default context.

The host goes to the resolver and to TLS as ASCII bytes: given a ``str``, ``getaddrinfo`` and
``wrap_socket`` run it through the ``idna`` codec, whose first use imports ``encodings.idna``,
``stringprep`` and ``unicodedata`` (0.2 MB of resident RSS) only to return an ASCII name unchanged.
"""

from __future__ import annotations

import socket
from collections import namedtuple
from collections.abc import Mapping

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    import ssl  # imported by ProbeClient only for https:// servers
    from typing import NamedTuple

    class Response(NamedTuple):
        status: int
        reason: str
        headers: dict[str, str]  # lower-cased names
        body: bytes

else:  # A typed NamedTuple for the type checker; at run time the same tuple from collections, without typing.
    Response = namedtuple("Response", "status reason headers body")


class ProtocolError(ValueError):
    """The server's answer is not HTTP/1.x as we understand it, or is too large."""


def post(
    *,
    scheme: str,
    host: str,
    port: int | None,
    path: str,
    body: bytes,
    headers: Mapping[str, str],
    timeout: float,
    context: ssl.SSLContext | None,
    max_response_bytes: int,
) -> Response:
    """Send one POST and return the answer; raises OSError (network, TLS, timeout) or ProtocolError."""
    port = port or (443 if scheme == "https" else 80)
    host_header = f"[{host}]" if ":" in host else host
    if port != (443 if scheme == "https" else 80):
        host_header += f":{port}"
    lines = [f"POST {path} HTTP/1.1", f"Host: {host_header}", f"Content-Length: {len(body)}", "Connection: close"]
    for name, value in headers.items():
        if "\r" in value or "\n" in value:
            raise ValueError(f"header {name} contains a line break")  # no header injection via a token
        lines.append(f"{name}: {value}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    raw = _exchange(scheme, host, port, request, timeout, context, max_response_bytes)
    return parse_response(raw)


def _exchange(
    scheme: str, host: str, port: int, request: bytes, timeout: float, context: ssl.SSLContext | None, cap: int
) -> bytes:
    name: str | bytes = host.encode("ascii") if host.isascii() else host  # see the module docstring
    # typeshed says str, but getaddrinfo (which create_connection calls) takes bytes too.
    sock: socket.socket = socket.create_connection((name, port), timeout=timeout)  # type: ignore[arg-type]
    try:
        if scheme == "https":
            if context is None:
                import ssl

                context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=name)
        sock.sendall(request)
        chunks: list[bytes] = []
        size = 0
        while chunk := sock.recv(65536):
            size += len(chunk)
            if size > cap:
                raise ProtocolError("response too large")
            chunks.append(chunk)
    finally:
        sock.close()
    return b"".join(chunks)


def parse_response(raw: bytes) -> Response:
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise ProtocolError("incomplete HTTP response")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise ProtocolError(f"not an HTTP/1.x status line: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    elif (length := headers.get("content-length", "")).isdigit():
        body = body[: int(length)]
    return Response(int(code), reason, headers, body)


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    position = 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            raise ProtocolError("truncated chunked body")
        size_text = data[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ProtocolError("bad chunk size") from None
        if size == 0:
            return bytes(out)
        start = line_end + 2
        if start + size > len(data):
            raise ProtocolError("truncated chunked body")
        out += data[start : start + size]
        position = start + size + 2
