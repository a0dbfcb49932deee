"""Runs the due jobs: `helpdesk serve` in a background thread, `helpdesk scheduler` in the
foreground. A job that fails is recorded with why and runs again at its next tick; the loop never
stops for one job's error, nor for the database being away for a while."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.db.database import Database
from shared.errors import HelpdeskError
from shared.i18n import N_
from shared.scheduler.config import SchedulerSettings
from shared.scheduler.jobs import BUILTIN_JOBS, Job, JobContext
from shared.services import job_runs
from shared.services.job_runs import JobOutcome, JobReport

if TYPE_CHECKING:
    from shared.mail.config import MailSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    name: str
    report: JobReport


def _default_mail_settings() -> MailSettings:
    from shared.mail.config import load_mail_settings

    return load_mail_settings()


class Scheduler:
    def __init__(self, db: Database, config: SchedulerSettings, *, jobs: Sequence[Job] = BUILTIN_JOBS,
                 mail: Callable[[], MailSettings] | None = None, owner: str | None = None) -> None:
        self.db = db
        self.config = config
        self.jobs = [job for job in jobs if job.interval(config) > 0]
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._context = JobContext(db=db, config=config, mail=mail or _default_mail_settings)

    def run_due(self) -> list[RunResult]:
        """Run every enabled job whose tick is due and not taken by another process, once."""
        results = []
        for job in self.jobs:
            try:
                started = job_runs.try_claim(self.db.uow(), job.name, self.owner, self.config.lease_seconds)
            except HelpdeskError as exc:  # the database is away: try again at the next tick
                log.warning("scheduler: cannot claim %s: %s", job.name, exc.message)
                continue
            if started is None:
                continue
            report = self._run(job)
            try:
                job_runs.finish(self.db.uow(), job.name, self.owner, started, job.interval(self.config), report)
            except HelpdeskError as exc:  # the lease expires and the job runs again: never lost
                log.warning("scheduler: cannot record %s: %s", job.name, exc.message)
            results.append(RunResult(job.name, report))
        return results

    def _run(self, job: Job) -> JobReport:
        try:
            return job.run(self._context)
        except HelpdeskError as exc:
            log.warning("scheduler: %s failed: %s", job.name, exc.message)
            return JobReport(JobOutcome.FAILED, N_("Failed: {error}"), {"error": exc.message})
        except Exception as exc:  # a bug in one job must not stop the others
            log.exception("scheduler: %s failed", job.name)
            return JobReport(JobOutcome.FAILED, N_("Failed: {error}"), {"error": f"{type(exc).__name__}: {exc}"})

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.run_due()
            stop.wait(self.config.tick_seconds)

    def start(self) -> tuple[threading.Thread, threading.Event]:
        """Run in a daemon thread until the returned event is set."""
        stop = threading.Event()
        thread = threading.Thread(target=self.run_forever, args=(stop,), name="helpdesk-scheduler", daemon=True)
        thread.start()
        return thread, stop
