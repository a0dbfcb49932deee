"""A Windows checkout gets the same bytes as a Linux one (.gitattributes), whatever core.autocrlf says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _attributes(*paths: str) -> dict[tuple[str, str], str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-attr", "text", "eol", "--", *paths], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    found = {}
    for line in done.stdout.splitlines():
        path, attribute, value = line.split(": ")
        found[(path, attribute)] = value
    return found


def test_mail_fixtures_are_never_converted() -> None:
    paths = ["tests/mail/samples/05_cp1252.eml", "tests/mail/corpus/SpamScope__mail_test_1",
             "resources/calendars/id-holidays-2027.ics"]
    attributes = _attributes(*paths)
    assert all(attributes[(path, "text")] == "unset" for path in paths)


def test_sources_and_catalogues_check_out_with_lf() -> None:
    paths = ["run.py", "README.md", "resources/diagnostics.toml", "resources/locale/id/LC_MESSAGES/helpdesk.po",
             ".github/workflows/windows.yml"]
    attributes = _attributes(*paths)
    assert all(attributes[(path, "eol")] == "lf" for path in paths)


def test_screenshots_and_compiled_catalogues_are_binary() -> None:
    paths = ["docs/screenshots/console-kb.png", "resources/locale/id/LC_MESSAGES/helpdesk.mo"]
    attributes = _attributes(*paths)
    assert all(attributes[(path, "text")] == "unset" for path in paths)
