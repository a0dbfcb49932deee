"""`helpdesk incidents …` (major incidents), `helpdesk trends` and `helpdesk doc-quality`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time, timedelta
from typing import Any

from shared.admin_cli.common import actor
from shared.cli_report import report_date
from shared.cli_support import CliContext, record_id
from shared.errors import NotFound
from shared.i18n import N_, _
from shared.models.incidents import IncidentState
from shared.services import checklists, doc_quality, incidents, trends
from shared.services.dto import parse_ticket_ref
from shared.textwidth import clip, pad
from shared.timefmt import fmt_percent, local_zone


def register_cli(sub: Any) -> None:
    p = sub.add_parser("incidents", help=_("major incidents: bursts of similar tickets under one parent"))
    p.add_argument("--as", dest="as_user", metavar="USER", help=_("the agent the timeline names (default: the system)"))
    s = p.add_subparsers(dest="incidents_command", required=True, metavar="COMMAND")
    pl = s.add_parser("list", help=_("suggested and confirmed incidents"))
    pl.add_argument("--all", action="store_true", help=_("also dismissed and resolved ones"))
    pl.set_defaults(handler=cmd_list)
    s.add_parser("detect", help=_("look for bursts now (the scheduler does it every 2 minutes)")).set_defaults(
        handler=cmd_detect)
    pc = s.add_parser("confirm", help=_("confirm a suggested incident: a parent ticket and a banner"))
    pc.add_argument("id", type=record_id)
    pc.add_argument("--banner", default="", help=_("what the dashboard and the tray say (default: a sentence "
                                                  "naming the topic)"))
    pc.set_defaults(handler=cmd_confirm)
    pd = s.add_parser("dismiss", help=_("not one problem: drop the suggestion"))
    pd.add_argument("id", type=record_id)
    pd.set_defaults(handler=cmd_dismiss)
    pu = s.add_parser("update", help=_("send one update to every affected requester"))
    pu.add_argument("id", type=record_id)
    pu.add_argument("message")
    pu.set_defaults(handler=cmd_update)
    pa = s.add_parser("add", help=_("add tickets detection missed (children of the parent once confirmed)"))
    pa.add_argument("id", type=record_id)
    pa.add_argument("tickets", nargs="+", metavar="TICKET", help=_("ticket number, e.g. HD-000123"))
    pa.set_defaults(handler=cmd_add)
    pm = s.add_parser("remove", help=_("take tickets that are not part of the problem out (not suggested again)"))
    pm.add_argument("id", type=record_id)
    pm.add_argument("tickets", nargs="+", metavar="TICKET", help=_("ticket number, e.g. HD-000123"))
    pm.set_defaults(handler=cmd_remove)
    pr = s.add_parser("resolve", help=_("resolve the parent and every child with one solution"))
    pr.add_argument("id", type=record_id)
    pr.add_argument("solution")
    pr.set_defaults(handler=cmd_resolve)

    pk = sub.add_parser("checklist", help=_("a ticket's checklist: show it, tick or untick steps"))
    pk.add_argument("ticket", help=_("ticket number, e.g. HD-000123"))
    pk.add_argument("--tick", type=int, nargs="+", default=[], metavar="N", help=_("mark these steps done"))
    pk.add_argument("--untick", type=int, nargs="+", default=[], metavar="N", help=_("mark these steps not done"))
    pk.add_argument("--as", dest="as_user", metavar="USER", help=_("who ticks (default: the system)"))
    pk.set_defaults(handler=cmd_checklist)

    pt = sub.add_parser("trends", help=_("categories rising week over week, recurring problems"))
    pt.set_defaults(handler=cmd_trends)

    pq = sub.add_parser("doc-quality", help=_("documentation quality per agent or team"))
    pq.add_argument("--from", dest="from_", type=report_date, metavar="YYYY-MM-DD",
                    help=_("first day (default: 29 days before --to)"))
    pq.add_argument("--to", type=report_date, metavar="YYYY-MM-DD", help=_("last day, included (default: today)"))
    pq.add_argument("--by", choices=["agent", "team"], default="agent")
    pq.add_argument("--tickets", action="store_true", help=_("list the tickets that lower the score"))
    pq.add_argument("--csv", action="store_true", help=_("machine-readable output"))
    pq.set_defaults(handler=cmd_quality)


STATES = {IncidentState.SUGGESTED: N_("suggested"), IncidentState.CONFIRMED: N_("confirmed"),
          IncidentState.DISMISSED: N_("dismissed"), IncidentState.RESOLVED: N_("resolved")}


def _print(ctx: CliContext, inc: incidents.IncidentView) -> None:
    parent = _("parent: {number}").format(number=inc.parent_number or "—")
    count = _("{n} tickets").format(n=len(inc.tickets))
    state = _(STATES[inc.state])
    ctx.out.write(f"#{inc.id}  {pad(state, 15)}{clip(inc.topic, 28):<28} {parent}  {count}: "
                  f"{', '.join(inc.tickets[:8])}\n")


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = incidents.list_incidents(ctx.database().uow(), actor(args, ctx), open_only=not args.all)
    if not rows:
        ctx.out.write(_("No major incidents.") + "\n")
    for inc in rows:
        _print(ctx, inc)
    return 0


def cmd_detect(args: argparse.Namespace, ctx: CliContext) -> int:
    touched = incidents.detect(ctx.database().uow(), actor(args, ctx))
    ctx.out.write(_("{n} major incidents suggested or grown.").format(n=len(touched)) + "\n")
    return 0


def cmd_confirm(args: argparse.Namespace, ctx: CliContext) -> int:
    inc = incidents.confirm(ctx.database().uow(), actor(args, ctx), args.id, banner=args.banner)
    _print(ctx, inc)
    ctx.out.write(_("Banner: {text}").format(text=inc.banner) + "\n")
    return 0


def cmd_dismiss(args: argparse.Namespace, ctx: CliContext) -> int:
    _print(ctx, incidents.dismiss(ctx.database().uow(), actor(args, ctx), args.id))
    return 0


def cmd_update(args: argparse.Namespace, ctx: CliContext) -> int:
    changes = incidents.post_update(ctx.database().uow(), actor(args, ctx), args.id, args.message)
    ctx.out.write(_("Update sent on {n} tickets.").format(n=len(changes.ticket_ids)) + "\n")
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    _print(ctx, incidents.add_tickets(ctx.database().uow(), actor(args, ctx), args.id, args.tickets))
    return 0


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    _print(ctx, incidents.remove_tickets(ctx.database().uow(), actor(args, ctx), args.id, args.tickets))
    return 0


def cmd_resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    changes = incidents.resolve(ctx.database().uow(), actor(args, ctx), args.id, args.solution)
    ctx.out.write(_("Resolved {n} tickets.").format(n=len(changes.ticket_ids)) + "\n")
    return 0


def cmd_checklist(args: argparse.Namespace, ctx: CliContext) -> int:
    who = actor(args, ctx)
    ticket_id = parse_ticket_ref(args.ticket, ctx.settings.ticket_prefix)
    steps = checklists.steps(ctx.database().uow(), who, ticket_id)
    for number, done in [*((n, True) for n in args.tick), *((n, False) for n in args.untick)]:
        if not 1 <= number <= len(steps):
            raise NotFound(_("No step {id} on {number}.").format(id=number, number=args.ticket))
        checklists.tick(ctx.database().uow(), who, ticket_id, steps[number - 1].id, done)
    if not steps:
        ctx.out.write(_("No checklist.") + "\n")
    for i, step in enumerate(checklists.steps(ctx.database().uow(), who, ticket_id), start=1):
        mark = "[x]" if step.done else "[ ]"
        extra = "" if step.required else " " + _("(optional)")
        by = f"  — {step.done_by}" if step.done else ""
        ctx.out.write(f"{i:>2}. {mark} {step.text}{extra}{by}\n")
    return 0


def cmd_trends(args: argparse.Namespace, ctx: CliContext) -> int:
    found = trends.trends(ctx.database().uow(), actor(args, ctx))
    ctx.out.write(_("Categories rising (last 7 days against the 7 before)") + "\n")
    if not found.rising:
        ctx.out.write("  " + _("none") + "\n")
    for t in found.rising:
        ctx.out.write(f"  {pad(clip(t.category, 32), 32)}{t.last_week:>5} → {t.this_week:<5}\n")
    ctx.out.write(_("Recurring problems (last 30 days)") + "\n")
    if not found.recurring:
        ctx.out.write("  " + _("none") + "\n")
    for r in found.recurring:
        who = _("machine") if r.kind == "machine" else _("requester")
        ctx.out.write(f"  {pad(who, 10)} {pad(clip(r.name, 24), 24)} {pad(clip(r.category, 26), 26)}{r.count:>4}  "
                      f"{', '.join(r.numbers[:5])}\n")
    return 0


def cmd_quality(args: argparse.Namespace, ctx: CliContext) -> int:
    tz = local_zone(ctx.settings.timezone)
    end_day = args.to or datetime.now(tz).date()
    start_day = args.from_ or end_day - timedelta(days=29)
    start = datetime.combine(start_day, time(), tz).astimezone(UTC)
    end = datetime.combine(end_day + timedelta(days=1), time(), tz).astimezone(UTC)
    who = actor(args, ctx)
    rows = doc_quality.quality(ctx.database().uow(), who, start, end, by=args.by)
    if args.csv:
        ctx.out.write(doc_quality.to_csv(rows, args.by))
        return 0
    who_title = _("Agent") if args.by == "agent" else _("Team")
    resolved_title, score_title, lowered_title = _("Resolved"), _("Score"), _("Lowered by")
    ctx.out.write(f"{pad(who_title, 28)}{pad(resolved_title, 10)}{pad(score_title, 8)}{lowered_title}\n")
    for r in rows:
        worst = ", ".join(f"{doc_quality.criterion_label(c)} ({n})" for c, n in r.missing.items() if n)
        ctx.out.write(f"{pad(clip(r.key, 26), 28)}{r.resolved:<10}{pad(fmt_percent(r.score), 8)}{worst}\n")
    if args.tickets:
        ctx.out.write("\n")
        for t in doc_quality.weak_tickets(ctx.database().uow(), who, start, end):
            missing = ", ".join(doc_quality.criterion_label(c) for c in t.missing)
            ctx.out.write(f"{t.number}  {pad(clip(t.agent, 20), 20)} {pad(clip(t.subject, 36), 36)} {missing}\n")
    return 0


