"""Whether this system has a keyring the tray can keep a session in ("remember me").

A bare Linux session (no Secret Service, no KWallet) gets keyring's "fail" backend: every call
raises NoKeyringError. The tray says so once, in one line, and signs in each time; it never logs
a traceback for a machine that simply has no keyring.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from shared.i18n import _

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


def keyring_usable(backend: KeyringBackend | None = None) -> bool:
    """False for keyring's fail and null backends, and for a chain of no backends."""
    import keyring
    from keyring.backends import chainer, fail, null

    backend = backend if backend is not None else keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def no_keyring_notice(backend: KeyringBackend | None = None) -> str | None:
    """The one line to show when sessions cannot be remembered here, or None."""
    if keyring_usable(backend):
        return None
    return _("This system has no keyring: sessions will not be remembered, so you will sign in each time.")


def warn_once_without_keyring(stream: TextIO | None = None, backend: KeyringBackend | None = None) -> bool:
    """Print the notice (once per call site: the tray calls it at start-up); True when printed."""
    notice = no_keyring_notice(backend)
    if notice is None:
        return False
    print(notice, file=stream or sys.stderr)
    return True
