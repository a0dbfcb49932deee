"""The core's own `helpdesk` commands: database, users, demo data, reports, SLA check, tickets.

`shared.cli` imports this module only when it builds the whole parser (or the parser of one of
these commands): a plugin's command such as `helpdesk console` never loads the services, the
report code or the directory client these commands need.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from shared.auth.permissions import SYSTEM, Actor
from shared.cli_report import cmd_rebuild_aggregates, cmd_report, report_date
from shared.cli_show import print_ticket
from shared.cli_support import CliContext, whole_number
from shared.directory import cli as directory_cli
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models.enums import Role, Status, label
from shared.services import catalog, queue, sla, tickets, users, workflow
from shared.services.dto import TicketDetail, parse_ticket_ref
from shared.textwidth import clip, column, pad

Handler = Callable[[argparse.Namespace, CliContext], int]


# --- helpers ----------------------------------------------------------------------------------

def _as(args: argparse.Namespace, ctx: CliContext) -> Actor:
    try:
        return users.actor_for(ctx.database().uow(), args.as_user)
    except NotFound as exc:
        close = _similar_usernames(ctx, args.as_user)
        if not close:
            raise
        raise NotFound(exc.message + " " + _("Did you mean {names}?").format(names=", ".join(close))) from None


def _ticket(ctx: CliContext, value: str) -> int:
    """The id in a ticket number typed with this install's prefix (or a bare number)."""
    return parse_ticket_ref(value, ctx.settings.ticket_prefix)


def _similar_usernames(ctx: CliContext, name: str, limit: int = 3) -> list[str]:
    """User names a mistyped --as probably meant: "rina" for "rina.kusuma"."""
    wanted = name.casefold()
    if len(wanted) < 3:
        return []
    names = [u.username for u in users.list_users(ctx.database().uow(), SYSTEM) if u.active]
    return sorted(n for n in names if wanted in n.casefold())[:limit]


def _tier(value: str) -> int:
    text = value.upper().lstrip("L")
    if text not in ("2", "3", "4"):
        raise argparse.ArgumentTypeError(_("'{value}' is not a tier: use L2, L3 or L4").format(value=value))
    return int(text)


# --- commands ---------------------------------------------------------------------------------

def cmd_db_upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.database(migrate=True, create=True)
    ctx.out.write(_("Database is up to date: {url}").format(url=_safe_url(ctx.settings.database_url)) + "\n")
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def ask_password(prompt: Callable[[str], str] = getpass.getpass,
                 has_terminal: Callable[[], bool] | None = None) -> str:
    """The new password, typed twice at a terminal (getpass would read a pipe, or fail on its end)."""
    if not (has_terminal or sys.stdin.isatty)():
        raise ValidationFailed(_("--ask-password needs a terminal to type into; pipe the password to "
                                 "--password-stdin instead."), field="password")
    try:
        first = prompt(_("Password: "))
        second = prompt(_("Password again: "))
    except EOFError:
        raise ValidationFailed(_("No password was typed."), field="password") from None
    if first != second:
        raise ValidationFailed(_("The two passwords differ; nothing was changed."), field="password")
    return first


