"""Installs a technician's public key so that it can only ever run the gate.

The line is ``command="<probe> ssh-gate --tier N",restrict <type> <base64> <comment>``.
``restrict`` turns off PTY, port/agent/X11 forwarding and ~/.ssh/rc; the forced command makes sshd
ignore whatever the client asked to run. The input must be a bare public key: a line carrying its
own options (``command=``, ``from=``…) or a second line is refused, never merged.

Windows (OpenSSH for Windows): keys for members of the Administrators group are read ONLY from
``C:\\ProgramData\\ssh\\administrators_authorized_keys`` (which must be ACL'd to SYSTEM and
Administrators), other accounts use ``%USERPROFILE%\\.ssh\\authorized_keys`` (windows_account.py).
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from agent_probe.acl import make_private
from agent_probe.gate.forced_command import default_probe_command, gate_line
from agent_probe.gate.windows_account import windows_keys_file
from agent_probe.i18n import _

KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
MAX_KEY_LINE = 16 * 1024


class InvalidPublicKeyError(ValueError):
    """The offered public key is not acceptable; ``str()`` is the user-facing reason."""


@dataclass(frozen=True)
class PublicKey:
    key_type: str
    blob: str  # base64, as in the .pub file
    comment: str


def parse_public_key(text: str) -> PublicKey:
    """One well-formed OpenSSH public key line, or InvalidPublicKeyError."""
    stripped = text.strip()
    if not stripped:
        raise InvalidPublicKeyError(_("The public key file is empty"))
    if len(stripped) > MAX_KEY_LINE:
        raise InvalidPublicKeyError(_("The public key is too long"))
    if "\n" in stripped or "\r" in stripped or "\0" in stripped:
        raise InvalidPublicKeyError(_("Expected exactly one public key line"))
    parts = stripped.split(None, 2)
    if parts[0] not in KEY_TYPES:
        # This is also how a line with options in front ("command=... ssh-ed25519 ...") is caught.
        raise InvalidPublicKeyError(
            _("Not an OpenSSH public key (unknown key type or options in front): {start}").format(start=parts[0][:40])
        )
    if len(parts) < 2:
        raise InvalidPublicKeyError(_("The public key has no key data"))
    key_type, blob = parts[0], parts[1]
    comment = parts[2] if len(parts) == 3 else ""
    if not all(" " <= char <= "~" for char in comment):
        raise InvalidPublicKeyError(_("The key comment contains control or non-ASCII characters"))
    try:
        raw = base64.b64decode(blob, validate=True)
        (length,) = struct.unpack(">I", raw[:4])
        embedded = raw[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise InvalidPublicKeyError(_("The key data is not valid base64 for an SSH key")) from None
    if embedded != key_type:
        raise InvalidPublicKeyError(_("The key data does not match its type {type}").format(type=key_type))
    return PublicKey(key_type, blob, comment)


def gate_command(probe_command: list[str] | None = None, *, tier: int = 2, platform: str | None = None,
                 default_shell: str | None = None) -> str:
    """The forced command line, quoted for the shell sshd hands it to (forced_command.py)."""
    argv = [*(probe_command or default_probe_command()), "ssh-gate", "--tier", str(tier)]
    return gate_line(argv, platform=platform, default_shell=default_shell)


def build_line(key: PublicKey, command: str) -> str:
    """The authorized_keys line. Inside ``command="…"`` sshd's only escape is ``\\"`` for a quote
    (auth-options.c), so each quote is escaped; a line break or NUL is refused, and so is a
    trailing backslash, which would turn the closing quote into an escaped one and let the rest
    of the line (``restrict`` included) become part of the command."""
    if "\n" in command or "\r" in command or "\0" in command:
        raise InvalidPublicKeyError(_("The probe command cannot contain line breaks"))
    if command.endswith("\\"):
        raise InvalidPublicKeyError(_("The probe command cannot end with a backslash"))
    comment = f" {key.comment}" if key.comment else ""
    escaped = command.replace('"', '\\"')
    return f'command="{escaped}",restrict {key.key_type} {key.blob}{comment}'


def default_authorized_keys_path() -> Path:
    """The file sshd reads for this account; on Windows decided by Administrators membership, as
    sshd decides (windows_account.py), raising ElevationRequiredError when it needs elevation."""
    if sys.platform == "win32":
        return windows_keys_file()
    return Path.home() / ".ssh" / "authorized_keys"


def install_key(path: Path, key: PublicKey, command: str) -> bool:
    """Add or update the gate line for ``key``; returns False when it was already exactly there."""
    line = build_line(key, command)
    lines = _read_lines(path)
    kept = [existing for existing in lines if not _same_key(existing, key)]
    if line in lines and len(kept) == len(lines) - 1:
        return False
    # Any earlier line for the same key (perhaps an unrestricted one) is replaced, never left beside it.
    _write_lines(path, [*kept, line])
    return True


def remove_key(path: Path, key: PublicKey) -> bool:
    lines = _read_lines(path)
    kept = [existing for existing in lines if not _same_key(existing, key)]
    if len(kept) == len(lines):
        return False
    _write_lines(path, kept)
    return True


def _same_key(line: str, key: PublicKey) -> bool:
    return f" {key.key_type} {key.blob}" in f" {line}" and key.blob in line.split()


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _write_lines(path: Path, lines: list[str]) -> None:
    """Write atomically; on Windows the file gets the protected ACL sshd demands of
    administrators_authorized_keys (SYSTEM and Administrators), before any line is in it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.tmp")
    # sshd's StrictModes refuses group/world-writable key files: create 0600 from the start.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if sys.platform == "win32" and path.name == "administrators_authorized_keys":
        make_private(temp, directory=False)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(f"{line}\n" for line in lines))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)

