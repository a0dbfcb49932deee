"""The search index's upkeep (services/search_upkeep, the scheduler's `search_upkeep` job): the
segments a desk's writes leave in SQLite's FTS5 index are merged back into one, in bounded steps,
a run at a time; a writer holding the lock makes the job leave the rest for its next run, recorded
and without a traceback. On PostgreSQL the job empties the GIN indexes' pending lists instead."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.db.fts import segment_count
from shared.i18n import set_language
from shared.mail.config import MailSettings
from shared.scheduler.config import SchedulerSettings
from shared.scheduler.jobs import BUILTIN_JOBS, Job, JobContext
from shared.scheduler.runner import Scheduler
from shared.services import job_runs, queue, search_upkeep
from shared.services.job_runs import JobOutcome, JobReport
from tests import factories as f
from tests.conftest import FakeClock

JOB = next(job for job in BUILTIN_JOBS if job.name == "search_upkeep")
WORDS = [f"kata{i}" for i in range(3000)]  # distinct terms: a document of many fills index pages


def no_mail() -> MailSettings:
    return MailSettings(imap_host=None, smtp_host=None)


def _automerge(db: Database, value: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO ticket_search (ticket_search, rank) VALUES ('automerge', :v)"), {"v": value})


@pytest.fixture
def piled_up(committed_db: Database, is_postgres: bool) -> Iterator[Database]:
    """SQLite with FTS5's automerge off: each write transaction leaves a segment of its own and
    none is folded in, as happens between automerge's partial merges on a busy desk."""
    if is_postgres:
        pytest.skip("FTS5 is SQLite's")
    # From one segment: what earlier tests left could otherwise reach crisismerge (16) and be merged.
    search_upkeep.compact(committed_db)
    _automerge(committed_db, 0)
    try:
        yield committed_db
    finally:
        _automerge(committed_db, 4)  # FTS5's default


def _write(db: Database, n: int, words: int = 5) -> list[int]:
    """n tickets, each its own transaction (a segment each with automerge off)."""
    rng = random.Random(n)
    who = f.user(db)
    return [f.ticket(db, who, subject=f"Printer jam {i}", description=" ".join(rng.sample(WORDS, words))).id
            for i in range(n)]


def test_the_segment_count_is_read_from_fts5s_structure_record() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")

    def count() -> int:
        return segment_count(conn.execute("SELECT block FROM t_data WHERE id = 10").fetchone()[0])

    assert count() == 0 and segment_count(None) == 0
    conn.execute("INSERT INTO t (t, rank) VALUES ('automerge', 0)")
    for i in range(12):  # one transaction, one segment each (16 would set off crisismerge)
        conn.execute("INSERT INTO t (body) VALUES (?)", (f"word{i} printer",))
    assert count() == 12
    conn.execute("INSERT INTO t (t) VALUES ('optimize')")
    assert count() == 1


def test_the_job_merges_a_desks_segments_into_one(piled_up: Database) -> None:
    db = piled_up
    made = _write(db, 12)
    before = search_upkeep.segments(db, "ticket_search")
    assert before >= 12
    [run] = Scheduler(db, SchedulerSettings(), jobs=[JOB], mail=no_mail).run_due()
    assert run.report.outcome is JobOutcome.OK
    assert search_upkeep.segments(db, "ticket_search") == 1
    # The report counts every FTS5 index's segments (the machines' has at most its one).
    assert run.report.params["before"] >= 12
    assert run.report.params["after"] == sum(search_upkeep.segments(db, t) for t in search_upkeep.FTS5_TABLES) <= 2
    # The merged index answers as before.
    assert {hit.id for hit in queue.search(db.uow(), f.agent(db), "printer jam")} >= set(made)
    # Shown where an admin looks: the scheduler's list of jobs (`helpdesk scheduler status`).
    [row] = job_runs.status(db.uow(), SYSTEM)
    assert row.name == "search_upkeep" and row.outcome == "ok"
    assert row.message == f"Search index: {run.report.params['before']} segments, {run.report.params['after']} " \
                          f"after {run.report.params['steps']} merge steps"
    # Compact now: the next run has nothing to merge.
    again = search_upkeep.tidy(db)
    assert again.steps == 0 and again.segments_after == run.report.params["after"]


def test_a_run_is_bounded_and_the_next_goes_on(piled_up: Database) -> None:
    db = piled_up
    _write(db, 10, words=1000)  # a few index pages each
    runs = []
    for _ in range(40):
        result = search_upkeep.tidy(db, steps=2, pages=1, sleep=lambda _s: None)
        [tickets_index] = [t for t in result.tables if t.table == "ticket_search"]
        runs.append(tickets_index.steps)
        if tickets_index.segments_after == 1:
            break
    assert max(runs) <= 2  # never more steps a run than allowed
    assert len(runs) > 2  # too big for one run: later runs went on with it
    assert search_upkeep.segments(db, "ticket_search") == 1


def test_a_writer_holding_the_lock_leaves_the_rest_for_the_next_run(
        piled_up: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    db = piled_up
    _write(db, 6)
    monkeypatch.setattr(search_upkeep, "WAIT_MS", 20)  # the job gives up on the lock at once

    def while_locked(ctx: JobContext) -> JobReport:
        writer = sqlite3.connect(str(db.engine.url.database), isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")  # another program's write transaction, during the run
            return JOB.run(ctx)
        finally:
            writer.rollback()
            writer.close()

    locked = Job(JOB.name, JOB.title, JOB.interval, while_locked)
    [busy] = Scheduler(db, SchedulerSettings(), jobs=[locked], mail=no_mail).run_due()
    assert busy.report.outcome is JobOutcome.OK and busy.report.params["steps"] == 0
    [row] = job_runs.status(db.uow(), SYSTEM)
    assert "the database was busy, the rest at the next run" in row.message and row.failures == 0
    assert search_upkeep.segments(db, "ticket_search") >= 6
    clock.advance(seconds=3600)
    [later] = Scheduler(db, SchedulerSettings(), jobs=[JOB], mail=no_mail).run_due()
    assert search_upkeep.segments(db, "ticket_search") == 1 and later.report.params["after"] <= 2


def test_the_job_runs_on_either_database(db: Database, is_postgres: bool) -> None:
    f.ticket(db, f.user(db))
    [run] = Scheduler(db, SchedulerSettings(), jobs=[JOB], mail=no_mail).run_due()
    if is_postgres:  # the GIN indexes' pending lists, emptied: nothing left for the next run
        assert run.report.outcome is JobOutcome.OK and run.report.params["indexes"] >= 2
        again = search_upkeep.tidy(db)
        assert again.postgres and again.gin_pages == 0
    else:
        assert run.report.outcome in (JobOutcome.OK, JobOutcome.SKIPPED)
        assert search_upkeep.segments(db, "ticket_search") == 1
    set_language("id")
    try:
        assert job_runs.render(run.report.encode()) != run.report.msgid.format(**run.report.params)
    finally:
        set_language("en")
