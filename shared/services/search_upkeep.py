"""Keeping the full-text search indexes compact while the desk writes to them.

SQLite: every write transaction that touches a search document (a new ticket, a reply, a change of
queue view: migration 0026) adds a small b-tree, a "segment", to the FTS5 index. FTS5's automerge
folds them together only part-way (it merges a level once it holds `automerge` = 4 of them), so a
busy index carries 5 to 25 segments, each of which a query looks every term up in, plus the
stale copies of rewritten documents that only a merge reaching the oldest segment drops. At a
million tickets, after 100,000 rewrites, search and the queue's text filter took 24-42 % more CPU
(p50); merged, they were back where they started. `tidy` (the scheduler's
"search_upkeep" job) merges them back in small steps: each step one short write transaction of at
most `pages` pages of merged output (FTS5's incremental 'merge' command), a pause after each so a
writer waiting for SQLite's one write lock gets it, and at most `steps` steps a run: what is left
is taken up at the next run. 'optimize' would do it in one transaction, holding the write lock
for as long as rewriting the whole index takes (seconds at a million tickets): `compact` does that,
for after a bulk load, when nobody is writing. Measured in bench/search_upkeep.py.

PostgreSQL: a GIN index (the search documents', the machines' trigram ones) takes new entries into
an unsorted pending list (fastupdate) that every query scans whole, until autovacuum or autoanalyze
runs (after a tenth of the table has changed: days at a million tickets) or the list outgrows
gin_pending_list_limit (4 MB), when the writer that overflows it moves it into the index. At 100k
tickets, 3,000 writes left 256 pages pending: the text filter's count took 47 % longer (p50), and
gin_clean_pending_list emptied it in 60 ms. `tidy` empties the lists each run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from shared.db.engine import BUSY_TIMEOUT_MS
from shared.db.fts import STRUCTURE_ROWID, segment_count
from shared.errors import StorageUnavailable

if TYPE_CHECKING:
    from shared.db.database import Database
    from shared.services.uow import UnitOfWork

FTS5_TABLES = ("ticket_search", "machine_search")  # migrations 0002/0020 and 0021
STEP_PAGES = 500  # pages (pgsz 4,050 bytes) of merged output a step writes at most: ~2 MB, ~40-70 ms at 1M
MAX_STEPS = 200  # a run's steps: 100,000 pages, the whole index of a million tickets
PAUSE_SECONDS = 0.05  # after each step: SQLite's busy handler retries a waiting writer within ~50 ms
WAIT_MS = 1000  # a step waits this long for the write lock, then leaves the rest to the next run
TARGET_SEGMENTS = 1  # what a finished merge leaves


@dataclass(frozen=True)
class TableUpkeep:
    table: str
    segments_before: int
    segments_after: int
    steps: int
    busy: bool  # a step found the database locked: the rest waits for the next run


@dataclass(frozen=True)
class UpkeepResult:
    tables: tuple[TableUpkeep, ...]
    postgres: bool = False
    gin_indexes: int = 0  # PostgreSQL: the GIN indexes whose pending lists were emptied
    gin_pages: int = 0  # and the pending pages they held

    @property
    def steps(self) -> int:
        return sum(t.steps for t in self.tables)

    @property
    def busy(self) -> bool:
        return any(t.busy for t in self.tables)

    @property
    def segments_before(self) -> int:
        return sum(t.segments_before for t in self.tables)

    @property
    def segments_after(self) -> int:
        return sum(t.segments_after for t in self.tables)


def _segments_in(uow: UnitOfWork, table: str) -> int:
    record = uow.session.scalar(text(f"SELECT block FROM {table}_data WHERE id = :id"), {"id": STRUCTURE_ROWID})
    return segment_count(record)


def segments(db: Database, table: str) -> int:
    """The segments of an FTS5 table's index now (0 for a table never written)."""
    with db.uow() as uow:
        return _segments_in(uow, table)


