"""`helpdesk serve` and `helpdesk machine …`, added to the CLI through the `helpdesk.commands` entry point."""

from __future__ import annotations

import argparse
import errno
import os
import secrets
import socket
import sys
from typing import Any

from shared.auth.permissions import SYSTEM, Actor
from shared.cli_support import CliContext, whole_number
from shared.errors import CannotListen
from shared.i18n import N_, _, ngettext
from shared.services import alerts, enrolment, machines, users
from shared.textwidth import clip, column, pad
from shared.timefmt import fmt_datetime

MAX_WORKERS = 64  # server processes on one machine: one per core serves the most

# uvicorn ends with this code when its server did not start (a busy port, most often); ours is
# CannotListen's, which the README documents.
UVICORN_STARTUP_FAILURE = 3


# A TCP port (the socket layer would wrap 99999 round to another port).
port_number = whole_number(1, 65535, N_("'{value}' is not a port: use a number from 1 to 65535"))


def register_cli(sub: Any) -> None:
    p = sub.add_parser("serve", help=_("run the HTTP server for probes and the tray app"))
    p.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    p.add_argument("--port", type=port_number, default=8080)
    p.add_argument("--ssl-certfile", help=_("TLS certificate (PEM); probes refuse plain http to remote servers"))
    p.add_argument("--ssl-keyfile", help=_("TLS private key (PEM)"))
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    # Bounded: uvicorn starts as many processes as it is told, and a typo's 10**20 froze a machine.
    p.add_argument("--workers", type=whole_number(1, MAX_WORKERS), default=1,
                   help=_("server processes (default 1); one per CPU core serves the most requests"))
    p.add_argument("--no-scheduler", action="store_true",
                   help=_("do not run the periodic jobs here (another server or `helpdesk scheduler` does)"))
    p.set_defaults(handler=cmd_serve)

    p_m = sub.add_parser("machine", help=_("machines enrolled through the probe"))
    m_sub = p_m.add_subparsers(dest="machine_command", required=True)
    p = m_sub.add_parser("token", help=_("print a new one-time enrolment token"))
    p.add_argument("--owner", metavar="USER", help=_("the user whose machine it will be"))
    p.add_argument("--hours", type=int, default=72, help=_("validity in hours (default 72)"))
    p.set_defaults(handler=cmd_machine_token)
    p = m_sub.add_parser("list", help=_("list machines and when they last reported"))
    p.set_defaults(handler=cmd_machine_list)
    p = m_sub.add_parser("ssh-target", help=_("where technicians reach a machine's diagnostics gate"))
    p.add_argument("machine", help=_("machine id or host name"))
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=port_number, default=22)
    p.add_argument("--user", required=True)
    p.add_argument("--host-key", help=_("the machine's SSH host public key to pin (default: the enrolled one)"))
    p.set_defaults(handler=cmd_machine_ssh_target)
    p = m_sub.add_parser("check-unseen", help=_("open alert tickets for silent probes (run from cron)"))
    p.add_argument("--hours", type=int, default=24)
    p.set_defaults(handler=cmd_machine_check_unseen)
    from shared import inventory_cli  # `machine inventory`: its own module

    inventory_cli.register(m_sub)


def _admin(ctx: CliContext) -> Actor:
    return SYSTEM


