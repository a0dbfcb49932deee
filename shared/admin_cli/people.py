"""`helpdesk admin user …` and `helpdesk admin team …`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.admin_cli.common import actor, read_file, yes_no
from shared.cli_support import CliContext
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models.enums import Role, label
from shared.services import users as accounts
from shared.services.admin import hand_over, teams, user_import, users
from shared.services.admin.users import UserFields


def register(sub: Any) -> None:
    p = sub.add_parser("user", help=_("accounts: add, edit, deactivate, reset passwords, import from CSV"))
    u = p.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    ls = u.add_parser("list", help=_("list accounts"))
    ls.add_argument("--search", default="", help=_("part of a name, user name, e-mail or department"))
    ls.add_argument("--active", action="store_true", help=_("active accounts only"))
    ls.set_defaults(handler=cmd_list)
    show = u.add_parser("show", help=_("one account in full"))
    show.add_argument("user")
    show.set_defaults(handler=cmd_show)
    add = u.add_parser("add", help=_("add an account"))
    add.add_argument("username")
    _fields(add, new=True)
    add.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    add.set_defaults(handler=cmd_add)
    edit = u.add_parser("edit", help=_("change an account ('' clears an optional field)"))
    edit.add_argument("user")
    _fields(edit, new=False)
    edit.set_defaults(handler=cmd_edit)
    for name, help_text in (("deactivate", _("no sign-in and no new work (kept for the record)")),
                            ("reactivate", _("allow the account again"))):
        q = u.add_parser(name, help=help_text)
        q.add_argument("user")
        q.set_defaults(handler=cmd_active, active=name == "reactivate")
    hand = u.add_parser("hand-over", help=_("give someone's open tickets to a colleague, or each to the agent "
                                            "its team would get now"))
    hand.add_argument("user")
    hand.add_argument("--to", metavar="USER", help=_("one colleague for all of them (default: each ticket's team "
                                                     "picks, as for a new ticket; nobody free: the team's queue)"))
    hand.set_defaults(handler=cmd_hand_over)
    reset = u.add_parser("reset-password", help=_("set a new password (a random one is printed unless given)"))
    reset.add_argument("user")
    reset.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    reset.set_defaults(handler=cmd_reset)
    imp = u.add_parser("import", help=_("add the accounts of a CSV file (all or none)"))
    imp.add_argument("file", help=_("CSV with a header line: {columns}").format(
        columns=", ".join(user_import.IMPORT_COLUMNS)))
    imp.add_argument("--dry-run", action="store_true", help=_("check every row, write nothing"))
    imp.set_defaults(handler=cmd_import)

    p = sub.add_parser("team", help=_("teams: add, rename, tier, members"))
    t = p.add_subparsers(dest="team_command", required=True, metavar="COMMAND")
    t.add_parser("list", help=_("list teams and their members")).set_defaults(handler=cmd_team_list)
    ta = t.add_parser("add", help=_("add a team"))
    ta.add_argument("name")
    ta.add_argument("--tier", type=int, default=1, help=_("support tier 1–4"))
    ta.add_argument("--description", default="")
    ta.set_defaults(handler=cmd_team_add)
    te = t.add_parser("edit", help=_("rename a team, change its tier or description"))
    te.add_argument("team")
    te.add_argument("--name")
    te.add_argument("--tier", type=int)
    te.add_argument("--description")
    te.set_defaults(handler=cmd_team_edit)
    tm = t.add_parser("members", help=_("add or remove members"))
    tm.add_argument("team")
    tm.add_argument("--add", action="append", default=[], metavar="USER", help=_("user name (repeatable)"))
    tm.add_argument("--remove", action="append", default=[], metavar="USER", help=_("user name (repeatable)"))
    tm.set_defaults(handler=cmd_team_members)


def _fields(p: argparse.ArgumentParser, *, new: bool) -> None:
    p.add_argument("--name", required=new, help=_("full name"))
    p.add_argument("--role", required=new, choices=[r.value for r in Role])
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--department")
    p.add_argument("--location")
    p.add_argument("--team", action="append", help=_("team name (repeatable; replaces the teams on an edit)"))
    # Not --language: that one is every command's output language (shared.cli_guard moves it first).
    p.add_argument("--user-language", dest="language", choices=["en", "id", ""],
                   help=_("the language the user reads the apps and mail in"))
    p.add_argument("--timezone")


def _values(args: argparse.Namespace, ctx: CliContext) -> UserFields:
    team_ids = None
    if args.team is not None:
        team_ids = tuple(accounts.team_by_name(ctx.database().uow(), n) for n in args.team if n)
    return UserFields(full_name=args.name, email=args.email, phone=args.phone, department=args.department,
                      location=args.location, role=args.role, team_ids=team_ids, language=args.language,
                      timezone=args.timezone)


def _print(ctx: CliContext, row: users.UserRow) -> None:
    state = _("active") if row.active else _("deactivated")
    ctx.out.write(f"{row.username:<16} {row.full_name:<28} {label(row.role):<16} {state:<12} "
                  f"{', '.join(row.teams) or '—'}\n")


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = users.list_users(ctx.database().uow(), actor(args, ctx), text=args.search,
                            include_inactive=not args.active)
    for row in rows:
        _print(ctx, row)
    ctx.out.write(_("{n} accounts").format(n=len(rows)) + "\n")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    row = users.get(ctx.database().uow(), actor(args, ctx), args.user)
    for key, value in ((_("User name"), row.username), (_("Full name"), row.full_name),
                       (_("E-mail"), row.email), (_("Phone"), row.phone), (_("Department"), row.department),
                       (_("Location"), row.location), (_("Role"), label(row.role)),
                       (_("Teams"), ", ".join(row.teams)), (_("Language"), row.language),
                       (_("Time zone"), row.timezone), (_("Active"), yes_no(row.active)),
                       (_("On duty"), yes_no(row.on_duty))):
        ctx.out.write(f"{key + ':':<14} {value or '—'}\n")
    return 0


def _password(args: argparse.Namespace) -> str | None:
    return sys.stdin.readline().rstrip("\n") if args.password_stdin else None


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = users.add(ctx.database().uow(), actor(args, ctx), args.username, _values(args, ctx),
                    password=_password(args))
    ctx.out.write(_("Added {username} ({role}).").format(username=row.username, role=label(row.role)) + "\n")
    return 0


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    row = users.edit(ctx.database().uow(), actor(args, ctx), args.user, _values(args, ctx))
    ctx.out.write(_("Saved {username}.").format(username=row.username) + "\n")
    return 0


def cmd_active(args: argparse.Namespace, ctx: CliContext) -> int:
    result = users.set_active(ctx.database().uow(), actor(args, ctx), args.user, args.active)
    if args.active:
        ctx.out.write(_("{username} is active again.").format(username=result.user.username) + "\n")
        return 0
    ctx.out.write(_("{username} is deactivated: no sign-in, no new work.").format(
        username=result.user.username) + "\n")
    if result.open_tickets:
        ctx.out.write(_("{n} open tickets are still assigned to them; hand them over "
                        "(helpdesk admin user hand-over {username}).").format(
            n=result.open_tickets, username=result.user.username) + "\n")
    return 0


def cmd_hand_over(args: argparse.Namespace, ctx: CliContext) -> int:
    done = hand_over.hand_over(ctx.database().uow(), actor(args, ctx), args.user, to=args.to)
    if not done.count:
        ctx.out.write(_("{username} has no open tickets.").format(username=done.username) + "\n")
        return 0
    ctx.out.write(_("Handed over {n} open tickets of {username}:").format(n=done.count, username=done.username)
                  + "\n")
    for name, n in done.to_agents:
        ctx.out.write(f"  {name}: {n}\n")
    if done.to_queue:
        ctx.out.write("  " + _("their team's queue, unassigned (nobody free): {n}").format(n=done.to_queue) + "\n")
    return 0


def cmd_reset(args: argparse.Namespace, ctx: CliContext) -> int:
    given = _password(args)
    password = users.reset_password(ctx.database().uow(), actor(args, ctx), args.user, given)
    if given is None:
        ctx.out.write(_("New password for {username}: {password}").format(username=args.user,
                                                                       password=password) + "\n")
    else:
        ctx.out.write(_("Password changed for {username}.").format(username=args.user) + "\n")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    raw = read_file(args.file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(_("{path} is not UTF-8 text; save it as “CSV UTF-8”.").format(path=args.file),
                               field="file") from None
    rows = user_import.read_csv(text)
    report = user_import.import_users(ctx.database().uow(), actor(args, ctx), rows, dry_run=args.dry_run)
    for err in report.errors:
        ctx.out.write(_("line {line}: {message}").format(line=err.line, message=err.message) + "\n")
    if report.errors:
        ctx.out.write(_("{bad} of {n} rows are wrong; nothing was imported.").format(
            bad=len({e.line for e in report.errors}), n=report.rows) + "\n")
        return ValidationFailed.exit_code
    if report.dry_run:
        ctx.out.write(_("All {n} rows are fine (dry run: nothing was written).").format(n=report.rows) + "\n")
    else:
        ctx.out.write(_("Imported {n} accounts: {names}").format(n=len(report.created),
                                                                names=", ".join(report.created)) + "\n")
    return 0


def cmd_team_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for row in teams.list_teams(ctx.database().uow(), actor(args, ctx)):
        ctx.out.write(f"L{row.tier}  {row.name:<24} {', '.join(row.members) or '—'}\n")
    return 0


def cmd_team_add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = teams.create(ctx.database().uow(), actor(args, ctx), args.name, tier=args.tier,
                       description=args.description)
    ctx.out.write(_("Added team {name} (L{tier}).").format(name=row.name, tier=row.tier) + "\n")
    return 0


def cmd_team_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    row = teams.edit(ctx.database().uow(), actor(args, ctx), args.team, name=args.name, tier=args.tier,
                     description=args.description)
    ctx.out.write(_("Saved team {name} (L{tier}).").format(name=row.name, tier=row.tier) + "\n")
    return 0


def cmd_team_members(args: argparse.Namespace, ctx: CliContext) -> int:
    row = teams.set_members(ctx.database().uow(), actor(args, ctx), args.team, add=args.add, remove=args.remove)
    ctx.out.write(_("{name}: {members}").format(name=row.name, members=", ".join(row.members) or "—") + "\n")
    return 0
