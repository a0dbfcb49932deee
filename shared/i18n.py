"""Translations for the core, the CLI and mail templates (gettext, catalogues built with Babel).

The language follows the OS locale unless the settings name one. `_()` looks the message up in the
active language at call time, so switching language in settings takes effect without a restart.
"""

from __future__ import annotations

import gettext
import locale
import os
from importlib import resources

DOMAIN = "helpdesk"
SUPPORTED = ("en", "id")

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = "en"


def locale_dir() -> str:
    return str(resources.files("resources") / "locale")


def detect_os_language() -> str:
    """The two-letter language of the OS locale, or English when it is not one we ship."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            if code in SUPPORTED:
                return code
            if code not in ("", "c", "posix"):
                return "en"
    try:
        code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    except ValueError:
        code = "en"
    return code if code in SUPPORTED else "en"


def set_language(language: str | None) -> str:
    """Activate `language` (None: the OS locale). Returns the language in effect."""
    global _active, _active_language
    code = (language or detect_os_language()).lower()
    if code not in SUPPORTED:
        code = "en"
    _active = gettext.translation(DOMAIN, locale_dir(), languages=[code], fallback=True)
    _active_language = code
    return code


def current_language() -> str:
    return _active_language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
