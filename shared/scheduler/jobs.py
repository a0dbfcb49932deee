"""The built-in periodic jobs. Each reads what it needs lazily, so listing the jobs (the console,
`helpdesk scheduler status`) imports neither the mail nor the machines code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.auth.permissions import SYSTEM
from shared.i18n import N_
from shared.services.job_runs import JobOutcome, JobReport

if TYPE_CHECKING:
    from shared.db.database import Database
    from shared.mail.config import MailSettings
    from shared.scheduler.config import SchedulerSettings


@dataclass
class JobContext:
    db: Database
    config: SchedulerSettings
    mail: Callable[[], MailSettings]  # read when a mail job runs, so a bad [mail] fails only those


@dataclass(frozen=True)
class Job:
    name: str
    title: str  # marked with N_: translate where shown
    interval: Callable[[SchedulerSettings], int]  # seconds; 0 = off
    run: Callable[[JobContext], JobReport]


def _sla_check(ctx: JobContext) -> JobReport:
    from shared.services import sla

    result = sla.check(ctx.db.uow(), SYSTEM)
    return JobReport(JobOutcome.OK, N_("{warnings} new warnings, {breaches} new breaches"),
                     {"warnings": result.warnings, "breaches": result.breaches})


def _auto_close(ctx: JobContext) -> JobReport:
    from shared.services import workflow

    closed = workflow.auto_close(ctx.db.uow(), SYSTEM)
    return JobReport(JobOutcome.OK, N_("{count} resolved tickets closed"), {"count": len(closed)})


def _unseen_machines(ctx: JobContext) -> JobReport:
    from shared.services import alerts

    opened = alerts.check_unseen(ctx.db.uow(), hours=ctx.config.unseen_hours)
    return JobReport(JobOutcome.OK, N_("{count} alert tickets opened for silent machines"), {"count": len(opened)})


def _alert_loop(ctx: JobContext) -> JobReport:
    from shared.services import alert_loop

    result = alert_loop.run(ctx.db.uow(), SYSTEM)
    return JobReport(JobOutcome.OK, N_("{resolved} alert tickets resolved, {summarised} flapping alerts summed up"),
                     {"resolved": len(result.resolved), "summarised": len(result.summarised)})


def _forecasts(ctx: JobContext) -> JobReport:
    from shared.services import forecast

    result = forecast.run(ctx.db.uow(), SYSTEM)
    return JobReport(JobOutcome.OK, N_("{machines} machines forecast, {opened} preventive tickets opened"),
                     {"machines": result.machines, "opened": len(result.opened)})


def _mail_fetch(ctx: JobContext) -> JobReport:
    mail = ctx.mail()
    if not mail.imap_host:
        return JobReport(JobOutcome.SKIPPED, N_("No IMAP server is configured."), {})
    from shared.mail import imap

    counts = imap.fetch_once(ctx.db, mail).counts
    return JobReport(JobOutcome.OK, N_("{created} created, {appended} appended, {ignored} ignored, "
                                       "{rejected} rejected, {duplicate} already processed"),
                     {key: counts.get(key, 0) for key in ("created", "appended", "ignored", "rejected", "duplicate")})


def _mail_send(ctx: JobContext) -> JobReport:
    mail = ctx.mail()
    if not mail.smtp_host:
        return JobReport(JobOutcome.SKIPPED, N_("No SMTP server is configured."), {})
    from shared.mail import smtp

    summary = smtp.drain(ctx.db, mail)
    params = {"sent": summary.sent, "retried": summary.retried, "failed": summary.failed}
    if summary.error:
        return JobReport(JobOutcome.FAILED, N_("{sent} sent, {retried} to retry later, {failed} failed: {error}"),
                         {**params, "error": summary.error})
    return JobReport(JobOutcome.OK, N_("{sent} sent, {retried} to retry later, {failed} failed"), params)


def _weekly_report(ctx: JobContext) -> JobReport:
    from shared.services.weekly_report import queue_weekly_report

    queued = queue_weekly_report(ctx.db.uow(), zone=ctx.db.settings.timezone or "Asia/Jakarta")
    return JobReport(JobOutcome.OK, N_("{count} weekly reports queued"), {"count": queued})


def _triage_train(ctx: JobContext) -> JobReport:
    from shared.triage import store

    result = store.retrain_if_needed(ctx.db.uow(), SYSTEM)
    if result is None:
        return JobReport(JobOutcome.SKIPPED, N_("No ticket resolved since the last model"), {})
    if result.version is None:
        return JobReport(JobOutcome.SKIPPED, N_("Too few resolved tickets to learn from ({count})"),
                         {"count": result.n_train})
    return JobReport(JobOutcome.OK, N_("Model version {version} trained on {count} tickets"),
                     {"version": result.version, "count": result.n_train})


def _incident_detect(ctx: JobContext) -> JobReport:
    from shared.services import incidents

    touched = incidents.detect(ctx.db.uow())
    return JobReport(JobOutcome.OK, N_("{count} major incidents suggested or grown"), {"count": len(touched)})


def _search_upkeep(ctx: JobContext) -> JobReport:
    from shared.services import search_upkeep

    result = search_upkeep.tidy(ctx.db)
    if result.postgres:
        return JobReport(JobOutcome.OK, N_("GIN pending lists: {pages} pages moved into {indexes} indexes"),
                         {"pages": result.gin_pages, "indexes": result.gin_indexes})
    params = {"before": result.segments_before, "after": result.segments_after, "steps": result.steps}
    if result.busy:
        return JobReport(JobOutcome.OK, N_("Search index: {before} segments, {after} after {steps} merge steps; "
                                           "the database was busy, the rest at the next run"), params)
    if not result.steps:
        return JobReport(JobOutcome.SKIPPED, N_("Search index compact: {after} segments"), params)
    return JobReport(JobOutcome.OK, N_("Search index: {before} segments, {after} after {steps} merge steps"), params)


BUILTIN_JOBS: tuple[Job, ...] = (
    Job("sla_check", N_("SLA warnings and breaches"), lambda c: c.sla_check, _sla_check),
    Job("auto_close", N_("Close resolved tickets"), lambda c: c.auto_close, _auto_close),
    Job("unseen_machines", N_("Silent machines"), lambda c: c.unseen_machines, _unseen_machines),
    Job("alert_loop", N_("Resolve cleared probe alerts"), lambda c: c.alert_loop, _alert_loop),
    Job("forecasts", N_("Forecasts and preventive tickets"), lambda c: c.forecasts, _forecasts),
    Job("mail_fetch", N_("Fetch mail"), lambda c: c.mail_fetch, _mail_fetch),
    Job("mail_send", N_("Send mail"), lambda c: c.mail_send, _mail_send),
    Job("weekly_report", N_("Weekly report to supervisors"), lambda c: c.weekly_report, _weekly_report),
    Job("triage_train", N_("Retrain the ticket classifier"), lambda c: c.triage_train, _triage_train),
    Job("incident_detect", N_("Major incident detection"), lambda c: c.incident_detect, _incident_detect),
    Job("search_upkeep", N_("Tidy the search index"), lambda c: c.search_upkeep, _search_upkeep),
)
TITLES: dict[str, str] = {job.name: job.title for job in BUILTIN_JOBS}