def _merge_step(db: Database, table: str, pages: int, wait_ms: int) -> tuple[bool, int]:
    """One bounded merge step in its own write transaction: (whether it merged anything, the
    segments left). A negative page count merges every segment together (FTS5 moves them all to one
    level first); a positive one goes on with a merge already started, and does nothing (fewer than
    two rows changed, as FTS5's documentation says to check) when none is. The step waits at most
    `wait_ms` for the write lock: the desk's own writes go first."""
    with db.uow() as uow:
        driver = uow.session.connection().connection.driver_connection
        uow.session.execute(text(f"PRAGMA busy_timeout = {int(wait_ms)}"))
        try:
            before = driver.total_changes  # type: ignore[union-attr]
            uow.session.execute(text(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', :pages)"),
                                {"pages": pages})
            merged = driver.total_changes - before >= 2  # type: ignore[union-attr]
            left = _segments_in(uow, table)
            uow.commit()
        finally:  # the pooled connection goes back with the app's timeout
            driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # type: ignore[union-attr]
    return merged, left


def _is_busy(exc: BaseException) -> bool:
    """A StorageUnavailable from SQLite's lock held by another writer past the busy timeout."""
    name = getattr(getattr(exc.__cause__, "orig", None), "sqlite_errorname", "")
    return isinstance(name, str) and name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _tidy_table(db: Database, table: str, steps: int, pages: int, pause: float, wait_ms: int,
                sleep: Callable[[float], None]) -> TableUpkeep:
    before = segments(db, table)
    left, done, busy = before, 0, False
    # The first step merges every segment together (a merge the last run left half-done included:
    # FTS5 keeps its progress); the next ones go on with that merge until it is done, then with no
    # new one but the small merges FTS5 starts itself (4 segments on a level): a run rewrites the
    # index at most once, and what the desk writes meanwhile waits for the next run.
    pending = before > TARGET_SEGMENTS
    while done < steps:
        try:
            merged, left = _merge_step(db, table, -pages if pending else pages, wait_ms)
        except StorageUnavailable as exc:
            if not _is_busy(exc):
                raise
            busy = True  # another writer held the lock past the busy timeout: the next run goes on
            break
        pending = False
        if not merged:
            break
        done += 1
        if left <= TARGET_SEGMENTS:
            break
        sleep(pause)
    return TableUpkeep(table, before, left, done, busy)


# The schema's GIN indexes: the search documents' (migrations 0002/0025/0026), the machines' trigrams (0021).
_GIN_INDEXES = text("SELECT CAST(c.oid AS regclass)::text FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
                    "WHERE a.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname")


def _empty_pending_lists(db: Database) -> UpkeepResult:
    """PostgreSQL: move each GIN index's pending list into the index, one transaction an index."""
    with db.uow() as uow:
        indexes = list(uow.session.scalars(_GIN_INDEXES))
    pages = 0
    for name in indexes:
        with db.uow() as uow:
            pages += int(uow.session.scalar(text("SELECT gin_clean_pending_list(CAST(:name AS regclass))"),
                                            {"name": name}) or 0)
            uow.commit()
    return UpkeepResult((), postgres=True, gin_indexes=len(indexes), gin_pages=pages)


def tidy(db: Database, *, steps: int = MAX_STEPS, pages: int = STEP_PAGES, pause: float = PAUSE_SECONDS,
         wait_ms: int | None = None, sleep: Callable[[float], None] = time.sleep) -> UpkeepResult:
    """Merge each FTS5 index's segments in bounded steps (see the module's docstring); on
    PostgreSQL, empty the GIN indexes' pending lists."""
    if db.engine.dialect.name != "sqlite":
        return _empty_pending_lists(db)
    wait = WAIT_MS if wait_ms is None else wait_ms
    return UpkeepResult(tuple(_tidy_table(db, table, steps, pages, pause, wait, sleep) for table in FTS5_TABLES))


def compact(db: Database) -> None:
    """Merge every FTS5 index into one segment at once ('optimize'): after a bulk load, when the
    write lock held for the whole rewrite keeps nobody waiting. PostgreSQL: the GIN indexes'
    pending lists emptied."""
    if db.engine.dialect.name != "sqlite":
        _empty_pending_lists(db)
        return
    with db.uow() as uow:
        for table in FTS5_TABLES:
            uow.session.execute(text(f"INSERT INTO {table} ({table}) VALUES ('optimize')"))
        uow.commit()
