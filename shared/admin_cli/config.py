"""`helpdesk admin category|rule|sla|calendar …`."""

from __future__ import annotations

import argparse
from typing import Any

from shared.admin_cli.common import actor, day, minutes, read_file
from shared.cli_support import CliContext, record_id
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models.enums import label
from shared.services.admin import calendars, rules, sla
from shared.timefmt import fmt_duration

LEVELS = ["high", "medium", "low", ""]


def register(sub: Any) -> None:
    p = sub.add_parser("category", help=_("ticket categories"))
    c = p.add_subparsers(dest="category_command", required=True, metavar="COMMAND")
    c.add_parser("list", help=_("list categories")).set_defaults(handler=cmd_category_list)
    ca = c.add_parser("add", help=_("add a category or subcategory"))
    ca.add_argument("name")
    ca.add_argument("--parent", help=_("parent category"))
    ca.add_argument("--team", help=_("team its tickets go to"))
    ca.set_defaults(handler=cmd_category_add)
    ce = c.add_parser("edit", help=_("rename a category or change its team ('' for none)"))
    ce.add_argument("category", help=_("path like 'Network / VPN', or a unique name"))
    ce.add_argument("--name")
    ce.add_argument("--team")
    ce.set_defaults(handler=cmd_category_edit)
    for name, active in (("disable", False), ("enable", True)):
        q = c.add_parser(name, help=_("no longer offer the category for new tickets; its rules stop")
                         if not active else _("offer the category again"))
        q.add_argument("category")
        q.set_defaults(handler=cmd_category_active, active=active)

    p = sub.add_parser("rule", help=_("keyword rules that classify new tickets"))
    r = p.add_subparsers(dest="rule_command", required=True, metavar="COMMAND")
    r.add_parser("list", help=_("rules in the order they are tried")).set_defaults(handler=cmd_rule_list)
    ra = r.add_parser("add", help=_("add a rule (tried after the others)"))
    ra.add_argument("--keywords", required=True, help=_("comma-separated words or phrases"))
    ra.add_argument("--category", required=True)
    _rule_options(ra)
    ra.set_defaults(handler=cmd_rule_add)
    re_ = r.add_parser("edit", help=_("change a rule"))
    re_.add_argument("rule", type=record_id)
    re_.add_argument("--keywords")
    re_.add_argument("--category")
    _rule_options(re_)
    re_.set_defaults(handler=cmd_rule_edit)
    for name, active in (("disable", False), ("enable", True)):
        q = r.add_parser(name, help=_("stop trying the rule") if not active else _("try the rule again"))
        q.add_argument("rule", type=record_id)
        q.set_defaults(handler=cmd_rule_active, active=active)
    rm = r.add_parser("move", help=_("change the order in which rules are tried"))
    rm.add_argument("rule", type=record_id)
    rm.add_argument("--to", type=int, required=True, help=_("new place, 1 = tried first"))
    rm.set_defaults(handler=cmd_rule_move)
    rt = r.add_parser("test", help=_("which rule would classify this text, and why"))
    rt.add_argument("text", help=_("a ticket subject"))
    rt.add_argument("--description", default="")
    rt.set_defaults(handler=cmd_rule_test)

    p = sub.add_parser("sla", help=_("SLA policies per priority, and per category"))
    s = p.add_subparsers(dest="sla_command", required=True, metavar="COMMAND")
    s.add_parser("list", help=_("the policies")).set_defaults(handler=cmd_sla_list)
    ss = s.add_parser("set", help=_("change the policy of a priority (new tickets follow it)"))
    ss.add_argument("priority", help="P1, P2, P3 or P4")
    ss.add_argument("--category", help=_("only for this category and its subcategories, e.g. 'Network / VPN'"))
    ss.add_argument("--response", type=minutes, help=_("first response target, e.g. 30m or 4h (business time)"))
    ss.add_argument("--resolution", type=minutes, help=_("resolution target, e.g. 8h"))
    ss.add_argument("--warn", type=int, help=_("warn when this percentage of the time is used"))
    ss.add_argument("--calendar", help=_("business calendar ('' for around the clock)"))
    ss.set_defaults(handler=cmd_sla_set)
    sr = s.add_parser("remove", help=_("remove a category's own policy (its tickets follow the general one)"))
    sr.add_argument("priority", help="P1, P2, P3 or P4")
    sr.add_argument("--category", required=True, help=_("the category, e.g. 'Network / VPN'"))
    sr.set_defaults(handler=cmd_sla_remove)

    p = sub.add_parser("calendar", help=_("business calendars and holidays"))
    k = p.add_subparsers(dest="calendar_command", required=True, metavar="COMMAND")
    k.add_parser("list", help=_("calendars with their hours and holidays")).set_defaults(handler=cmd_cal_list)
    ka = k.add_parser("add", help=_("add a calendar"))
    ka.add_argument("name")
    ka.add_argument("--timezone", required=True, help=_("e.g. Asia/Jakarta"))
    ka.add_argument("--hours", required=True, help=_("e.g. 'mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00'"))
    ka.set_defaults(handler=cmd_cal_add)
    ke = k.add_parser("edit", help=_("rename a calendar, change its time zone or hours"))
    ke.add_argument("calendar")
    ke.add_argument("--name")
    ke.add_argument("--timezone")
    ke.add_argument("--hours")
    ke.set_defaults(handler=cmd_cal_edit)
    kh = k.add_parser("holiday-add", help=_("add a holiday"))
    kh.add_argument("day", type=day, help="2027-08-17")
    kh.add_argument("name")
    kh.add_argument("--calendar", help=_("calendar name (needed when there are several)"))
    kh.set_defaults(handler=cmd_holiday_add)
    kr = k.add_parser("holiday-remove", help=_("remove a holiday"))
    kr.add_argument("day", type=day)
    kr.add_argument("--calendar", help=_("calendar name (needed when there are several)"))
    kr.set_defaults(handler=cmd_holiday_remove)
    ki = k.add_parser("import-ics", help=_("add the holidays of an iCalendar (.ics) file"))
    ki.add_argument("file")
    ki.add_argument("--calendar", help=_("calendar name (needed when there are several)"))
    ki.add_argument("--dry-run", action="store_true", help=_("show what would be added, write nothing"))
    ki.set_defaults(handler=cmd_ics)


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--team", help=_("team to route to ('' for the category's)"))
    p.add_argument("--impact", choices=LEVELS)
    p.add_argument("--urgency", choices=LEVELS)


def cmd_category_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for row in rules.list_categories(ctx.database().uow(), actor(args, ctx)):
        state = "" if row.active else "  [" + _("disabled") + "]"
        ctx.out.write(f"{row.id:>4}  {row.path:<36} {row.team or '—':<20} "
                      + _("{n} rules").format(n=row.rules) + state + "\n")
    return 0


def cmd_category_add(args: argparse.Namespace, ctx: CliContext) -> int:
    category_id = rules.add_category(ctx.database().uow(), actor(args, ctx), args.name, parent=args.parent,
                                     team=args.team)
    ctx.out.write(_("Added category {name} (id {id}).").format(name=args.name, id=category_id) + "\n")
    return 0


def cmd_category_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    row = rules.edit_category(ctx.database().uow(), actor(args, ctx), args.category, name=args.name, team=args.team)
    ctx.out.write(_("Saved category {path}.").format(path=row.path) + "\n")
    return 0


def cmd_category_active(args: argparse.Namespace, ctx: CliContext) -> int:
    row = rules.edit_category(ctx.database().uow(), actor(args, ctx), args.category, active=args.active)
    msg = _("Category {path} is enabled.") if args.active else _("Category {path} is disabled.")
    ctx.out.write(msg.format(path=row.path) + "\n")
    return 0


def _print_rule(ctx: CliContext, n: int, row: rules.RuleRow) -> None:
    state = "" if row.active else "  [" + _("disabled") + "]"
    extra = ", ".join(x for x in (row.team, label(row.impact) if row.impact else None,
                                  label(row.urgency) if row.urgency else None) if x)
    ctx.out.write(f"{n:>3}. #{row.id:<4} {row.keywords[:48]:<48} → {row.category}"
                  + (f" ({extra})" if extra else "") + state + "\n")


def cmd_rule_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for n, row in enumerate(rules.list_rules(ctx.database().uow(), actor(args, ctx)), start=1):
        _print_rule(ctx, n, row)
    return 0


def cmd_rule_add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = rules.add_rule(ctx.database().uow(), actor(args, ctx), keywords=args.keywords, category=args.category,
                         team=args.team, impact=args.impact, urgency=args.urgency)
    ctx.out.write(_("Added rule #{id} → {category}.").format(id=row.id, category=row.category) + "\n")
    return 0


def cmd_rule_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    row = rules.edit_rule(ctx.database().uow(), actor(args, ctx), args.rule, keywords=args.keywords,
                          category=args.category, team=args.team, impact=args.impact, urgency=args.urgency)
    ctx.out.write(_("Saved rule #{id} → {category}.").format(id=row.id, category=row.category) + "\n")
    return 0


def cmd_rule_active(args: argparse.Namespace, ctx: CliContext) -> int:
    row = rules.edit_rule(ctx.database().uow(), actor(args, ctx), args.rule, active=args.active)
    msg = _("Rule #{id} is enabled.") if row.active else _("Rule #{id} is disabled.")
    ctx.out.write(msg.format(id=row.id) + "\n")
    return 0


def cmd_rule_move(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.to < 1:
        raise ValidationFailed(_("--to counts from 1 (tried first)."), field="to")
    for n, row in enumerate(rules.move_rule(ctx.database().uow(), actor(args, ctx), args.rule, args.to - 1),
                            start=1):
        _print_rule(ctx, n, row)
    return 0


def cmd_rule_test(args: argparse.Namespace, ctx: CliContext) -> int:
    result = rules.preview(ctx.database().uow(), actor(args, ctx), args.text, args.description)
    ctx.out.write(result.explain() + "\n")
    return 0


def cmd_sla_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for p in sla.list_policies(ctx.database().uow(), actor(args, ctx)):
        who = str(p.priority) if p.category is None else _("{priority} (category {category})").format(
            priority=p.priority, category=p.category)
        ctx.out.write(_("{priority}: respond within {response}, resolve within {resolution}, warn at {warn} %, "
                        "{calendar}").format(
            priority=who, response=fmt_duration(p.response_minutes * 60),
            resolution=fmt_duration(p.resolution_minutes * 60), warn=p.warn_percent,
            calendar=p.calendar or _("around the clock")) + "\n")
    return 0


def cmd_sla_set(args: argparse.Namespace, ctx: CliContext) -> int:
    p = sla.set_policy(ctx.database().uow(), actor(args, ctx), args.priority, response_minutes=args.response,
                       resolution_minutes=args.resolution, warn_percent=args.warn, calendar=args.calendar,
                       category=args.category)
    who = str(p.priority) if p.category is None else _("{priority} (category {category})").format(
        priority=p.priority, category=p.category)
    ctx.out.write(_("Saved the {priority} policy: respond within {response}, resolve within {resolution}.").format(
        priority=who, response=fmt_duration(p.response_minutes * 60),
        resolution=fmt_duration(p.resolution_minutes * 60)) + "\n")
    return 0


def cmd_sla_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    sla.remove_policy(ctx.database().uow(), actor(args, ctx), args.priority, category=args.category)
    ctx.out.write(_("Removed the category's {priority} policy; its new tickets follow the general one.").format(
        priority=str(args.priority).upper()) + "\n")
    return 0


def _print_calendar(ctx: CliContext, row: calendars.CalendarRow) -> None:
    ctx.out.write(f"{row.name}  ({row.timezone})  {row.hours}\n")
    if row.policies:
        ctx.out.write("  " + _("SLA policies: {list}").format(list=", ".join(row.policies)) + "\n")
    for h in row.holidays:
        ctx.out.write(f"  {h.day.isoformat()}  {h.name}\n")


def cmd_cal_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for row in calendars.list_calendars(ctx.database().uow(), actor(args, ctx)):
        _print_calendar(ctx, row)
    return 0


def cmd_cal_add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = calendars.create(ctx.database().uow(), actor(args, ctx), args.name, timezone=args.timezone,
                           hours=args.hours)
    ctx.out.write(_("Added calendar {name}: {hours}").format(name=row.name, hours=row.hours) + "\n")
    return 0


def cmd_cal_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    row = calendars.edit(ctx.database().uow(), actor(args, ctx), args.calendar, name=args.name,
                         timezone=args.timezone, hours=args.hours)
    ctx.out.write(_("Saved calendar {name}: {hours}").format(name=row.name, hours=row.hours) + "\n")
    return 0


def _calendar(args: argparse.Namespace, ctx: CliContext) -> str:
    """--calendar, or the only calendar there is."""
    if args.calendar:
        return str(args.calendar)
    names = [c.name for c in calendars.list_calendars(ctx.database().uow(), actor(args, ctx))]
    if len(names) != 1:
        raise ValidationFailed(_("Name the calendar with --calendar: {names}.").format(
            names=", ".join(names) or "—"), field="calendar")
    return names[0]


def cmd_holiday_add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = calendars.add_holiday(ctx.database().uow(), actor(args, ctx), _calendar(args, ctx), args.day, args.name)
    ctx.out.write(_("{day} is a holiday in {calendar}.").format(day=args.day.isoformat(), calendar=row.name) + "\n")
    return 0


def cmd_holiday_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    row = calendars.remove_holiday(ctx.database().uow(), actor(args, ctx), _calendar(args, ctx), args.day)
    ctx.out.write(_("{day} is a working day again in {calendar}.").format(
        day=args.day.isoformat(), calendar=row.name) + "\n")
    return 0


def cmd_ics(args: argparse.Namespace, ctx: CliContext) -> int:
    data = read_file(args.file)
    result = calendars.import_ics(ctx.database().uow(), actor(args, ctx), _calendar(args, ctx), data,
                                  dry_run=args.dry_run)
    for h in result.added:
        ctx.out.write(f"  + {h.day.isoformat()}  {h.name}\n")
    msg = _("{n} holidays would be added, {k} are there already (dry run: nothing was written).") \
        if result.dry_run else _("{n} holidays added, {k} were there already.")
    ctx.out.write(msg.format(n=len(result.added), k=result.already) + "\n")
    return 0
