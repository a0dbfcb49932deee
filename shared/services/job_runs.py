"""The scheduler's bookkeeping: take a job's lease for one tick, record how the run ended, and show
every job's last run to supervisors.

A tick is taken with one conditional UPDATE (due, and nobody holds an unexpired lease), so with N
processes on one database — SQLite or PostgreSQL — each tick of each job runs exactly once. The
same statement works on both databases and with the test clock; a lease that outlives a dead
process simply expires. What a run reports is stored as a message id with parameters and rendered
in the reader's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, Result, insert, or_, select, update

from shared.auth.permissions import Actor, Permission, require
from shared.i18n import _
from shared.models import JobRun
from shared.services.uow import UnitOfWork


class JobOutcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"  # nothing to do by configuration (e.g. no mail server configured)


@dataclass(frozen=True)
class JobReport:
    """What a run says about itself: a message id (marked with N_) and its parameters."""

    outcome: JobOutcome
    msgid: str
    params: dict[str, Any]

    def encode(self) -> str:
        return json.dumps({"msgid": self.msgid, "params": self.params}, ensure_ascii=False)


@dataclass(frozen=True)
class JobStatus:
    name: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    outcome: JobOutcome | None
    message: str  # in the reader's language
    next_due_at: datetime | None
    running: bool
    runs: int
    failures: int


def next_tick(started: datetime, interval_seconds: int) -> datetime:
    """The first tick boundary after `started`. Boundaries are multiples of the interval since the
    epoch, so every process agrees on them whenever it started."""
    stamp = int(started.timestamp())
    return datetime.fromtimestamp(stamp - stamp % interval_seconds + interval_seconds, UTC)


def try_claim(uow: UnitOfWork, name: str, owner: str, lease_seconds: int) -> datetime | None:
    """Take `name`'s lease if its tick is due and nobody holds it. Returns the start time, or None.

    Runs as the system (the scheduler); one short transaction of its own."""
    with uow:
        now = uow.now()
        dialect = uow.session.get_bind().dialect.name
        values = {"name": name, "last_message": "", "runs": 0, "failures": 0}
        if dialect in ("postgresql", "sqlite"):
            # the dialect's own module, imported when used: a SQLite desk never loads PostgreSQL's
            if dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                uow.session.execute(pg_insert(JobRun).values(**values).on_conflict_do_nothing(index_elements=["name"]))
            else:
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                uow.session.execute(
                    sqlite_insert(JobRun).values(**values).on_conflict_do_nothing(index_elements=["name"]))
        elif uow.session.get(JobRun, name) is None:
            uow.session.execute(insert(JobRun).values(**values))
        taken = uow.session.execute(
            update(JobRun)
            .where(JobRun.name == name,
                   or_(JobRun.next_due_at.is_(None), JobRun.next_due_at <= now),
                   or_(JobRun.lease_until.is_(None), JobRun.lease_until <= now))
            .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds), last_started_at=now)
            .execution_options(synchronize_session=False))
        uow.commit()
        return now if _rows(taken) == 1 else None


def finish(uow: UnitOfWork, name: str, owner: str, started: datetime, interval_seconds: int,
           report: JobReport) -> bool:
    """Record how the run ended and when the next tick is due; release the lease. False when the
    lease had expired and another process took the job over (its record wins)."""
    with uow:
        done = uow.session.execute(
            update(JobRun)
            .where(JobRun.name == name, JobRun.lease_owner == owner)
            .values(lease_owner=None, lease_until=None, last_finished_at=uow.now(), last_owner=owner,
                    last_outcome=report.outcome.value, last_message=report.encode(),
                    runs=JobRun.runs + 1,
                    failures=JobRun.failures + (1 if report.outcome is JobOutcome.FAILED else 0),
                    next_due_at=next_tick(started, interval_seconds))
            .execution_options(synchronize_session=False))
        uow.commit()
        return _rows(done) == 1


def _rows(result: Result[Any]) -> int:
    """Rows an UPDATE matched (every DBAPI driver we use reports it)."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def render(encoded: str) -> str:
    """A stored run message in the current language (plain text is shown as it was stored)."""
    if not encoded:
        return ""
    try:
        data = json.loads(encoded)
        return _(data["msgid"]).format(**data["params"])
    except (ValueError, KeyError, TypeError, IndexError):
        return encoded


def status(uow: UnitOfWork, actor: Actor) -> list[JobStatus]:
    """Every job the scheduler has run or tried, by name. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    with uow:
        now = uow.now()
        rows = uow.session.scalars(select(JobRun).order_by(JobRun.name)).all()
        return [JobStatus(name=r.name, last_started_at=r.last_started_at, last_finished_at=r.last_finished_at,
                          outcome=JobOutcome(r.last_outcome) if r.last_outcome else None,
                          message=render(r.last_message), next_due_at=r.next_due_at,
                          running=r.lease_until is not None and r.lease_until > now,
                          runs=r.runs, failures=r.failures)
                for r in rows]
