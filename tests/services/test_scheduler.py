"""The built-in scheduler: each tick of each job runs exactly once however many processes run it,
a dead process's lease expires, failures are recorded and never stop the other jobs, and the
SLA watcher warns before a breach with no cron anywhere."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import PermissionDenied, StorageUnavailable
from shared.i18n import N_, set_language
from shared.mail.config import MailSettings
from shared.models import OutboxMessage
from shared.models.enums import Role
from shared.scheduler.config import SchedulerSettings
from shared.scheduler.jobs import BUILTIN_JOBS, Job, JobContext
from shared.scheduler.runner import Scheduler
from shared.services import job_runs
from shared.services.job_runs import JobOutcome, JobReport, next_tick
from tests import factories as f
from tests.conftest import FakeClock

CONFIG = SchedulerSettings(tick_seconds=0.1, lease_seconds=600)


class Counter:
    """A job that counts its runs (and can be told to fail)."""

    def __init__(self, name: str = "count", interval: int = 60, fail: Exception | None = None) -> None:
        self.runs = 0
        self.fail = fail
        self.job = Job(name, N_("Counting"), lambda _c: interval, self._run)

    def _run(self, ctx: JobContext) -> JobReport:
        self.runs += 1
        if self.fail is not None:
            raise self.fail
        return JobReport(JobOutcome.OK, N_("{count} resolved tickets closed"), {"count": self.runs})


def no_mail() -> MailSettings:
    return MailSettings(imap_host=None, smtp_host=None)


def test_ticks_fall_on_interval_boundaries() -> None:
    start = datetime(2026, 3, 2, 2, 0, 7, tzinfo=UTC)
    assert next_tick(start, 60) == datetime(2026, 3, 2, 2, 1, tzinfo=UTC)
    assert next_tick(start, 3600) == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def test_a_tick_runs_once_then_again_at_the_next_tick(db: Database, clock: FakeClock) -> None:
    counter = Counter()
    scheduler = Scheduler(db, CONFIG, jobs=[counter.job], mail=no_mail)
    assert [r.name for r in scheduler.run_due()] == ["count"]
    assert scheduler.run_due() == [] and counter.runs == 1
    clock.advance(seconds=59)
    assert scheduler.run_due() == []
    clock.advance(seconds=1)
    assert len(scheduler.run_due()) == 1 and counter.runs == 2


def test_two_servers_share_each_tick(db: Database, clock: FakeClock) -> None:
    counter = Counter()
    one = Scheduler(db, CONFIG, jobs=[counter.job], mail=no_mail, owner="server-1")
    two = Scheduler(db, CONFIG, jobs=[counter.job], mail=no_mail, owner="server-2")
    for _ in range(3):
        one.run_due()
        two.run_due()
        clock.advance(seconds=60)
    assert counter.runs == 3
    [row] = job_runs.status(db.uow(), SYSTEM)
    assert row.runs == 3 and row.failures == 0 and not row.running


def test_a_dead_servers_lease_expires_and_its_late_record_is_refused(db: Database, clock: FakeClock) -> None:
    assert job_runs.try_claim(db.uow(), "count", "dead-server", lease_seconds=600) is not None
    counter = Counter()
    alive = Scheduler(db, CONFIG, jobs=[counter.job], mail=no_mail, owner="alive")
    clock.advance(seconds=300)
    assert alive.run_due() == []  # still leased
    [row] = job_runs.status(db.uow(), SYSTEM)
    assert row.running
    clock.advance(seconds=301)
    assert len(alive.run_due()) == 1 and counter.runs == 1
    late = JobReport(JobOutcome.OK, N_("{count} resolved tickets closed"), {"count": 99})
    assert not job_runs.finish(db.uow(), "count", "dead-server", clock.now, 60, late)
    [row] = job_runs.status(db.uow(), SYSTEM)
    assert row.message == "1 resolved tickets closed"


def test_a_failing_job_is_recorded_and_the_others_still_run(db: Database, clock: FakeClock) -> None:
    broken = Counter("broken", fail=StorageUnavailable("The database could not be reached."))
    buggy = Counter("buggy", fail=ZeroDivisionError("division by zero"))
    fine = Counter("fine")
    scheduler = Scheduler(db, CONFIG, jobs=[broken.job, buggy.job, fine.job], mail=no_mail)
    outcomes = {r.name: r.report.outcome for r in scheduler.run_due()}
    assert outcomes == {"broken": JobOutcome.FAILED, "buggy": JobOutcome.FAILED, "fine": JobOutcome.OK}
    rows = {row.name: row for row in job_runs.status(db.uow(), SYSTEM)}
    assert rows["broken"].message == "Failed: The database could not be reached."
    assert rows["buggy"].message == "Failed: ZeroDivisionError: division by zero"
    assert rows["broken"].failures == 1 and rows["fine"].failures == 0
    clock.advance(seconds=60)
    scheduler.run_due()  # failed jobs run again at their next tick
    assert (broken.runs, buggy.runs, fine.runs) == (2, 2, 2)


def test_a_job_turned_off_never_runs(db: Database) -> None:
    off = Counter(interval=0)
    assert Scheduler(db, CONFIG, jobs=[off.job], mail=no_mail).run_due() == []
    assert off.runs == 0


def test_run_messages_are_shown_in_the_readers_language(db: Database) -> None:
    Scheduler(db, CONFIG, jobs=[Counter().job], mail=no_mail).run_due()
    try:
        set_language("id")
        [row] = job_runs.status(db.uow(), SYSTEM)
        assert row.message != "1 resolved tickets closed" and "1" in row.message
    finally:
        set_language("en")


def test_only_supervisors_and_admins_see_the_jobs(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        job_runs.status(db.uow(), f.agent(db))
    assert job_runs.status(db.uow(), f.user(db, Role.SUPERVISOR)) == []


def test_the_builtin_scheduler_warns_before_the_breach(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), impact="high", urgency="high")  # P1: 30 minutes to respond
    scheduler = Scheduler(db, SchedulerSettings(), mail=no_mail)
    first = {r.name: r.report for r in scheduler.run_due()}
    assert set(first) == {job.name for job in BUILTIN_JOBS}
    assert first["mail_fetch"].outcome is JobOutcome.SKIPPED and first["mail_send"].outcome is JobOutcome.SKIPPED
    assert first["sla_check"].params == {"warnings": 0, "breaches": 0}
    clock.advance(minutes=25)  # past 80 % of the response time, before the breach
    later = {r.name: r.report for r in scheduler.run_due()}
    assert later["sla_check"].params == {"warnings": 1, "breaches": 0}
    assert "auto_close" not in later  # hourly: not due again yet
    with db.uow() as uow:
        warned = uow.session.scalars(select(OutboxMessage.recipient_id).where(
            OutboxMessage.kind == "sla_warning", OutboxMessage.ticket_id == t.id)).all()
    assert agent.id in warned


def test_concurrent_schedulers_run_a_tick_once(committed_db: Database) -> None:
    """Eight threads, each its own scheduler and connection, race for the same tick."""
    counter = Counter()
    lock = threading.Lock()

    def run(ctx: JobContext) -> JobReport:
        with lock:
            counter.runs += 1
        return JobReport(JobOutcome.OK, N_("{count} resolved tickets closed"), {"count": 1})

    job = Job("race", N_("Counting"), lambda _c: 3600, run)
    start = threading.Barrier(8)

    def server(n: int) -> None:
        scheduler = Scheduler(committed_db, CONFIG, jobs=[job], mail=no_mail, owner=f"server-{n}")
        start.wait()
        scheduler.run_due()

    threads = [threading.Thread(target=server, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.runs == 1
    [row] = job_runs.status(committed_db.uow(), SYSTEM)
    assert row.runs == 1 and row.next_due_at == next_tick(committed_db.clock(), 3600)


def test_the_loop_stops_when_told(committed_db: Database) -> None:
    counter = Counter()
    scheduler = Scheduler(committed_db, CONFIG, jobs=[counter.job], mail=no_mail)
    thread, stop = scheduler.start()
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert counter.runs <= 1


def test_status_reports_the_next_tick(db: Database, clock: FakeClock) -> None:
    Scheduler(db, CONFIG, jobs=[Counter().job], mail=no_mail).run_due()
    [row] = job_runs.status(db.uow(), SYSTEM)
    assert row.next_due_at == next_tick(clock.now, 60)
    assert row.last_started_at == clock.now and row.last_finished_at == clock.now
    assert row.next_due_at - clock.now <= timedelta(seconds=60)
