"""`helpdesk mail fetch|watch|send`, plugged in through the `helpdesk.commands` entry point:

    [project.entry-points."helpdesk.commands"]
    mail = "shared.mail.cli:register_cli"
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from shared.cli_support import CliContext
from shared.errors import HelpdeskError
from shared.i18n import _
from shared.mail import imap, smtp
from shared.mail.config import MailSettings, load_mail_settings


def register_cli(subparsers: Any) -> None:
    p_mail = subparsers.add_parser("mail", help=_("fetch mail into tickets, send notifications"))
    sub = p_mail.add_subparsers(dest="mail_command", required=True)
    p = sub.add_parser("fetch", help=_("process new mail in the mailbox once"))
    p.set_defaults(handler=cmd_fetch)
    p = sub.add_parser("watch", help=_("keep processing mail as it arrives (IDLE or polling)"))
    p.add_argument("--send", action="store_true", help=_("also send due notifications after each round"))
    p.set_defaults(handler=cmd_watch)
    p = sub.add_parser("send", help=_("send due e-mail notifications from the outbox once"))
    p.set_defaults(handler=cmd_send)


def _err(message: str) -> None:
    print(_("error: {message}").format(message=message), file=sys.stderr)


def _fetch_line(summary: imap.FetchSummary) -> str:
    return _("{created} created, {appended} appended, {event} events on tickets, {ignored} ignored, "
             "{quarantined} quarantined, {duplicate} already processed").format(**summary.counts)


def cmd_fetch(args: argparse.Namespace, ctx: CliContext, mail: MailSettings | None = None) -> int:
    try:
        mail = mail or load_mail_settings()
        summary = imap.fetch_once(ctx.database(), mail)
    except HelpdeskError as exc:
        _err(exc.message)
        return exc.exit_code
    ctx.out.write(_fetch_line(summary) + "\n")
    return 0


def cmd_send(args: argparse.Namespace, ctx: CliContext, mail: MailSettings | None = None) -> int:
    try:
        mail = mail or load_mail_settings()
        summary = smtp.drain(ctx.database(), mail)
    except HelpdeskError as exc:
        _err(exc.message)
        return exc.exit_code
    ctx.out.write(_("{sent} sent, {retried} to retry later, {failed} failed").format(
        sent=summary.sent, retried=summary.retried, failed=summary.failed) + "\n")
    if summary.error:
        _err(summary.error)
        return imap.MailConnectionError.exit_code
    return 0


def cmd_watch(args: argparse.Namespace, ctx: CliContext, mail: MailSettings | None = None,
              stop: threading.Event | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_a: stop.set())
    try:
        mail = mail or load_mail_settings()
        db = ctx.database()

        def each(summary: imap.FetchSummary) -> None:
            if any(summary.counts.values()):
                ctx.out.write(_fetch_line(summary) + "\n")
                ctx.out.flush()
            if args.send:
                smtp.drain(db, mail)

        imap.watch(db, mail, stop=stop, on_summary=each)
    except HelpdeskError as exc:
        _err(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        return 0
    return 0
