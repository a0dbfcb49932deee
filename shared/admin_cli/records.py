"""`helpdesk admin canned …` and `helpdesk admin audit …`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shared.admin_cli.common import actor, instant, to_utc
from shared.cli_support import CliContext, record_id
from shared.errors import NotFound
from shared.i18n import _
from shared.services.admin import audit, canned
from shared.services.dto import parse_ticket_ref
from shared.timefmt import fmt_datetime


def register(sub: Any) -> None:
    p = sub.add_parser("canned", help=_("canned responses"))
    c = p.add_subparsers(dest="canned_command", required=True, metavar="COMMAND")
    c.add_parser("list", help=_("every canned response")).set_defaults(handler=cmd_canned_list)
    ca = c.add_parser("add", help=_("add a canned response"))
    ca.add_argument("--title", required=True)
    ca.add_argument("--body", required=True, help=_("may use {requester_name}, {ticket_number}, {agent_name}"))
    ca.add_argument("--team", help=_("offer it to this team only"))
    ca.set_defaults(handler=cmd_canned_add)
    ce = c.add_parser("edit", help=_("change a canned response"))
    ce.add_argument("id", type=record_id)
    ce.add_argument("--title")
    ce.add_argument("--body")
    ce.add_argument("--team", help=_("'' offers it to everyone"))
    ce.set_defaults(handler=cmd_canned_edit)
    cd = c.add_parser("delete", help=_("delete a canned response"))
    cd.add_argument("id", type=record_id)
    cd.set_defaults(handler=cmd_canned_delete)

    p = sub.add_parser("audit", help=_("the audit log"))
    a = p.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    al = a.add_parser("list", help=_("newest first, filtered"))
    al.add_argument("--who", help=_("user name ('system' for the system)"))
    al.add_argument("--action", help=_("e.g. user.create, or user. for every user action"))
    al.add_argument("--ticket", help=_("ticket number, e.g. HD-000123"))
    al.add_argument("--machine", help=_("machine id or host name"))
    al.add_argument("--since", type=instant, help=_("from this date or time (local), included"))
    al.add_argument("--until", type=instant, help=_("up to this date or time (local), excluded"))
    al.add_argument("--limit", type=int, default=200)
    al.add_argument("--csv", action="store_true", help=_("CSV (UTC times, detail as JSON)"))
    al.add_argument("--output", metavar="FILE", help=_("write to this file instead of the screen"))
    al.set_defaults(handler=cmd_audit_list)


def cmd_canned_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for row in canned.list_all(ctx.database().uow(), actor(args, ctx)):
        first = row.body.splitlines()[0] if row.body else ""
        ctx.out.write(f"{row.id:>4}  {row.title:<32} {row.team or _('everyone'):<18} {first[:50]}\n")
    return 0


def cmd_canned_add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = canned.add(ctx.database().uow(), actor(args, ctx), title=args.title, body=args.body, team=args.team)
    ctx.out.write(_("Added canned response #{id}: {title}").format(id=row.id, title=row.title) + "\n")
    return 0


def cmd_canned_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    row = canned.edit(ctx.database().uow(), actor(args, ctx), args.id, title=args.title, body=args.body,
                      team=args.team)
    ctx.out.write(_("Saved canned response #{id}: {title}").format(id=row.id, title=row.title) + "\n")
    return 0


def cmd_canned_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    canned.delete(ctx.database().uow(), actor(args, ctx), args.id)
    ctx.out.write(_("Deleted canned response #{id}.").format(id=args.id) + "\n")
    return 0


def cmd_audit_list(args: argparse.Namespace, ctx: CliContext) -> int:
    zone = ctx.settings.timezone
    query = audit.AuditQuery(
        who=args.who, action=args.action, ticket_id=parse_ticket_ref(args.ticket) if args.ticket else None,
        machine=args.machine, since=to_utc(args.since, zone), until=to_utc(args.until, zone), limit=args.limit)
    rows = audit.list_entries(ctx.database().uow(), actor(args, ctx), query)
    if args.csv:
        text = audit.to_csv(rows)
    else:
        text = "".join(f"{fmt_datetime(r.created_at, zone, fmt='short'):<18} {r.who:<12} {r.action:<22} "
                       f"{r.entity}{'' if r.entity_id is None else f' {r.entity_id}'}  {r.detail_text[:120]}\n"
                       for r in rows)
        text += _("{n} entries").format(n=len(rows)) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise NotFound(_("Cannot write {path}: {error}").format(path=args.output,
                                                                   error=exc.strerror or exc)) from None
        ctx.out.write(_("Wrote {n} entries to {path}.").format(n=len(rows), path=args.output) + "\n")
    else:
        ctx.out.write(text)
    return 0
