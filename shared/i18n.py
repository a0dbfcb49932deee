"""Translations for the core, the CLI and mail templates (gettext, catalogues built with Babel).

The language follows the OS locale unless the settings name one. `_()` looks the message up in the
active language at call time, so switching language in settings takes effect without a restart.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any, TypeGuard

DOMAIN = "helpdesk"
SUPPORTED = ("en", "id")

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = "en"


def locale_dir() -> str:
    return str(resources.files("resources") / "locale")


# Windows names locales in English words: locale.getlocale() there gives ("Indonesian_Indonesia", "1252").
_WINDOWS_LANGUAGE_NAMES = {"indonesian": "id", "english": "en"}


def language_of(locale_name: str) -> str:
    """The lower-case language part of a locale name in any of the forms systems use: "id_ID.UTF-8",
    "id-ID" (BCP 47, Windows' own), "Indonesian_Indonesia.1252" (Windows' C runtime)."""
    name = locale_name.partition(":")[0].partition(".")[0].partition("@")[0]
    code = name.replace("-", "_").partition("_")[0].strip().lower()
    return _WINDOWS_LANGUAGE_NAMES.get(code, code)


def detect_os_language() -> str:
    """The two-letter language of the OS locale, or English when it is not one we ship."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            code = language_of(value)
            if code in SUPPORTED:
                return code
            if code not in ("", "c", "posix"):
                return "en"
    try:
        code = language_of(locale.getlocale()[0] or "en")
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


_reader: ContextVar[gettext.NullTranslations | None] = ContextVar("helpdesk_reader", default=None)
_reader_language: ContextVar[str | None] = ContextVar("helpdesk_reader_language", default=None)
_reader_zone: ContextVar[str | None] = ContextVar("helpdesk_reader_zone", default=None)
_zone: str | None = None  # the process's reader's time zone (`set_zone`); None: the OS zone


def set_zone(name: str | None) -> None:
    """The time zone instants in messages (`say_instant`) are shown in, for the whole process:
    the console's signed-in user's, or the CLI's setting. None: the OS zone."""
    global _zone
    _zone = name or None


@contextmanager
def reading_in(language: str | None, zone: str | None = None) -> Iterator[None]:
    """Messages in `language` (and instants in `zone`) inside the block, for this thread or task
    only: a server answering each user in their own language while others are served in theirs.
    None: no change."""
    readers = (_reader.set(translations(language)),
               _reader_language.set(language if language in SUPPORTED else "en")) if language else None
    zone_token = _reader_zone.set(zone) if zone else None
    try:
        yield
    finally:
        if zone_token is not None:
            _reader_zone.reset(zone_token)
        if readers is not None:
            _reader_language.reset(readers[1])
            _reader.reset(readers[0])


def _catalogue() -> gettext.NullTranslations:
    return _reader.get() or _active


def _(message: str) -> str:
    return _catalogue().gettext(message)


def catalogue_text(text: str) -> str:
    """A title or description from the diagnostics catalogue (resources/diagnostics.toml), in the
    active language: tools/i18n.py extracts them into helpdesk.po. A site's own entries that no
    catalogue knows are shown as written."""
    return _(text) if text else text


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


Said = dict[str, Any]  # {"say": msgid, "args": {...}}: what the system said, stored untranslated


def say(message: str, **args: object) -> Said:
    """What the system says, kept as the English message and its values, so that each reader
    sees it in their own language (`said_text`). Values that are themselves `say(...)` results
    are translated too. Extracted like `_()` (tools/i18n.py lists `say` as a keyword)."""
    return {"say": message, "args": dict(args)}


def say_n(singular: str, plural: str, n: int, **args: object) -> Said:
    """`say` with a plural form chosen by `n` when it is rendered (`n` is a value too)."""
    return {"say": singular, "plural": plural, "args": {"n": n, **args}}


def say_date(value: date) -> dict[str, str]:
    """A calendar date as a `say(...)` value: stored as ISO 8601 (JSON, language-neutral) and shown
    by `said_text` in the reader's language ("full around Dec 18, 2026", "… sekitar 18 Des 2026")."""
    return {"date": value.isoformat()}


def say_instant(value: datetime) -> dict[str, str]:
    """An instant as a `say(...)` value: stored in UTC as ISO 8601 and shown by `said_text` in the
    reader's language and time zone ("Dec 1, 2026, 10:14:35 PM" for an agent in Jakarta), never as
    the stored text."""
    return {"instant": value.astimezone(UTC).isoformat()}


def _said_value(value: object, language: str | None) -> Any:
    if is_said(value):
        return said_text(value, language)
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("instant"), str):
        try:
            when = datetime.fromisoformat(value["instant"])
        except ValueError:
            return value["instant"]
        from shared.timefmt import fmt_datetime  # Babel, only once a message carries an instant

        reader = language if language is not None else (_reader_language.get() or _active_language)
        return fmt_datetime(when, _reader_zone.get() or _zone, language=reader if reader in SUPPORTED else "en")
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("date"), str):
        try:
            day = date.fromisoformat(value["date"])
        except ValueError:
            return value["date"]
        from shared.timefmt import fmt_date  # Babel, only once a message carries a date

        reader = language if language is not None else (_reader_language.get() or _active_language)
        return fmt_date(day, language=reader if reader in SUPPORTED else "en")
    return value


def is_said(value: object) -> TypeGuard[Said]:
    return isinstance(value, dict) and isinstance(value.get("say"), str)


def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of one language (for text meant for someone else, e.g. a mail's recipient)."""
    code = language if language in SUPPORTED else "en"
    if code not in _by_language:
        _by_language[code] = gettext.translation(DOMAIN, locale_dir(), languages=[code], fallback=True)
    return _by_language[code]


_by_language: dict[str, gettext.NullTranslations] = {}


def said_text(value: Mapping[str, Any], language: str | None = None) -> str:
    """A `say(...)` result in the active language (or in `language`). A translation that names a
    value the stored message lacks falls back to the English message rather than failing."""
    args = {k: _said_value(v, language) for k, v in dict(value.get("args") or {}).items()}
    message = str(value["say"])
    catalogue = _catalogue() if language is None else translations(language)
    if isinstance(value.get("plural"), str):
        n = int(args.get("n", 1))
        translated = catalogue.ngettext(message, value["plural"], n)
        message = message if n == 1 else value["plural"]
    else:
        translated = catalogue.gettext(message)
    try:
        return translated.format(**args)
    except (KeyError, IndexError, ValueError):
        return message.format_map(_Lenient(args))


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
