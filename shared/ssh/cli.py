"""`helpdesk diag …`: the technician's key, the catalogue, and running a diagnostic on a ticket's machine."""

from __future__ import annotations

import argparse
import getpass
import json
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.cli_support import CliContext
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.services import diagnostics, machines, users
from shared.services.dto import parse_ticket_ref

if TYPE_CHECKING:
    from shared.ssh.client import SshPool

# shared.ssh.client and .run import paramiko (~120 ms): every `helpdesk` command, the console's
# start-up included, registers these subcommands, so they are imported only when one runs.


def register_cli(sub: Any) -> None:
    p_d = sub.add_parser("diag", help=_("remote diagnostics on enrolled machines"))
    d_sub = p_d.add_subparsers(dest="diag_command", required=True)

    p = d_sub.add_parser("keygen", help=_("create your SSH key and register its public half"))
    p.add_argument("--as", dest="as_user", required=True, metavar="USER")
    p.add_argument("--key", type=Path, help=_("private key path (default: HELPDESK_SSH_KEY or the data dir)"))
    p.set_defaults(handler=cmd_keygen)

    p = d_sub.add_parser("catalogue", help=_("the diagnostics you may run"))
    p.add_argument("--as", dest="as_user", required=True, metavar="USER")
    p.set_defaults(handler=cmd_catalogue)

    for name, handler, help_text in (
            ("run", cmd_run, _("run an approved diagnostic: MACHINE DIAGNOSTIC key=value …")),
            ("raw", cmd_raw, _("send a raw request line, unchecked, to test the gate (recorded)"))):
        p = d_sub.add_parser(name, help=help_text)
        p.add_argument("machine", help=_("machine id or host name"))
        p.add_argument("request", nargs="+", help=_("diagnostic id, then key=value parameters"))
        p.add_argument("--as", dest="as_user", required=True, metavar="USER")
        p.add_argument("--ticket", help=_("the ticket to record the run on, e.g. HD-000123"))
        p.add_argument("--key", type=Path, help=_("private key path"))
        p.add_argument("--json", action="store_true", help=_("print the full result as JSON"))
        p.set_defaults(handler=handler)


def cmd_keygen(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    actor = users.actor_for(db.uow(), args.as_user)
    from shared.ssh.client import default_key_path, generate_key

    path = args.key or default_key_path()
    line = generate_key(path, f"{actor.username}@helpdesk-{socket.gethostname() or getpass.getuser()}")
    diagnostics.set_ssh_public_key(db.uow(), actor, line)
    ctx.out.write(_("Private key: {path} (stays on this computer)").format(path=path) + "\n")
    ctx.out.write(_("Public key, install it on machines with `helpdesk-probe install-key FILE --tier {tier}`:")
                  .format(tier=diagnostics.actor_tier(actor) or 2) + "\n" + line + "\n")
    return 0


def cmd_catalogue(args: argparse.Namespace, ctx: CliContext) -> int:
    actor = users.actor_for(ctx.database().uow(), args.as_user)
    for entry in diagnostics.catalogue_for(actor):
        params = " ".join(f"{p['name']}={p['kind']}" + ("" if p["required"] else "?") for p in entry["params"])
        ctx.out.write(f"{entry['id']:<20} L{entry['min_tier']}  {entry['title']}  {params}\n")
    return 0


def _params(tokens: list[str]) -> dict[str, str | int]:
    params: dict[str, str | int] = {}
    for token in tokens:
        name, sep, value = token.partition("=")
        if not sep:
            raise ValidationFailed(_("Parameters are written name=value, got '{token}'.").format(token=token),
                                   field="params")
        params[name] = value
    return params


def _common(args: argparse.Namespace, ctx: CliContext) -> tuple[Any, Any, int, int | None, SshPool]:
    db = ctx.database()
    actor = users.actor_for(db.uow(), args.as_user)
    machine = machines.find_machine(db.uow(), actor, args.machine)
    ticket_id = parse_ticket_ref(args.ticket, ctx.settings.ticket_prefix) if args.ticket else None
    from shared.ssh.client import SshPool, default_key_path

    return db, actor, machine.id, ticket_id, SshPool(args.key or default_key_path())


def _print(ctx: CliContext, record: diagnostics.RunRecord, as_json: bool) -> int:
    o = record.outcome
    if as_json:
        ctx.out.write(json.dumps({"outcome": o.outcome, "exit_code": o.exit_code, "stdout": o.stdout,
                                  "stderr": o.stderr, "message": o.message, "entry_id": record.entry_id}) + "\n")
    else:
        if o.message:
            ctx.out.write(o.message + "\n")
        ctx.out.write(o.stdout)
        if o.stderr:
            ctx.out.write(o.stderr)
    done = o.outcome == diagnostics.Outcome.COMPLETED
    return 0 if done and o.exit_code == 0 else (1 if done else 4)


def cmd_run(args: argparse.Namespace, ctx: CliContext) -> int:
    db, actor, machine_id, ticket_id, pool = _common(args, ctx)
    with pool:
        from shared.ssh.run import run_diagnostic

        record = run_diagnostic(db, actor, ticket_id, machine_id, args.request[0], _params(args.request[1:]), pool)
    return _print(ctx, record, args.json)


def cmd_raw(args: argparse.Namespace, ctx: CliContext) -> int:
    db, actor, machine_id, ticket_id, pool = _common(args, ctx)
    with pool:
        from shared.ssh.run import send_unchecked

        record = send_unchecked(db, actor, ticket_id, machine_id, " ".join(args.request), pool)
    return _print(ctx, record, args.json)
