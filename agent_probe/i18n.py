"""Translation hook for every user-visible probe string (gettext domain ``helpdesk_probe``)."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    import gettext

DOMAIN = "helpdesk_probe"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Windows names locales in English words: locale.getlocale() there gives ("Indonesian_Indonesia", "1252").
# The same rule as shared/i18n.py's language_of; the probe imports nothing from the core.
_WINDOWS_LANGUAGE_NAMES = {"indonesian": "id", "english": "en"}


def language_of(locale_name: str) -> str:
    """The lower-case language of "id_ID.UTF-8", "id-ID" or Windows' "Indonesian_Indonesia.1252"."""
    name = locale_name.partition(":")[0].partition(".")[0].partition("@")[0]
    code = name.replace("-", "_").partition("_")[0].strip().lower()
    return _WINDOWS_LANGUAGE_NAMES.get(code, code)


def os_languages(environ: Mapping[str, str], system_locale: str | None) -> list[str] | None:
    """gettext's language list: None lets gettext read LANGUAGE/LC_ALL/LC_MESSAGES/LANG as on Linux;
    Windows sets none of them, so there the system locale's language is asked for by name."""
    if any(environ.get(var) for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")):
        return None
    return [language_of(system_locale)] if system_locale else None


@functools.cache
def _translation() -> gettext.NullTranslations:
    # Loaded on first use, not at import: importing the probe must have no side effects, and
    # fallback=True keeps English msgids when no catalogue is shipped for the user's locale.
    # gettext is imported here too: a healthy resident probe formats no message at all.
    import gettext
    import locale

    try:
        system_locale = locale.getlocale()[0]
    except ValueError:
        system_locale = None
    return gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=os_languages(os.environ, system_locale), fallback=True
    )


def _(message: str) -> str:
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation().ngettext(singular, plural, n)
