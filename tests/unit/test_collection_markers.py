"""tests/conftest.py's collection hook: on Windows, tests marked posix_only (or ssh/imap: real Linux
servers) are skipped with a reason; a test marked `sqlite_file` runs in the SQLite pass and is skipped
in the PostgreSQL pass, where it would only run again exactly as in the first."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from tests.conftest import pytest_collection_modifyitems


class _Item:
    def __init__(self, *markers: str) -> None:
        self.markers = set(markers)
        self.added: list[Any] = []

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.markers else None

    def add_marker(self, marker: Any) -> None:
        self.added.append(marker)


@pytest.mark.parametrize(("platform", "skipped"), [("win32", [True, True, True, False]), ("linux", [False] * 4)])
def test_posix_only_tests_are_skipped_on_windows_only(
    monkeypatch: pytest.MonkeyPatch, platform: str, skipped: list[bool]
) -> None:
    items = [_Item("posix_only"), _Item("ssh"), _Item("imap"), _Item("postgres_only")]
    monkeypatch.setattr(sys, "platform", platform)
    pytest_collection_modifyitems(None, items)  # type: ignore[arg-type]
    assert [bool(item.added) for item in items] == skipped
    for item in items:
        for marker in item.added:
            assert marker.name == "skip" and "POSIX only" in marker.kwargs["reason"]


@pytest.mark.parametrize(("url", "skipped"), [
    ("postgresql+psycopg://postgres@127.0.0.1:5432/helpdesk", True),
    ("sqlite:///tmp/test.sqlite3", False),
    ("", False),
])
def test_sqlite_file_tests_are_skipped_on_the_postgresql_pass_only(monkeypatch: pytest.MonkeyPatch, url: str,
                                                                   skipped: bool) -> None:
    monkeypatch.setenv("HELPDESK_DATABASE_URL", url)
    own_file, other = _Item("sqlite_file"), _Item()
    pytest_collection_modifyitems(None, [own_file, other])  # type: ignore[arg-type, list-item]
    assert [m.mark.kwargs["reason"] for m in own_file.added] == (
        ["on SQLite files of its own: the SQLite pass runs it"] if skipped else [])
    assert other.added == []
