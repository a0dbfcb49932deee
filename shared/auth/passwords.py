"""Password hashing with argon2id.

The cost of new hashes comes from Settings (`argon2_*`); the defaults are argon2-cffi's, RFC 9106's
low-memory recommendation (3 passes over 64 MiB, 4 lanes). A hash keeps the parameters it was made
with, so verifying never depends on the settings, and a sign-in re-hashes a password whose hash
was made with other parameters than the settings now ask for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shared.errors import ValidationFailed
from shared.i18n import _

if TYPE_CHECKING:
    from shared.config import Settings

MIN_LENGTH = 8


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


DEFAULT = PasswordHasher()


def hasher_for(settings: Settings) -> PasswordHasher:
    """The hasher with the cost the settings ask for."""
    return _hasher(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(
            _("A password needs at least {n} characters.").format(n=MIN_LENGTH), field="password"
        )


def hash_password(password: str, hasher: PasswordHasher = DEFAULT) -> str:
    return hasher.hash(password)


def verify_password(stored_hash: str | None, password: str, hasher: PasswordHasher = DEFAULT) -> bool:
    if not stored_hash:
        return False
    try:
        return hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, hasher: PasswordHasher = DEFAULT) -> bool:
    return hasher.check_needs_rehash(stored_hash)
