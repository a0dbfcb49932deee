"""Signed session tokens for the tray app, the per-install secret, and a token-bucket rate limiter.

Session tokens are ``v1.<payload>.<hmac>``: base64url JSON ``{"uid", "u", "sid", "exp"}`` and its
HMAC-SHA256 under the install's secret. ``sid`` names the server-side session row
(shared.services.sessions), which every request checks: signing out, an admin's revoke and
deactivating the user end a session at once on every server. Rotating the secret signs everybody out.

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
from typing import TYPE_CHECKING, NamedTuple, Protocol

from shared.errors import AuthenticationFailed, HelpdeskError
from shared.i18n import _
from shared.net import is_loopback
from shared.services import ratelimit

if TYPE_CHECKING:
    from shared.db.database import Database

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
    session_id: str = ""  # "" : a token from before server-side sessions, no longer accepted


class SessionSigner:
    def __init__(self, secret: bytes, *, hours: float = SESSION_HOURS, clock: Callable[[], float] = time.time) -> None:
        self._secret, self._ttl, self._clock = secret, int(hours * 3600), clock

    def now(self) -> float:
        return self._clock()

    def issue(self, user_id: int, username: str, *, session_id: str = "", not_after: float | None = None,
              hours: float | None = None) -> tuple[str, int]:
        """A token for the session, valid `hours` (default: the signer's) but never past `not_after`."""
        ttl = int(hours * 3600) if hours is not None else self._ttl
        expires = int(self._clock()) + ttl
        if not_after is not None:
            expires = min(expires, int(not_after))
        claims = {"uid": user_id, "u": username, "sid": session_id, "exp": expires}
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
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
            claims = SessionClaims(int(data["uid"]), str(data["u"]), int(data["exp"]), str(data.get("sid", "")))
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


class Limiter(Protocol):
    def check(self, key: str, rate: Rate) -> None: ...


def _limited(wait: float) -> RateLimited:
    return RateLimited(_("Too many requests; try again in {s} seconds.").format(s=max(1, round(wait))),
                       retry_after=wait)


class RateLimiter:
    """In-process token buckets, one per key. Behind several workers each keeps its own buckets,
    so it serves the flood-control buckets; `SharedRateLimiter` keeps the ones that must hold
    across workers (password guessing)."""

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
                raise _limited(wait)
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_KEYS:
                self._buckets.clear()  # a flood of distinct keys: forget rather than grow without bound


class SharedRateLimiter:
    """Token buckets in the database, shared by every server worker and every server. One atomic
    statement takes a token (shared.services.ratelimit), so two workers never both spend the last.
    `clock` is wall-clock seconds: the buckets outlive any one process."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db, self._clock = db, clock

    def check(self, key: str, rate: Rate) -> None:
        wait = ratelimit.take(self._db.uow(), key[:120], per_second=rate.per_second, burst=rate.burst,
                              now=self._clock())
        if wait > 0:
            raise _limited(wait)