def check_can_listen(host: str, port: int) -> None:
    """Bind the address once, as uvicorn will (SO_REUSEADDR), so that a busy or forbidden port is
    said in one line before the server starts, instead of uvicorn's log and exit code."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError):
        raise CannotListen(_("Cannot serve on {host}: no such address here.").format(host=host)) from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                message = _("Port {port} on {host} is already in use by another program; stop it, or pick another "
                            "port with --port.")
            elif exc.errno in (errno.EACCES, errno.EPERM):
                message = _("Port {port} on {host} may not be used by this account (ports below 1024 need "
                            "administrator rights); pick another port with --port.")
            elif exc.errno == errno.EADDRNOTAVAIL:
                message = _("Cannot serve on {host}: it is not an address of this machine.")
            else:
                message = _("Cannot listen on {host} port {port}: {reason}.")
            raise CannotListen(message.format(host=host, port=port, reason=exc.strerror or exc)) from None


def cmd_serve(args: argparse.Namespace, ctx: CliContext) -> int:
    import uvicorn

    from shared.http.app import SERVE_HOST_ENV, create_app
    from shared.http.security import SECRET_ENV, InsecureSetup
    from shared.net import is_loopback

    check_can_listen(args.host, args.port)
    try:
        app = create_app(ctx.database(), host=args.host)  # also migrates, once, before any worker starts
    except InsecureSetup as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 2
    if not is_loopback(args.host) and not args.ssl_certfile:
        print(_("warning: serving plain HTTP on {host}; probes only talk to https:// (or loopback). "
                "Put a TLS proxy in front or pass --ssl-certfile/--ssl-keyfile.").format(host=args.host),
              file=sys.stderr)
    if not args.no_scheduler:
        # One thread in this (parent) process, whatever --workers says; the job leases keep every
        # tick to one run across all servers on the database.
        from shared.scheduler.config import load_scheduler_settings
        from shared.scheduler.runner import Scheduler

        Scheduler(ctx.database(), load_scheduler_settings()).start()
    common: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": args.log_level,
                              "ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile,
                              "server_header": False}
    try:
        if args.workers == 1:
            uvicorn.run(app, **common)
            return 0
        # Worker processes build their own app from the environment: the same database, and one
        # session secret for all of them (a sign-in on one worker must be valid on the others).
        os.environ["HELPDESK_DATABASE_URL"] = ctx.settings.database_url
        os.environ[SERVE_HOST_ENV] = args.host
        os.environ.setdefault(SECRET_ENV, secrets.token_urlsafe(48))
        uvicorn.run("shared.http.app:app_from_environment", factory=True, workers=args.workers, **common)
    except SystemExit as exc:
        if exc.code == UVICORN_STARTUP_FAILURE:  # taken between our check and uvicorn's bind
            raise CannotListen(_("The server could not start on {host} port {port} (see the log above).").format(
                host=args.host, port=args.port)) from None
        raise
    return 0


def cmd_machine_token(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    owner = users.actor_for(db.uow(), args.owner).id if args.owner else None
    token = enrolment.issue_enrolment_token(db.uow(), _admin(ctx), owner_id=owner, valid_hours=args.hours)
    ctx.out.write(token + "\n")
    return 0


def cmd_machine_list(args: argparse.Namespace, ctx: CliContext) -> int:
    machines_ = machines.list_machines(ctx.database().uow(), _admin(ctx))
    tz = ctx.settings.timezone
    header = (_("ID"), _("Host"), _("OS"), _("Last seen"), _("Alerts"))
    rows = [(str(m.id), m.hostname, m.os_name,
             fmt_datetime(m.last_seen_at, tz, fmt="short") if m.last_seen_at else _("never"),
             ", ".join(m.active_alerts) or "—") for m in machines_]
    widths = [column((r[i] for r in [header, *rows]), at_most=(6, 24, 12, 20)[i]) for i in range(4)]
    for row in [header, *rows]:
        cells = [pad(row[0], widths[0], right=True)] + [pad(clip(v, n), n) for v, n in zip(row[1:4], widths[1:],
                                                                                            strict=True)]
        ctx.out.write("  ".join([*cells, row[4]]) + "\n")
    return 0


def cmd_machine_ssh_target(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    machine = machines.find_machine(db.uow(), _admin(ctx), args.machine)
    view = machines.set_ssh_target(db.uow(), _admin(ctx), machine.id, args.host, args.port, args.user, args.host_key)
    ctx.out.write(_("{host}: diagnostics via {user}@{target}:{port}; pinned host key: {key}").format(
        host=view.hostname, user=view.ssh_user, target=view.ssh_host, port=view.ssh_port,
        key=(view.ssh_host_key or _("none"))[:40]) + "\n")
    return 0


def cmd_machine_check_unseen(args: argparse.Namespace, ctx: CliContext) -> int:
    opened = alerts.check_unseen(ctx.database().uow(), hours=args.hours)
    ctx.out.write(ngettext("{n} alert ticket opened.", "{n} alert tickets opened.", len(opened)).format(
        n=len(opened)) + "\n")
    return 0
