"""`helpdesk scheduler`: the periodic jobs for desks that run no server (`helpdesk serve` runs them
itself), and `helpdesk scheduler status`: when each job last ran and how it ended."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from typing import Any

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.i18n import _
from shared.scheduler.config import load_scheduler_settings
from shared.scheduler.jobs import TITLES
from shared.scheduler.runner import Scheduler
from shared.services import job_runs
from shared.timefmt import fmt_datetime


def register_cli(sub: Any) -> None:
    p = sub.add_parser("scheduler", help=_("run the periodic jobs (SLA check, auto-close, machines, mail)"))
    s_sub = p.add_subparsers(dest="scheduler_command", required=True, metavar="COMMAND")
    run = s_sub.add_parser("run", help=_("run due jobs until stopped (or once, with --once)"))
    run.add_argument("--once", action="store_true", help=_("run the due jobs once and exit"))
    run.set_defaults(handler=cmd_run)
    st = s_sub.add_parser("status", help=_("when each job last ran and how it ended"))
    st.set_defaults(handler=cmd_status)


def cmd_run(args: argparse.Namespace, ctx: CliContext) -> int:
    scheduler = Scheduler(ctx.database(), load_scheduler_settings())
    if args.once:
        for result in scheduler.run_due():
            ctx.out.write(f"{_(TITLES.get(result.name, result.name))}: "
                          f"{job_runs.render(result.report.encode())}\n")
        return 0
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_a: stop.set())
    ctx.out.write(_("Scheduler running ({owner}); stop with Ctrl+C.").format(owner=scheduler.owner) + "\n")
    ctx.out.flush()
    with contextlib.suppress(KeyboardInterrupt):
        scheduler.run_forever(stop)
    return 0


def cmd_status(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = job_runs.status(ctx.database().uow(), SYSTEM)
    if not rows:
        ctx.out.write(_("No job has run yet: start `helpdesk serve` or `helpdesk scheduler run`.") + "\n")
        return 0
    tz = ctx.settings.timezone
    outcome = {"ok": _("ok"), "failed": _("failed"), "skipped": _("skipped")}
    for row in rows:
        when = fmt_datetime(row.last_finished_at, tz, fmt="short") if row.last_finished_at else _("never")
        state = _("running") if row.running else outcome.get(row.outcome or "", "—")
        ctx.out.write(f"{_(TITLES.get(row.name, row.name))}: {when} · {state} · {row.message}\n")
    return 0
