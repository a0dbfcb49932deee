"""The probe's language on Windows, where no LANG is set and the locale is "Indonesian_Indonesia"."""

from __future__ import annotations

import gettext

from agent_probe.i18n import DOMAIN, LOCALE_DIR, language_of, os_languages


def test_windows_locale_names_give_the_language() -> None:
    assert language_of("Indonesian_Indonesia") == "id"
    assert language_of("Indonesian_Indonesia.1252") == "id"
    assert language_of("id-ID") == "id"
    assert language_of("English_United States.utf8") == "en"
    assert language_of("id_ID.UTF-8") == "id"


def test_windows_without_lang_asks_for_the_system_locale() -> None:
    languages = os_languages({}, "Indonesian_Indonesia")
    assert languages == ["id"]
    catalogue = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=languages, fallback=True)
    assert isinstance(catalogue, gettext.GNUTranslations)  # the Indonesian catalogue, not the fallback


def test_lang_set_leaves_the_choice_to_gettext() -> None:
    assert os_languages({"LANG": "de_DE.UTF-8"}, "Indonesian_Indonesia") is None
    assert os_languages({}, None) is None
