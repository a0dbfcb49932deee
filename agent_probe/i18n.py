"""Translation hook for every user-visible probe string (gettext domain ``helpdesk_probe``)."""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

DOMAIN = "helpdesk_probe"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@functools.cache
def _translation() -> gettext.NullTranslations:
    # Loaded on first use, not at import: importing the probe must have no side effects, and
    # fallback=True keeps English msgids when no catalogue is shipped for the user's locale.
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation().ngettext(singular, plural, n)
