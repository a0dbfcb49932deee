"""`helpdesk directory sync` and the account-security commands (`helpdesk user unlock`,
`revoke-sessions`, `reset-2fa`). They run as the system, like the other admin commands."""

from __future__ import annotations

import argparse
from typing import Any

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.services import directory, sessions, signin, twofactor
from shared.services._common import user_by_name


def cmd_directory_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    if not ctx.settings.directory.enabled:
        raise ValidationFailed(_("The company directory is not configured: see the [directory] table in the README."))
    report = directory.sync(ctx.database().uow(), SYSTEM)
    w = ctx.out.write
    for label, names in ((_("created"), report.created), (_("updated"), report.updated),
                         (_("deactivated"), report.deactivated), (_("skipped"), report.skipped)):
        w(f"{label}: {len(names)}" + (f"  ({', '.join(names[:20])}{' …' if len(names) > 20 else ''})"
                                       if names else "") + "\n")
    return 0


def _user_id(ctx: CliContext, username: str) -> int:
    with ctx.database().uow() as uow:
        return user_by_name(uow.session, username.strip().lower()).id


def cmd_user_unlock(args: argparse.Namespace, ctx: CliContext) -> int:
    signin.unlock(ctx.database().uow(), SYSTEM, _user_id(ctx, args.username))
    ctx.out.write(_("{name} can sign in again.").format(name=args.username) + "\n")
    return 0


def cmd_user_revoke_sessions(args: argparse.Namespace, ctx: CliContext) -> int:
    ended = sessions.revoke_user_sessions(ctx.database().uow(), SYSTEM, _user_id(ctx, args.username))
    ctx.out.write(_("Ended {n} session(s) of {name}.").format(n=ended, name=args.username) + "\n")
    return 0


def cmd_user_reset_2fa(args: argparse.Namespace, ctx: CliContext) -> int:
    twofactor.reset(ctx.database().uow(), SYSTEM, _user_id(ctx, args.username))
    ctx.out.write(_("Two-factor sign-in of {name} removed; they set it up again at their next sign-in.").format(
        name=args.username) + "\n")
    return 0


def register(sub: Any, user_sub: Any) -> None:
    """Add the commands to `helpdesk` (sub) and `helpdesk user` (user_sub)."""
    p_dir = sub.add_parser("directory", help=_("the company directory (LDAP / Active Directory)"))
    dir_sub = p_dir.add_subparsers(dest="directory_command", required=True)
    dir_sub.add_parser("sync", help=_("create, update and deactivate directory accounts (run from the scheduler)")
                       ).set_defaults(handler=cmd_directory_sync)
    for name, help_text, handler in (
            ("unlock", _("lift a lock-out after failed sign-ins"), cmd_user_unlock),
            ("revoke-sessions", _("sign a user out everywhere"), cmd_user_revoke_sessions),
            ("reset-2fa", _("remove a user's authenticator app and recovery codes"), cmd_user_reset_2fa)):
        p = user_sub.add_parser(name, help=help_text)
        p.add_argument("username")
        p.set_defaults(handler=handler)
