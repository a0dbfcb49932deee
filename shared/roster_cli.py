"""`helpdesk shift …` and `helpdesk workload`: rosters, leave, holidays, cover and capacity, and the
desk's load per agent. Run by whoever administers the desk on the server (as the system, audited);
dates and times are read in the desk's time zone (HELPDESK_TIMEZONE, else Asia/Jakarta)."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models.enums import ShiftExceptionKind, label
from shared.services import roster, users, workload
from shared.timefmt import fmt_datetime

DEFAULT_ZONE = "Asia/Jakarta"


def register_cli(sub: Any) -> None:
    p = sub.add_parser("shift", help=_("agents' shifts, leave, holidays, cover and capacity"))
    s = p.add_subparsers(dest="shift_command", required=True, metavar="COMMAND")
    add = s.add_parser("add", help=_("put an agent on a team's weekly roster"))
    add.add_argument("--team", required=True, help=_("team name"))
    add.add_argument("--agent", required=True, metavar="USER")
    add.add_argument("--days", required=True, help=_("weekdays, e.g. mon-fri or sat,sun"))
    add.add_argument("--from", dest="start", required=True, metavar="HH:MM")
    add.add_argument("--to", dest="end", required=True, metavar="HH:MM", help=_("an end before the start runs "
                                                                                  "past midnight"))
    add.add_argument("--tz", help=_("the shift's time zone (default: the desk's)"))
    add.set_defaults(handler=cmd_add)
    lst = s.add_parser("list", help=_("the weekly roster and the leave, holidays and cover to come"))
    lst.add_argument("--team", help=_("team name"))
    lst.set_defaults(handler=cmd_list)
    rm = s.add_parser("remove", help=_("take an agent off the roster"))
    rm.add_argument("--agent", required=True, metavar="USER")
    rm.add_argument("--team", help=_("only this team's shifts"))
    rm.set_defaults(handler=cmd_remove)
    for kind, text in (("leave", _("an agent is away (from a date or time, until a date or time)")),
                       ("holiday", _("a public holiday: a team (or everyone) is off")),
                       ("cover", _("an agent is on duty outside their shifts (the manual override)"))):
        e = s.add_parser(kind, help=text)
        if kind == "holiday":
            e.add_argument("--team", help=_("team name (default: everyone)"))
        else:
            e.add_argument("--agent", required=True, metavar="USER")
        e.add_argument("--from", dest="start", metavar=_("WHEN"), help=_("YYYY-MM-DD or YYYY-MM-DDTHH:MM "
                                                                        "(default: now)"))
        e.add_argument("--to", dest="end", required=True, metavar=_("WHEN"),
                       help=_("YYYY-MM-DD (to the end of that day), YYYY-MM-DDTHH:MM or HH:MM today"))
        e.add_argument("--note", default="")
        e.set_defaults(handler=cmd_exception, kind=kind)
    cap = s.add_parser("capacity", help=_("the most active tickets auto-assignment gives an agent"))
    cap.add_argument("--agent", required=True, metavar="USER")
    cap.add_argument("tickets", help=_("a number, or 'none' for no limit"))
    cap.set_defaults(handler=cmd_capacity)

    w = sub.add_parser("workload", help=_("per agent: open tickets, due soon, overdue, on shift now"))
    w.add_argument("--team", help=_("team name"))
    w.set_defaults(handler=cmd_workload)


def _agent(ctx: CliContext, username: str) -> tuple[int, str]:
    actor = users.actor_for(ctx.database().uow(), username)
    assert actor.id is not None  # a named account, never the system
    return actor.id, actor.full_name


def _zone(ctx: CliContext) -> ZoneInfo:
    return ZoneInfo(ctx.settings.timezone or DEFAULT_ZONE)


def _when(text: str, ctx: CliContext, *, end: bool) -> datetime:
    """A date (its start, or with `end` the start of the next day), a date and time, or a time today."""
    zone = _zone(ctx)
    now = ctx.database().clock().astimezone(zone)
    try:
        if "T" in text or " " in text.strip():
            return datetime.fromisoformat(text.strip().replace(" ", "T")).replace(tzinfo=zone)
        if ":" in text:
            return datetime.combine(now.date(), time.fromisoformat(text.strip()), tzinfo=zone)
        day = date.fromisoformat(text.strip())
        return datetime.combine(day + timedelta(days=1 if end else 0), time(0), tzinfo=zone)
    except ValueError:
        raise ValidationFailed(_("'{value}' is not a date or time like 2026-12-24, 2026-12-24T13:00 or 17:00.").format(
            value=text), field="when") from None


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    agent_id, name = _agent(ctx, args.agent)
    made = roster.add_shifts(db.uow(), SYSTEM, team_id=users.team_by_name(db.uow(), args.team), user_id=agent_id,
                             weekdays=roster.parse_weekdays(args.days), start=args.start, end=args.end,
                             timezone=args.tz or ctx.settings.timezone or DEFAULT_ZONE)
    ctx.out.write(_("{name}: {n} shifts added to {team}.").format(name=name, n=len(made),
                                                                  team=args.team) + "\n")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    team_id = users.team_by_name(db.uow(), args.team) if args.team else None
    shifts = roster.roster(db.uow(), SYSTEM, team_id=team_id)
    days = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    if not shifts:
        ctx.out.write(_("No shifts: every on-duty agent gets work at any time.") + "\n")
    grouped: dict[tuple[str, str, str, str, str], list[int]] = {}
    for sh in shifts:
        grouped.setdefault((sh.team, sh.agent, sh.start, sh.end, sh.timezone), []).append(sh.weekday)
    for (team, agent, start, end, tz), weekdays in grouped.items():
        ctx.out.write(f"{team:<20} {agent:<24} {' '.join(days[d] for d in weekdays):<28} {start}–{end} {tz}\n")
    tz = ctx.settings.timezone or DEFAULT_ZONE
    for e in roster.upcoming_exceptions(db.uow(), SYSTEM):
        who = e.agent or e.team or _("everyone")
        ctx.out.write(f"{label(e.kind):<12} {who:<24} {fmt_datetime(e.starts_at, tz, fmt='short')} – "
                      f"{fmt_datetime(e.ends_at, tz, fmt='short')}  {e.note}\n")
    return 0


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    agent_id, name = _agent(ctx, args.agent)
    team_id = users.team_by_name(db.uow(), args.team) if args.team else None
    n = roster.remove_shifts(db.uow(), SYSTEM, user_id=agent_id, team_id=team_id)
    ctx.out.write(_("{name}: {n} shifts removed.").format(name=name, n=n) + "\n")
    return 0


def cmd_exception(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    kind = ShiftExceptionKind(args.kind)
    agent = users.actor_for(db.uow(), args.agent) if kind is not ShiftExceptionKind.HOLIDAY else None
    team_id = users.team_by_name(db.uow(), args.team) if getattr(args, "team", None) else None
    start = _when(args.start, ctx, end=False) if args.start else db.clock()
    view = roster.add_exception(db.uow(), SYSTEM, kind=kind, user_id=agent.id if agent else None, team_id=team_id,
                                starts_at=start, ends_at=_when(args.end, ctx, end=True), note=args.note)
    tz = ctx.settings.timezone or DEFAULT_ZONE
    ctx.out.write(_("{kind} recorded: {start} – {end}.").format(
        kind=label(view.kind), start=fmt_datetime(view.starts_at, tz, fmt="short"),
        end=fmt_datetime(view.ends_at, tz, fmt="short")) + "\n")
    return 0


def cmd_capacity(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    agent_id, name = _agent(ctx, args.agent)
    text = args.tickets.strip().lower()
    if text not in ("none", "-") and not text.isdigit():
        raise ValidationFailed(_("'{value}' is not a number of tickets or 'none'.").format(value=args.tickets))
    roster.set_capacity(db.uow(), SYSTEM, agent_id, None if not text.isdigit() else int(text))
    ctx.out.write(_("{name}: capacity {n}.").format(name=name,
                                                    n=text if text.isdigit() else _("no limit")) + "\n")
    return 0


def cmd_workload(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    team_id = users.team_by_name(db.uow(), args.team) if args.team else None
    rows = workload.workload(db.uow(), SYSTEM, team_id=team_id)
    heads = (_("Agent"), _("Open"), _("Due soon"), _("Overdue"), _("Capacity"), _("On shift"))
    ctx.out.write(f"{heads[0]:<26}{heads[1]:>6}{heads[2]:>10}{heads[3]:>10}{heads[4]:>10}  {heads[5]}\n")
    for r in rows:
        cap = str(r.capacity) if r.capacity is not None else "—"
        shift = _("yes") if r.on_shift else _("no")
        ctx.out.write(f"{r.name[:25]:<26}{r.open:>6}{r.due_soon:>10}{r.overdue:>10}{cap:>10}  {shift}\n")
    return 0
