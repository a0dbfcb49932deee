"""A small JSON-over-HTTPS client with retry, exponential backoff and jitter.

Not requests (several MB with its dependencies) and not even http.client (1.5 MB of ``email``):
the resident probe must stay under 20 MB RSS, so the wire work is ``transport.post``.
"""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping

from agent_probe import __version__
from agent_probe.i18n import _
from agent_probe.report import transport

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    import ssl
    from typing import Any

MAX_RESPONSE_BYTES = 1024 * 1024
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class ClientError(Exception):
    """Base for delivery failures; ``str()`` is a user-facing message."""


class RequestRejectedError(ClientError):
    """The server refused the request (4xx other than 429): retrying the same body cannot help."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(
            _("The server refused the request (HTTP {status}): {message}").format(status=status, message=message)
        )
        self.status = status
        self.reason = message


class ServerUnavailableError(ClientError):
    """Network failure or server error after every retry: worth trying again later."""


class ProbeClient:
    """POSTs JSON to the helpdesk server.

    ``sleep`` and ``rng`` are injectable so tests run the backoff without waiting. A plain class,
    not a dataclass: ``dataclasses`` imports ``inspect``, over 1 MB the resident probe cannot spare.
    """

    def __init__(
        self,
        server_url: str,
        *,
        token: str | None = None,
        ca_file: str | None = None,
        timeout: float = 15.0,
        max_attempts: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        allow_insecure_http: bool = False,
        sleep: Callable[[float], None] | None = None,
        rng: Callable[[], float] | None = None,
    ) -> None:
        self.server_url, self.token = server_url, token
        # Absolute: enrol stores it, and `run` starts later as a service, in another directory.
        self.ca_file = os.path.abspath(ca_file) if ca_file else None
        self.timeout, self.max_attempts = timeout, max_attempts
        self.backoff_base, self.backoff_cap = backoff_base, backoff_cap
        self.allow_insecure_http = allow_insecure_http
        # Looked up now, not at definition time, so a patched time.sleep (tests) is honoured.
        self.sleep = sleep or time.sleep
        self.rng = rng or _random_fraction
        self._context: ssl.SSLContext | None = None
        parsed = urllib.parse.urlsplit(self.server_url)
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            raise ValueError(
                _("Server URL must look like https://helpdesk.example.org, got {url!r}").format(url=self.server_url)
            )
        if parsed.scheme == "http" and not (self.allow_insecure_http or _is_loopback(parsed.hostname)):
            # The bearer token would travel in clear text: refuse unless the admin explicitly opted in.
            raise ValueError(_("Refusing plain http:// to a remote server; use https://"))
        self.server_url = self.server_url.rstrip("/")
        if parsed.scheme == "https":
            # Imported here: a probe speaking plain http to loopback never loads OpenSSL (5.5 MB RSS).
            import ssl

            # One context for the client's life, built once: with a pinned CA (``enrol --ca-file``)
            # it holds that CA only; without one, the system store. Verification and host name
            # checks stay on (create_default_context's CERT_REQUIRED and check_hostname).
            self._context = ssl.create_default_context(cafile=self.ca_file)

    def post_json(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST ``body`` to ``server_url + path`` and return the decoded JSON response (``{}`` if empty).

        Raises RequestRejectedError (do not retry) or ServerUnavailableError (spool and retry later).
        """
        return self.post_encoded(path, json.dumps(body, separators=(",", ":")).encode("utf-8"))

    def post_encoded(self, path: str, data: bytes) -> dict[str, Any]:
        """As post_json, with the body already encoded as UTF-8 JSON (a spooled report as it is on disk)."""
        last_error = ""
        for attempt in range(self.max_attempts):
            retry_after: float | None = None
            try:
                return self._post_once(path, data)
            except _HttpStatusError as exc:
                if exc.status not in RETRYABLE_STATUS and 400 <= exc.status < 500:
                    raise RequestRejectedError(exc.status, exc.detail) from None
                last_error = f"HTTP {exc.status}: {exc.detail}"
                retry_after = exc.retry_after
            except (OSError, ValueError) as exc:
                # OSError covers refused connections, timeouts and TLS failures; ValueError a garbled reply.
                last_error = str(exc) or type(exc).__name__
            if attempt + 1 < self.max_attempts:
                self.sleep(self._delay(attempt, retry_after))
        raise ServerUnavailableError(_("The server could not be reached: {error}").format(error=last_error))

    def _post_once(self, path: str, data: bytes) -> dict[str, Any]:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"helpdesk-probe/{__version__}",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        parsed = urllib.parse.urlsplit(self.server_url)
        response = transport.post(
            scheme=parsed.scheme,
            host=parsed.hostname or "",
            port=parsed.port,
            path=parsed.path + path,
            body=data,
            headers=headers,
            timeout=self.timeout,
            context=self._context,
            max_response_bytes=MAX_RESPONSE_BYTES + 64 * 1024,  # the body cap plus room for headers
        )
        raw = response.body
        if response.status >= 300:
            raise _HttpStatusError(
                response.status,
                _error_detail(raw, response.reason),
                _retry_after(response.headers.get("retry-after")),
            )
        if len(raw) > MAX_RESPONSE_BYTES:
            raise ValueError("response too large")
        if not raw.strip():
            return {}
        decoded = json.loads(raw)
        if not isinstance(decoded, dict):
            raise ValueError("response is not a JSON object")
        return decoded

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        # Full jitter: thousands of probes coming back after an outage must not retry in lockstep.
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0**attempt)
        delay = self.rng() * ceiling
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff_cap))
        return delay


def _random_fraction() -> float:
    # Uniform in [0, 1) from os.urandom: the jitter needs no seeded generator, and the ``random``
    # module would cost the resident probe 0.2 MB of RSS for this one call.
    return (int.from_bytes(os.urandom(7), "big") >> 3) / 2.0**53  # 53 bits, as random.random()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        import ipaddress  # only for plain-http URLs; keeps it out of the resident process

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # the HTTP-date form is rare from our own server; ignore rather than parse


def _error_detail(raw: bytes, reason: str) -> str:
    try:
        payload = json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace").strip()[:200] or reason
    detail = payload.get("detail") if isinstance(payload, dict) else None
    return str(detail if detail is not None else payload)[:500]


class _HttpStatusError(Exception):
    def __init__(self, status: int, detail: str, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status, self.detail, self.retry_after = status, detail, retry_after
