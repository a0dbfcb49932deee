"""TOTP secrets encrypted at rest with AES-256-GCM.

The key: Settings.secret_key (HELPDESK_SECRET_KEY) when set — every server of a deployment must
share it, and it lives outside the database, so a stolen database or backup alone does not give
away anyone's second factor. Without it (a one-machine install) a random key is created once in the
OS keyring (service "helpdesk", user "totp-key"). The user id is bound in as associated data, so a
secret copied onto another account's row does not decrypt.
"""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shared.config import Settings
from shared.errors import HelpdeskError
from shared.i18n import _

KEYRING_SERVICE = "helpdesk"
KEYRING_USER = "totp-key"
PREFIX = "v1:"


class VaultUnavailable(HelpdeskError):
    """No key to encrypt or decrypt TOTP secrets with."""

    exit_code = 2
    http_status = 503


def _key_material(settings: Settings) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    try:
        import keyring

        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        if not stored:
            stored = secrets.token_urlsafe(32)
            keyring.set_password(KEYRING_SERVICE, KEYRING_USER, stored)
        return stored.encode("utf-8")
    except Exception:  # no keyring backend: say what to configure instead
        raise VaultUnavailable(_("Two-factor secrets need a key: set HELPDESK_SECRET_KEY (at least 32 random "
                                 "characters, the same on every server) or install an OS keyring.")) from None


def _aead(settings: Settings) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"helpdesk totp secrets v1").derive(
        _key_material(settings))
    return AESGCM(key)


def seal(settings: Settings, user_id: int, secret: str) -> str:
    nonce = os.urandom(12)
    sealed = _aead(settings).encrypt(nonce, secret.encode("ascii"), f"user:{user_id}".encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(settings: Settings, user_id: int, stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise VaultUnavailable(_("A stored two-factor secret has an unknown format."))
    raw = base64.b64decode(stored[len(PREFIX):])
    try:
        return _aead(settings).decrypt(raw[:12], raw[12:], f"user:{user_id}".encode()).decode("ascii")
    except InvalidTag:
        raise VaultUnavailable(_("A stored two-factor secret cannot be decrypted: the secret key has changed. "
                                 "An admin can reset the user's two-factor sign-in.")) from None
