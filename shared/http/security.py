"""Signed session tokens for the tray app, the per-install secret, and a token-bucket rate limiter.

Session tokens are ``v1.<payload>.<hmac>``: base64url JSON ``{"uid", "u", "exp"}`` and its
HMAC-SHA256 under the install's secret. No server-side session table: signing out is the client
forgetting the token, and rotating the secret signs everybody out.

The secret comes from ``HELPDESK_HTTP_SECRET`` (at least 32 characters). Without one the server
refuses to start, except on a loopback address (development), where it makes a random secret that
lives as long as the process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from shared.errors import AuthenticationFailed, HelpdeskError
from shared.i18n import _
from shared.net import is_loopback

SECRET_ENV = "HELPDESK_HTTP_SECRET"
MIN_SECRET = 32
SESSION_HOURS = 12


class RateLimited(HelpdeskError):
    exit_code = 11
    http_status = 429

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InsecureSetup(RuntimeError):
    """The server would run without a session secret on a non-loopback address."""


def resolve_secret(explicit: str | None, host: str | None) -> bytes:
    """The session secret: explicit, else the environment, else (loopback only) a random one."""
    value = explicit or os.environ.get(SECRET_ENV)
    if value:
        if len(value) < MIN_SECRET:
            raise InsecureSetup(_("{env} must be at least {n} characters long.").format(env=SECRET_ENV, n=MIN_SECRET))
        return value.encode("utf-8")
    if host is not None and is_loopback(host):
        return secrets.token_bytes(32)
    raise InsecureSetup(_("Set {env} (a random string of at least {n} characters) before serving on {host}; "
                          "without it only loopback addresses are allowed.").format(
                              env=SECRET_ENV, n=MIN_SECRET, host=host or "?"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SessionClaims:
    user_id: int
    username: str
    expires_at: int  # unix seconds


class SessionSigner:
    def __init__(self, secret: bytes, *, hours: float = SESSION_HOURS, clock: Callable[[], float] = time.time) -> None:
        self._secret, self._ttl, self._clock = secret, int(hours * 3600), clock

    def issue(self, user_id: int, username: str) -> tuple[str, int]:
        expires = int(self._clock()) + self._ttl
        payload = _b64(json.dumps({"uid": user_id, "u": username, "exp": expires}, separators=(",", ":")).encode())
        return f"v1.{payload}.{self._sign(payload)}", expires

    def verify(self, token: str) -> SessionClaims:
        bad = AuthenticationFailed(_("Your session is invalid or has expired; please sign in again."))
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != "v1" or len(token) > 2048:
            raise bad
        if not hmac.compare_digest(self._sign(parts[1]), parts[2]):
            raise bad
        try:
            data = json.loads(_unb64(parts[1]))
            claims = SessionClaims(int(data["uid"]), str(data["u"]), int(data["exp"]))
        except (ValueError, KeyError, TypeError):
            raise bad from None
        if claims.expires_at <= self._clock():
            raise bad
        return claims

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest())


class Rate(NamedTuple):
    per_second: float
    burst: int


class RateLimiter:
    """In-process token buckets, one per key. Enough for one server process; behind several
    workers each keeps its own buckets (the limit is then per worker)."""

    MAX_KEYS = 50_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill)
        self._lock = threading.Lock()

    def check(self, key: str, rate: Rate) -> None:
        """Take one token for `key`, or raise RateLimited with the seconds to wait."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(rate.burst), now))
            tokens = min(float(rate.burst), tokens + (now - last) * rate.per_second)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / rate.per_second if rate.per_second > 0 else 3600.0
                raise RateLimited(_("Too many requests; try again in {s} seconds.").format(s=max(1, round(wait))),
                                  retry_after=wait)
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_KEYS:
                self._buckets.clear()  # a flood of distinct keys: forget rather than grow without bound
