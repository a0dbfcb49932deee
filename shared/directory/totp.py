"""One-time codes (RFC 6238, 30-second steps, 6 digits) and recovery codes: pure rules, the time
comes from the caller's clock."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

import pyotp

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_TOTP = re.compile(r"^\d{6}$")
_RECOVERY = re.compile(r"^[a-z0-9]{5}-?[a-z0-9]{5}$")


def new_secret() -> str:
    return pyotp.random_base32(32)  # 160 bits, as RFC 4226 recommends


def provisioning_uri(secret: str, username: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def code_at(secret: str, when: datetime) -> str:
    return pyotp.TOTP(secret).at(when)


def verify(secret: str, code: str, when: datetime) -> bool:
    """True for the code of `when`'s step or the one either side (clock drift of a phone)."""
    return matching_step(secret, code, when) is not None


def matching_step(secret: str, code: str, when: datetime) -> int | None:
    """The 30-second step (counted from 1970) whose code `code` is: `when`'s or the one either
    side; None when it is none of them. The caller accepts a step once (RFC 6238, 5.2)."""
    code = normalise(code)
    if not _TOTP.match(code):
        return None
    otp = pyotp.TOTP(secret)
    now = otp.timecode(when)
    found = None
    for step in (now - 1, now, now + 1):  # all three compared, in constant time: no timing tells which
        if pyotp.utils.strings_equal(code, otp.generate_otp(step)):
            found = step
    return found


def normalise(code: str) -> str:
    return "".join(code.split()).lower()


def looks_like_recovery_code(code: str) -> bool:
    return bool(_RECOVERY.match(normalise(code)))


def new_recovery_codes(n: int = RECOVERY_CODES) -> list[str]:
    """Codes like `k7m2p-x9qrt` (about 49 bits each), shown once, stored hashed."""
    out = []
    for _i in range(n):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(10))
        out.append(f"{raw[:5]}-{raw[5:]}")
    return out


def recovery_key(code: str) -> str:
    """The form that is hashed and compared: no dash, lower case."""
    return normalise(code).replace("-", "")
