"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shared.errors import ValidationFailed
from shared.i18n import _

_hasher = PasswordHasher()
MIN_LENGTH = 8


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(
            _("A password needs at least {n} characters.").format(n=MIN_LENGTH), field="password"
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
