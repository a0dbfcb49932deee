"""Per-install random keys, made on first use (see shared/models/install.py)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from shared.models import InstallSecret
from shared.services.uow import UnitOfWork

SIGNIN_AUDIT = "signin_audit"


def install_key(uow: UnitOfWork, name: str) -> bytes:
    """The install's key `name`, made in the caller's transaction when missing. Two processes
    making it at once: the second commit is a Conflict (a once-only key, shared/services/races.py),
    and its retry finds the first one's key."""
    s = uow.session
    value = s.scalar(select(InstallSecret.value).where(InstallSecret.name == name))
    if value is None:
        value = secrets.token_hex(32)
        s.add(InstallSecret(name=name, value=value, created_at=uow.now()))
    return bytes.fromhex(value)


def name_digest(key: bytes, text: str) -> str:
    """A short keyed digest of `text`: the same text gives the same digest (repeated attempts
    group together), and without the key nobody can test guesses against it."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
