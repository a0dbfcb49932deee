"""Database URLs as people type them (shared.db.url)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.db.url import parse_database_url, prepare_sqlite_file, sqlite_path
from shared.errors import BadSetting, StorageUnavailable


@pytest.mark.parametrize("url", ["postgresql://u:pw@db.example/helpdesk", "postgres://u@db.example/helpdesk",
                                 "postgresql+psycopg2://u@db.example/helpdesk",
                                 "postgresql+psycopg://u@db.example/helpdesk"])
def test_postgresql_urls_mean_psycopg_3(url: str) -> None:
    parsed = parse_database_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.host, parsed.database) == ("db.example", "helpdesk")


@pytest.mark.parametrize(("url", "words"), [("mysql://u@h/db", "'mysql' is not supported"),
                                            ("oracle://u@h/db", "'oracle' is not supported"),
                                            ("not a url", "is not a database URL"), ("", "is not a database URL")])
def test_urls_we_cannot_use(url: str, words: str) -> None:
    with pytest.raises(BadSetting, match=words):
        parse_database_url(url)


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:////var/lib/helpdesk/h.sqlite3", "/var/lib/helpdesk/h.sqlite3"),
    ("sqlite:///file:/tmp/h.db?mode=ro&uri=true", "/tmp/h.db"),
    ("sqlite://", None), ("sqlite:///:memory:", None), ("postgresql://u@h/db", None),
])
def test_the_file_behind_a_sqlite_url(url: str, path: str | None) -> None:
    found = sqlite_path(parse_database_url(url))
    assert (str(found) if found else None) == path


def test_a_missing_file_is_created_only_when_asked(tmp_path: Path) -> None:
    url = parse_database_url(f"sqlite:///{(tmp_path / 'sub' / 'h.sqlite3').as_posix()}")
    with pytest.raises(StorageUnavailable, match="There is no database at"):
        prepare_sqlite_file(url, create=False)
    assert not (tmp_path / "sub").exists()
    prepare_sqlite_file(url, create=True)
    assert (tmp_path / "sub").is_dir()
