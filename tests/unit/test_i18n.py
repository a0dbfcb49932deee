"""Every user-visible core and probe string is translated into Bahasa Indonesia, with the same
placeholders, and the compiled catalogues are current."""

import re

import pytest

from shared.errors import NotFound
from shared.i18n import _, current_language, detect_os_language, set_language
from tools.i18n import DOMAINS, extract, po_path, problems, read

_FIELD = re.compile(r"\{(\w*)[^{}]*\}")


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.name)
def test_catalogue_complete_and_compiled(domain) -> None:  # type: ignore[no-untyped-def]
    assert problems(domain) == []


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda d: d.name)
def test_placeholders_survive_translation(domain) -> None:  # type: ignore[no-untyped-def]
    catalog = read(po_path(domain, "id"), "id")
    wrong = []
    for message in extract(domain):
        entry = catalog.get(message.id) if message.id else None
        if entry is None or not entry.string or isinstance(message.id, tuple):
            continue
        if sorted(_FIELD.findall(message.id)) != sorted(_FIELD.findall(str(entry.string))):
            wrong.append(message.id)
    assert wrong == []


def test_language_switch_and_os_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        assert set_language("id") == "id"
        assert _("Wrong user name or password.") != "Wrong user name or password."
        assert NotFound(_("Unknown user '{name}'.").format(name="x")).message.startswith("Pengguna")
        assert set_language("fr") == "en"  # not shipped: English
        assert _("Wrong user name or password.") == "Wrong user name or password."
        monkeypatch.setenv("LANGUAGE", "id_ID:en")
        assert detect_os_language() == "id"
        monkeypatch.setenv("LANGUAGE", "de_DE")
        assert detect_os_language() == "en"
    finally:
        set_language("en")
    assert current_language() == "en"


def test_compiled_catalogues_compare_by_content_not_by_header() -> None:
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from tools.i18n import compiled, mo_messages

    def mo(catalog: Catalog) -> bytes:
        buf = io.BytesIO()
        write_mo(buf, catalog)
        return buf.getvalue()

    domain = DOMAINS[0]
    current = compiled(domain, "id")
    # The same translations with another header (as another Babel release writes it).
    restamped = read(po_path(domain, "id"), "id")
    restamped.version = "9.99"
    assert mo(restamped) != current and mo_messages(mo(restamped)) == mo_messages(current)
    changed = read(po_path(domain, "id"), "id")
    changed.add("A message no source has", "Pesan yang tidak ada di sumber mana pun")
    assert mo_messages(mo(changed)) != mo_messages(current)


def test_reading_in_a_language_holds_for_this_thread_only() -> None:
    import threading

    from shared.i18n import _, reading_in

    seen: list[str] = []
    with reading_in("id"):
        assert _("Claimed") == "Diambil"
        other = threading.Thread(target=lambda: seen.append(_("Claimed")))
        other.start()
        other.join()
    assert seen == ["Claimed"] and _("Claimed") == "Claimed"


def test_windows_locale_name_is_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    from shared import i18n

    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    # What locale.getlocale() returns on an Indonesian Windows (Python's C runtime locale name).
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: ("Indonesian_Indonesia", "1252"))
    assert detect_os_language() == "id"
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: ("English_United States", "1252"))
    assert detect_os_language() == "en"
    assert i18n.language_of("id-ID") == "id"
