"""`helpdesk mail fetch|watch|send|undelivered|resend|dismiss`, plugged in through the `helpdesk.commands` entry point:

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

from shared.admin_cli.common import actor
from shared.cli_support import CliContext, record_id
from shared.errors import HelpdeskError
from shared.i18n import _
from shared.mail import imap, smtp
from shared.mail.config import MailSettings, load_mail_settings
from shared.services import undelivered
from shared.textwidth import clip, column, pad
from shared.timefmt import fmt_datetime


def register_cli(subparsers: Any) -> None:
    p_mail = subparsers.add_parser("mail", help=_("fetch mail into tickets, send notifications, undelivered mail"))
    sub = p_mail.add_subparsers(dest="mail_command", required=True)
    p = sub.add_parser("fetch", help=_("process new mail in the mailbox once"))
    p.set_defaults(handler=cmd_fetch)
    p = sub.add_parser("watch", help=_("keep processing mail as it arrives (IDLE or polling)"))
    p.add_argument("--send", action="store_true", help=_("also send due notifications after each round"))
    p.set_defaults(handler=cmd_watch)
    p = sub.add_parser("send", help=_("send due e-mail notifications from the outbox once"))
    p.set_defaults(handler=cmd_send)
    as_help = _("who is acting (recorded in the audit trail; default: the system)")
    id_help = _("the mail's ID, as `helpdesk mail undelivered` lists it")
    p = sub.add_parser("undelivered", help=_("list the mail that could not be delivered"))
    p.add_argument("--all", action="store_true", help=_("also list dismissed mail"))
    p.add_argument("--as", dest="as_user", metavar="USER", help=as_help)
    p.set_defaults(handler=cmd_undelivered)
    p = sub.add_parser("resend", help=_("send an undelivered mail again, now"))
    p.add_argument("id", type=record_id, metavar="ID", help=id_help)
    p.add_argument("--to", metavar="ADDRESS", help=_("send it to this address instead"))
    p.add_argument("--as", dest="as_user", metavar="USER", help=as_help)
    p.set_defaults(handler=cmd_resend)
    p = sub.add_parser("dismiss", help=_("decide that an undelivered mail will not be sent (kept; resend undoes it)"))
    p.add_argument("id", type=record_id, metavar="ID", help=id_help)
    p.add_argument("--as", dest="as_user", metavar="USER", help=as_help)
    p.set_defaults(handler=cmd_dismiss)


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


def cmd_undelivered(args: argparse.Namespace, ctx: CliContext) -> int:
    items = undelivered.recent(ctx.database().uow(), actor(args, ctx), include_dismissed=args.all)
    if not items:
        ctx.out.write(_("No undelivered mail.") + "\n")
        return 0
    zone = ctx.settings.timezone
    rows = [(str(u.id), fmt_datetime(u.given_up_at, zone, fmt="short"), u.number or "—", u.recipient_address or "—",
             u.kind_text, str(u.attempts),
             (_("dismissed by {name}").format(name=u.dismissed_by or _("the system")) + ": " if u.dismissed else "")
             + clip(" ".join(u.last_error.split()), 90)) for u in items]
    heads = (_("ID"), _("Given up"), _("Ticket"), _("To"), _("Kind"), _("Attempts"), _("Last error"))
    widths = [column([h, *(r[i] for r in rows)], at_most=40) for i, h in enumerate(heads[:-1])]
    for line in (heads, *rows):
        ctx.out.write("  ".join(pad(clip(v, w), w) for v, w in zip(line, widths, strict=False)) + "  " + line[-1]
                      + "\n")
    return 0


def cmd_resend(args: argparse.Namespace, ctx: CliContext) -> int:
    u = undelivered.resend(ctx.database().uow(), actor(args, ctx), args.id, to=args.to)
    ctx.out.write(_("Mail #{id} to {address} will be sent again now (the next `helpdesk mail send`, or the "
                    "scheduler within a minute).").format(id=u.id, address=u.recipient_address) + "\n")
    return 0


def cmd_dismiss(args: argparse.Namespace, ctx: CliContext) -> int:
    u = undelivered.dismiss(ctx.database().uow(), actor(args, ctx), args.id)
    ctx.out.write(_("Mail #{id} to {address} dismissed: it will not be sent. `helpdesk mail resend {id}` "
                    "undoes it.").format(id=u.id, address=u.recipient_address or "—") + "\n")
    return 0