def cmd_user_add(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif args.ask_password:
        password = ask_password()
    team_ids = [users.team_by_name(db.uow(), name) for name in args.team]
    view = users.create_user(db.uow(), SYSTEM, username=args.username, full_name=args.name, role=args.role,
                             email=args.email, password=password, team_ids=team_ids, timezone=args.timezone)
    ctx.out.write(_("Added {username} ({role}).").format(username=view.username, role=label(view.role)) + "\n")
    return 0


def cmd_user_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = [(u.username, u.full_name, label(u.role), _("on duty") if u.on_duty else _("off duty"))
            for u in users.list_users(ctx.database().uow(), SYSTEM, staff_only=args.staff)]
    widths = [column((r[i] for r in rows), at_most=32) for i in range(3)]
    for row in rows:
        ctx.out.write("  ".join(pad(clip(v, n), n) for v, n in zip(row[:3], widths, strict=True)) + f"  {row[3]}\n")
    return 0


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from shared.demo import has_data, load_demo

    db = ctx.database(create=True)
    if args.if_empty and has_data(db):
        ctx.out.write(_("The database has data already; demo data not loaded.") + "\n")
        return 0
    summary = load_demo(db, tickets=args.tickets, seed=args.seed)
    ctx.out.write(_("Loaded demo data: {tickets} tickets, {users} users, {articles} articles.").format(
        tickets=summary.tickets, users=summary.users, articles=summary.articles) + "\n")
    ctx.out.write(_("Sign in as agent1, tech1, eng1, sari (supervisor) or admin; password: {pw}").format(
        pw=summary.password) + "\n")
    return 0


def cmd_sla_check(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    result = sla.check(db.uow(), SYSTEM)
    closed = workflow.auto_close(db.uow(), SYSTEM) if args.auto_close else []
    ctx.out.write(_("SLA check: {w} new warnings, {b} new breaches.").format(
        w=result.warnings, b=result.breaches) + "\n")
    if args.auto_close:
        ctx.out.write(_("Auto-closed {n} resolved tickets.").format(n=len(closed)) + "\n")
    return 0


def cmd_ticket_create(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    actor = _as(args, ctx)
    requester_id = users.actor_for(db.uow(), args.for_user).id if args.for_user else None
    t = tickets.create(db.uow(), actor, subject=args.subject, description=args.description or "",
                       requester_id=requester_id, channel=args.channel, impact=args.impact, urgency=args.urgency)
    ctx.out.write(_("Created {number}: {subject} ({priority})").format(
        number=t.number, subject=t.subject, priority=t.priority) + "\n")
    return 0


def cmd_ticket_show(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    detail = tickets.get(db.uow(), _as(args, ctx), _ticket(ctx, args.ticket))
    # Audit events store ids: the names they stand for, as the console shows them.
    names = {str(u.id): u.full_name for u in users.list_users(db.uow(), SYSTEM, staff_only=True)}
    names |= {f"team:{i}": name for i, name, _tier in users.list_teams(db.uow())}
    names |= {f"category:{c.id}": c.path for c in catalog.list_categories(db.uow())}
    print_ticket(ctx.out, detail, names, ctx.settings.timezone)
    return 0


def cmd_ticket_list(args: argparse.Namespace, ctx: CliContext) -> int:
    actor = _as(args, ctx)
    query = queue.QueueQuery(view=queue.View(args.view), text=args.search or "", sort=args.sort)
    db = ctx.database()
    total = queue.count(db.uow(), actor, query)
    status_width = column(label(s) for s in Status)  # every status, so pages line up with each other
    for row in queue.page(db.uow(), actor, query, limit=args.limit):
        ctx.out.write(f"{row.number}  {row.priority}  {pad(label(row.status), status_width)}  "
                      f"{pad(clip(row.subject, 60), 60)}  {row.assignee or '—'}\n")
    ctx.out.write(_("{shown} of {total} tickets").format(shown=min(total, args.limit), total=total) + "\n")
    return 0


def _ticket_action(fn: Callable[[CliContext, Actor, int, argparse.Namespace], TicketDetail]) -> Handler:
    def handler(args: argparse.Namespace, ctx: CliContext) -> int:
        t = fn(ctx, _as(args, ctx), _ticket(ctx, args.ticket), args)
        ctx.out.write(_("{number} is now {status}.").format(number=t.number, status=label(t.status)) + "\n")
        return 0
    return handler


def _assignee_id(ctx: CliContext, name: str) -> int | None:
    if name in ("-", "none"):
        return None
    return users.actor_for(ctx.database().uow(), name).id


ACTIONS: dict[str, Callable[[CliContext, Actor, int, argparse.Namespace], TicketDetail]] = {
    "reply": lambda c, a, t, ns: tickets.reply(c.database().uow(), a, t, ns.body),
    "note": lambda c, a, t, ns: tickets.note(c.database().uow(), a, t, ns.body),
    "claim": lambda c, a, t, ns: workflow.claim(c.database().uow(), a, t),
    "assign": lambda c, a, t, ns: workflow.assign(c.database().uow(), a, t, _assignee_id(c, ns.user)),
    "status": lambda c, a, t, ns: workflow.change_status(c.database().uow(), a, t, ns.status, reason=ns.reason),
    "escalate": lambda c, a, t, ns: workflow.escalate(c.database().uow(), a, t, ns.to, ns.reason,
                                                      vendor_reference=ns.vendor_ref),
    "resolve": lambda c, a, t, ns: workflow.resolve(c.database().uow(), a, t, ns.solution, kb_draft=ns.kb_draft),
    "close": lambda c, a, t, ns: workflow.close(c.database().uow(), a, t, ns.reason),
    "reopen": lambda c, a, t, ns: workflow.reopen(c.database().uow(), a, t, ns.reason),
    "priority": lambda c, a, t, ns: tickets.override_priority(
        c.database().uow(), a, t, None if ns.priority.lower() == "auto" else ns.priority, ns.reason),
    "merge": lambda c, a, t, ns: workflow.merge(c.database().uow(), a, t, _ticket(c, ns.into)),
    "link": lambda c, a, t, ns: workflow.link(c.database().uow(), a, t, _ticket(c, ns.other)),
}


# --- parser -----------------------------------------------------------------------------------

def register(sub: Any) -> None:
    """Add the core's commands to `helpdesk`'s subparsers."""
    p_db = sub.add_parser("db", help=_("database schema"))
    db_sub = p_db.add_subparsers(dest="db_command", required=True)
    p_up = db_sub.add_parser("upgrade", help=_("create or migrate the schema, add defaults"))
    p_up.set_defaults(handler=cmd_db_upgrade)

    p_user = sub.add_parser("user", help=_("accounts"))
    user_sub = p_user.add_subparsers(dest="user_command", required=True)
    p_add = user_sub.add_parser("add", help=_("add an account"))
    p_add.add_argument("username")
    p_add.add_argument("--name", required=True, help=_("full name"))
    p_add.add_argument("--role", required=True, choices=[r.value for r in Role])
    p_add.add_argument("--email")
    p_add.add_argument("--team", action="append", default=[], help=_("team name (repeatable)"))
    p_add.add_argument("--timezone", default="Asia/Jakarta")
    pw = p_add.add_mutually_exclusive_group()
    pw.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    pw.add_argument("--ask-password", action="store_true", help=_("prompt for a password"))
    p_add.set_defaults(handler=cmd_user_add)
    p_list = user_sub.add_parser("list", help=_("list accounts"))
    p_list.add_argument("--staff", action="store_true", help=_("agents, supervisors and admins only"))
    p_list.set_defaults(handler=cmd_user_list)
    directory_cli.register(sub, user_sub)

    p_demo = sub.add_parser("demo", help=_("load realistic demo data"))
    p_demo.add_argument("--tickets", type=whole_number(0, 100_000), default=300)
    p_demo.add_argument("--seed", type=int, default=7)
    p_demo.add_argument("--if-empty", action="store_true", help=_("only when the database has no tickets"))
    p_demo.set_defaults(handler=cmd_demo)

    p_rep = sub.add_parser("report", help=_("service-desk KPIs for a period"))
    p_rep.add_argument("--from", dest="from_", type=report_date, metavar="YYYY-MM-DD",
                       help=_("first day (default: 29 days before --to)"))
    p_rep.add_argument("--to", type=report_date, metavar="YYYY-MM-DD", help=_("last day, included (default: today)"))
    p_rep.add_argument("--csv", action="store_true", help=_("machine-readable output"))
    p_rep.set_defaults(handler=cmd_report)
    rep_sub = p_rep.add_subparsers(dest="report_command", metavar="COMMAND")
    p_rebuild = rep_sub.add_parser("rebuild-aggregates",
                                   help=_("recompute the report aggregates from the tickets (repair)"))
    p_rebuild.set_defaults(handler=cmd_rebuild_aggregates)

    p_sla = sub.add_parser("sla-check", help=_("raise SLA warnings and breaches (run every few minutes)"))
    p_sla.add_argument("--auto-close", action="store_true", help=_("also close tickets resolved long enough ago"))
    p_sla.set_defaults(handler=cmd_sla_check)

    _ticket_parsers(sub)


def _ticket_parsers(sub: Any) -> None:
    p_t = sub.add_parser("ticket", help=_("work on tickets"))
    t_sub = p_t.add_subparsers(dest="ticket_command", required=True)

    def add(name: str, help_text: str, handler: Handler, *, ticket: bool = True) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = t_sub.add_parser(name, help=help_text)
        p.add_argument("--as", dest="as_user", required=True, metavar="USER", help=_("who is acting"))
        if ticket:
            p.add_argument("ticket", help=_("ticket number, e.g. HD-000123"))
        p.set_defaults(handler=handler)
        return p

    p = add("create", _("open a ticket"), cmd_ticket_create, ticket=False)
    p.add_argument("--subject", required=True)
    p.add_argument("--description")
    p.add_argument("--for", dest="for_user", metavar="USER", help=_("the requester, when raising it for someone"))
    p.add_argument("--impact", choices=["high", "medium", "low"])
    p.add_argument("--urgency", choices=["high", "medium", "low"])
    p.add_argument("--channel", default="portal", choices=["email", "portal", "phone", "chat", "walk_in"])
    add("show", _("show a ticket and its timeline"), cmd_ticket_show)
    p = add("list", _("list a queue"), cmd_ticket_list, ticket=False)
    p.add_argument("--view", default="all", choices=[v.value for v in queue.View])
    p.add_argument("--search")
    p.add_argument("--sort", default="updated", choices=list(queue.SORTABLE))
    p.add_argument("--limit", type=int, default=25)

    add("reply", _("public reply"), _ticket_action(ACTIONS["reply"])).add_argument("--body", required=True)
    add("note", _("internal note"), _ticket_action(ACTIONS["note"])).add_argument("--body", required=True)
    add("claim", _("take the ticket"), _ticket_action(ACTIONS["claim"]))
    add("assign", _("assign to a user ('-' to unassign)"), _ticket_action(ACTIONS["assign"])).add_argument("user")
    p = add("status", _("change status"), _ticket_action(ACTIONS["status"]))
    p.add_argument("status", choices=[s.value for s in Status])
    p.add_argument("--reason", default="")
    p = add("escalate", _("escalate to L2, L3 or L4"), _ticket_action(ACTIONS["escalate"]))
    p.add_argument("--to", type=_tier, required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--vendor-ref", dest="vendor_ref")
    p = add("resolve", _("resolve with a solution"), _ticket_action(ACTIONS["resolve"]))
    p.add_argument("--solution", required=True)
    p.add_argument("--kb-draft", action="store_true", help=_("turn the solution into a KB draft"))
    add("close", _("close"), _ticket_action(ACTIONS["close"])).add_argument("--reason", default="")
    add("reopen", _("reopen a resolved ticket"), _ticket_action(ACTIONS["reopen"])).add_argument(
        "--reason", required=True)
    p = add("priority", _("override the priority (or 'auto')"), _ticket_action(ACTIONS["priority"]))
    p.add_argument("priority")
    p.add_argument("--reason", default="")
    add("merge", _("merge this duplicate into another ticket"), _ticket_action(ACTIONS["merge"])).add_argument(
        "--into", required=True)
    add("link", _("link to a related ticket"), _ticket_action(ACTIONS["link"])).add_argument("other")
