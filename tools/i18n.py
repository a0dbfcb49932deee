"""Message catalogues (gettext, via Babel) for the core, the CLI, mail templates and the probe.

    python -m tools.i18n extract   write the .pot templates from the sources
    python -m tools.i18n update    merge new messages into the .po files (keeps translations)
    python -m tools.i18n compile   build the .mo files the programs load
    python -m tools.i18n check     fail when a message has no Indonesian translation or a .mo is stale

Two domains: `helpdesk` (shared/ and the CLI parts of desktop/, resources/locale) and `helpdesk_probe`
(agent_probe/, which ships on its own, so its catalogue lives in agent_probe/locale).
"""

from __future__ import annotations

import io
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("id",)
KEYWORDS = {"_": None, "N_": None, "say": None, "say_n": (1, 2), "ngettext": (1, 2)}


@dataclass(frozen=True)
class Domain:
    name: str
    sources: tuple[str, ...]
    locale_dir: Path
    data_files: tuple[str, ...] = ()  # TOML whose texts people read (extract_toml)


DOMAINS = (
    # desktop/: only what the CLI prints for the apps (their --help, start-up notices); widgets use Qt's tr().
    # The console shows the diagnostics catalogue's titles and descriptions: they are translated
    # in helpdesk.po like any other message, and the TOML stays the one place that defines them.
    Domain("helpdesk", ("shared", "desktop"), ROOT / "resources" / "locale", ("resources/diagnostics.toml",)),
    Domain("helpdesk_probe", ("agent_probe",), ROOT / "agent_probe" / "locale"),
)

_TOML_TEXT = re.compile(r'^\s*(title|description)\s*=\s*"')


def extract_toml(fileobj: io.BufferedIOBase, keywords: object, comment_tags: object,
                 options: object) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """A Babel extractor for the diagnostics catalogue: every `title = "…"` and `description = "…"`
    (entries and their parameters) is a message."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        match = _TOML_TEXT.match(line)
        if match:
            value = tomllib.loads(line.strip())[match.group(1)]
            if value:
                yield lineno, None, value, [f"diagnostics.toml: {match.group(1)}"]


def extract(domain: Domain) -> Catalog:
    catalog = Catalog(project="helpdesk", domain=domain.name, charset="utf-8")
    for source in domain.sources:
        base = ROOT / source
        for filename, lineno, message, comments, context in extract_from_dir(
                base, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            catalog.add(message, locations=[(f"{source}/{filename}", lineno)], auto_comments=comments,
                        context=context)
    for data_file in domain.data_files:
        for lineno, message, comments, context in extract_from_file(extract_toml, ROOT / data_file):
            catalog.add(message, locations=[(data_file, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(domain: Domain, lang: str) -> Path:
    return domain.locale_dir / lang / "LC_MESSAGES" / f"{domain.name}.po"


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, domain=path.stem, charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def _write_if_changed(path: Path, catalog: Catalog, **options: bool) -> None:
    """Write the catalogue unless only its header dates would change (no churn in git)."""
    buf = io.BytesIO()
    write_po(buf, catalog, sort_output=True, **options)
    new = buf.getvalue()

    def body(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if b"-Date:" not in line]

    if path.exists() and body(path.read_bytes()) == body(new):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)


def update(domain: Domain) -> None:
    template = extract(domain)
    _write_if_changed(domain.locale_dir / f"{domain.name}.pot", template, omit_header=False)
    for lang in LANGUAGES:
        path = po_path(domain, lang)
        catalog = read(path, lang)
        catalog.update(template, no_fuzzy_matching=True)
        _write_if_changed(path, catalog, ignore_obsolete=True)


def compiled(domain: Domain, lang: str) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, read(po_path(domain, lang), lang), use_fuzzy=False)
    return buf.getvalue()


def mo_messages(data: bytes) -> dict[object, object]:
    """What a .mo file translates, without its header: the header names the Babel version that
    wrote it, so two releases of Babel compile the same translations to different bytes."""
    catalog = read_mo(io.BytesIO(data))
    def frozen(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {frozen(message.id): frozen(message.string) for message in catalog if message.id}


def compile_all(domain: Domain) -> None:
    for lang in LANGUAGES:
        mo = po_path(domain, lang).with_suffix(".mo")
        fresh = compiled(domain, lang)
        if not mo.exists() or mo_messages(mo.read_bytes()) != mo_messages(fresh):
            mo.write_bytes(fresh)


def problems(domain: Domain) -> list[str]:
    found = []
    template = extract(domain)
    for lang in LANGUAGES:
        catalog = read(po_path(domain, lang), lang)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            text = entry.string if entry is not None else None
            if not text or (isinstance(text, tuple) and not all(text)) or (entry is not None and entry.fuzzy):
                found.append(f"{domain.name}/{lang}: untranslated: {message.id!r}")
        mo = po_path(domain, lang).with_suffix(".mo")
        if not mo.exists() or mo_messages(mo.read_bytes()) != mo_messages(compiled(domain, lang)):
            found.append(f"{domain.name}/{lang}: {mo.relative_to(ROOT)} is missing or stale (run compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    for domain in DOMAINS:
        if command in ("extract", "update"):
            update(domain)
        elif command == "compile":
            compile_all(domain)
        elif command == "check":
            issues = problems(domain)
            for line in issues:
                print(line)
            if issues:
                return 1
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
