"""`helpdesk`: the command line. Admin commands run as the system; ticket commands need `--as USER`.

User mistakes end with a one-line message and a non-zero exit code (see shared/errors.py), never
a traceback. Other packages add subcommands through the `helpdesk.commands` entry points.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import entry_points
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from shared.auth.permissions import SYSTEM, Actor
from shared.cli_support import CliContext
from shared.config import load_settings
from shared.directory import cli as directory_cli
from shared.errors import HelpdeskError, ValidationFailed, storage_unavailable
from shared.i18n import _, set_language
from shared.models.enums import Role, Status, label
from shared.services import metrics, queue, sla, tickets, users, workflow
from shared.services.dto import TicketDetail, describe_event, parse_ticket_ref
from shared.timefmt import fmt_datetime, fmt_duration, fmt_number, fmt_percent, local_zone

Handler = Callable[[argparse.Namespace, CliContext], int]


# --- helpers ----------------------------------------------------------------------------------

def _as(args: argparse.Namespace, ctx: CliContext) -> Actor:
    return users.actor_for(ctx.database().uow(), args.as_user)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not a date like 2026-01-31").format(value=value)) from None


def _tier(value: str) -> int:
    text = value.upper().lstrip("L")
    if text not in ("2", "3", "4"):
        raise argparse.ArgumentTypeError(_("'{value}' is not a tier: use L2, L3 or L4").format(value=value))
    return int(text)


def _print_ticket(ctx: CliContext, t: TicketDetail) -> None:
    tz = ctx.settings.timezone
    w = ctx.out.write
    w(f"{t.number}  {t.subject}\n")
    w(_("  Status: {status}   Priority: {priority}   Tier: L{tier}").format(
        status=label(t.status), priority=t.priority, tier=t.tier) + "\n")
    w(_("  Requester: {name}   Assignee: {assignee}   Team: {team}").format(
        name=t.requester.full_name, assignee=t.assignee.full_name if t.assignee else "—", team=t.team or "—") + "\n")
    w(_("  Category: {category}   Impact/urgency: {impact}/{urgency}").format(
        category=t.category or "—", impact=label(t.impact), urgency=label(t.urgency)) + "\n")
    w(_("  Created: {created}   Respond by: {response}   Resolve by: {resolution}{paused}").format(
        created=fmt_datetime(t.created_at, tz), response=fmt_datetime(t.response_due_at, tz),
        resolution=fmt_datetime(t.resolution_due_at, tz), paused=_(" (paused)") if t.sla_paused else "") + "\n")
    if t.description:
        w("\n" + t.description + "\n")
    for e in t.entries:
        who = e.author.full_name if e.author else _("system")
        when = fmt_datetime(e.created_at, tz, fmt="short")
        if e.kind == "event":
            note = "; ".join(p for p in (describe_event(e), e.body) if p)
            w(f"  · {when} {who}: {e.field} {e.old_value or '—'} → {e.new_value or '—'}"
              + (f" ({note})" if note else "") + "\n")
        else:
            w(f"\n  [{e.kind}] {when} {who}\n    " + e.body.replace("\n", "\n    ") + "\n")


# --- commands ---------------------------------------------------------------------------------

def cmd_db_upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.database(migrate=True)
    ctx.out.write(_("Database is up to date: {url}").format(url=_safe_url(ctx.settings.database_url)) + "\n")
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_user_add(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif args.ask_password:
        password = getpass.getpass(_("Password: "))
    team_ids = [users.team_by_name(db.uow(), name) for name in args.team]
    view = users.create_user(db.uow(), SYSTEM, username=args.username, full_name=args.name, role=args.role,
                             email=args.email, password=password, team_ids=team_ids, timezone=args.timezone)
    ctx.out.write(_("Added {username} ({role}).").format(username=view.username, role=label(view.role)) + "\n")
    return 0


def cmd_user_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for u in users.list_users(ctx.database().uow(), SYSTEM, staff_only=args.staff):
        duty = _("on duty") if u.on_duty else _("off duty")
        ctx.out.write(f"{u.username:<16} {u.full_name:<28} {label(u.role):<16} {duty}\n")
    return 0


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from shared.demo import has_data, load_demo

    db = ctx.database()
    if args.if_empty and has_data(db):
        ctx.out.write(_("The database has data already; demo data not loaded.") + "\n")
        return 0
    summary = load_demo(db, tickets=args.tickets, seed=args.seed)
    ctx.out.write(_("Loaded demo data: {tickets} tickets, {users} users, {articles} articles.").format(
        tickets=summary.tickets, users=summary.users, articles=summary.articles) + "\n")
    ctx.out.write(_("Sign in as agent1, tech1, eng1, sari (supervisor) or admin; password: {pw}").format(
        pw=summary.password) + "\n")
    return 0


def cmd_report(args: argparse.Namespace, ctx: CliContext) -> int:
    tz = local_zone(ctx.settings.timezone)
    today = datetime.now(tz).date()
    end_day = args.to or today
    start_day = args.from_ or end_day - timedelta(days=29)
    if end_day < start_day:
        raise ValidationFailed(_("--to must not be before --from."), field="to")
    start = datetime.combine(start_day, time(), tz).astimezone(UTC)
    end = datetime.combine(end_day + timedelta(days=1), time(), tz).astimezone(UTC)
    tz_name = getattr(tz, "key", None) or "UTC"
    r = metrics.report(ctx.database().uow(), SYSTEM, start, end, timezone=tz_name)
    rows: list[tuple[str, str]] = [
        (_("Period"), f"{start_day.isoformat()} … {end_day.isoformat()}"),
        (_("Tickets created"), str(r.created)),
        (_("Tickets resolved"), str(r.resolved)),
        (_("Open backlog (now)"), str(r.open_backlog)),
        (_("First contact resolution"), fmt_percent(r.fcr_rate)),
        (_("First response time, mean"), fmt_duration(r.first_response_mean_s)),
        (_("First response time, median"), fmt_duration(r.first_response_median_s)),
        (_("Resolution time, mean"), fmt_duration(r.resolution_mean_s)),
        (_("Resolution time, median"), fmt_duration(r.resolution_median_s)),
        (_("SLA compliance"), fmt_percent(r.sla_compliance)),
        (_("CSAT average (1–5)"), fmt_number(r.csat_average, 2)),
        (_("CSAT responses"), str(r.csat_responses)),
    ]
    if args.csv:
        writer = csv.writer(ctx.out)
        writer.writerow(["metric", "value"])
        raw: list[tuple[str, Any]] = [
            ("created", r.created), ("resolved", r.resolved), ("open_backlog", r.open_backlog),
            ("fcr_rate", r.fcr_rate), ("first_response_mean_s", r.first_response_mean_s),
            ("first_response_median_s", r.first_response_median_s), ("resolution_mean_s", r.resolution_mean_s),
            ("resolution_median_s", r.resolution_median_s), ("sla_compliance", r.sla_compliance),
            ("csat_average", r.csat_average), ("csat_responses", r.csat_responses)]
        raw += [(f"created_on:{d.isoformat()}", n) for d, n in r.per_day]
        raw += [(f"backlog_age:{name}", n) for name, n in r.backlog_by_age]
        raw += [(f"backlog_tier:L{tier}", n) for tier, n in r.backlog_by_tier]
        raw += [(f"category:{c.category}", c.count) for c in r.top_categories]
        for key, value in raw:
            writer.writerow([key, "" if value is None else value])
        return 0
    width = max(len(k) for k, _v in rows) + 2
    for key, value in rows:
        ctx.out.write(f"{key:<{width}}{value}\n")
    ctx.out.write("\n" + _("Tickets per week") + "\n")
    for monday, n in r.per_week:
        ctx.out.write(f"  {monday.isoformat()}  {n:>5}  {'▇' * min(n, 60)}\n")
    ctx.out.write("\n" + _("Open backlog by age") + "\n")
    for name, n in r.backlog_by_age:
        ctx.out.write(f"  {name:<8}{n:>5}\n")
    ctx.out.write("\n" + _("Top categories (change against the previous period)") + "\n")
    for c in r.top_categories:
        ctx.out.write(f"  {c.category:<32}{c.count:>5}  ({c.change:+d})\n")
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
    _print_ticket(ctx, tickets.get(ctx.database().uow(), _as(args, ctx), parse_ticket_ref(args.ticket)))
    return 0


def cmd_ticket_list(args: argparse.Namespace, ctx: CliContext) -> int:
    actor = _as(args, ctx)
    query = queue.QueueQuery(view=queue.View(args.view), text=args.search or "", sort=args.sort)
    db = ctx.database()
    total = queue.count(db.uow(), actor, query)
    for row in queue.page(db.uow(), actor, query, limit=args.limit):
        ctx.out.write(f"{row.number}  {row.priority}  {label(row.status):<15} {row.subject[:60]:<60} "
                      f"{row.assignee or '—'}\n")
    ctx.out.write(_("{shown} of {total} tickets").format(shown=min(total, args.limit), total=total) + "\n")
    return 0


def _ticket_action(fn: Callable[[CliContext, Actor, int, argparse.Namespace], TicketDetail]) -> Handler:
    def handler(args: argparse.Namespace, ctx: CliContext) -> int:
        t = fn(ctx, _as(args, ctx), parse_ticket_ref(args.ticket), args)
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
    "merge": lambda c, a, t, ns: workflow.merge(c.database().uow(), a, t, parse_ticket_ref(ns.into)),
    "link": lambda c, a, t, ns: workflow.link(c.database().uow(), a, t, parse_ticket_ref(ns.other)),
}


# --- parser -----------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpdesk", description=_("IT helpdesk: tickets, SLAs, reports."))
    parser.add_argument("--database-url", help=_("database URL (default: embedded SQLite, or HELPDESK_DATABASE_URL)"))
    parser.add_argument("--language", choices=["en", "id"], help=_("language of the output"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    p_demo.add_argument("--tickets", type=int, default=300)
    p_demo.add_argument("--seed", type=int, default=7)
    p_demo.add_argument("--if-empty", action="store_true", help=_("only when the database has no tickets"))
    p_demo.set_defaults(handler=cmd_demo)

    p_rep = sub.add_parser("report", help=_("service-desk KPIs for a period"))
    p_rep.add_argument("--from", dest="from_", type=_date, help=_("first day (default: 29 days before --to)"))
    p_rep.add_argument("--to", type=_date, help=_("last day, included (default: today)"))
    p_rep.add_argument("--csv", action="store_true", help=_("machine-readable output"))
    p_rep.set_defaults(handler=cmd_report)

    p_sla = sub.add_parser("sla-check", help=_("raise SLA warnings and breaches (run every few minutes)"))
    p_sla.add_argument("--auto-close", action="store_true", help=_("also close tickets resolved long enough ago"))
    p_sla.set_defaults(handler=cmd_sla_check)

    _ticket_parsers(sub)
    for ep in entry_points(group="helpdesk.commands"):
        ep.load()(sub)
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = load_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(_("error: bad setting {name}: {msg}").format(
            name=".".join(str(p) for p in first["loc"]), msg=first["msg"]), file=sys.stderr)
        return 2
    set_language(settings.language)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.database_url:
        settings = settings.model_copy(update={"database_url": args.database_url})
    if args.language:
        set_language(args.language)
    ctx = CliContext(settings)
    try:
        return int(args.handler(args, ctx))
    except HelpdeskError as exc:
        print(_("error: {message}").format(message=exc.message), file=sys.stderr)
        return exc.exit_code
    except OperationalError as exc:
        print(_("error: {message}").format(message=storage_unavailable(type(exc.orig).__name__).message),
              file=sys.stderr)
        return storage_unavailable().exit_code
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
