"""The embedded database's write-ahead log: checkpointed every 10,000 pages rather than SQLite's
1,000 (a ticket's INSERT dirties ~60 index pages; see shared.db.engine), and cut back after."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.db.engine import WAL_AUTOCHECKPOINT_PAGES, WAL_SIZE_LIMIT, make_engine


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_commits_past_a_thousand_pages_stay_in_the_wal_until_ten_thousand(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{(tmp_path / 'desk.sqlite3').as_posix()}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")
        for _ in range(12):  # ~100 pages a commit: 1,200 in all, past SQLite's default of 1,000
            with engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO blobs (data) VALUES (randomblob(400000))")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == WAL_AUTOCHECKPOINT_PAGES
            assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar() == WAL_SIZE_LIMIT
            _busy, in_wal, _copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
        # At the default, a checkpoint after 1,000 pages would have let the next commit start the
        # log again from its beginning, leaving a commit or two's pages in it.
        assert in_wal >= 1150
    finally:
        engine.dispose()
