"""``helpdesk-probe``'s full command line (argparse): every command but the plain resident `run`,
which agent_probe/main.py takes without argparse and logging (see there).

User mistakes end with a one-line message and a non-zero exit, never a traceback: the people
running this are admins deploying to many machines, reading logs, not Python developers.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agent_probe import main as entry
from agent_probe import plog
from agent_probe.i18n import _
from agent_probe.main import EXIT_FAILURE, EXIT_UNAVAILABLE, EXIT_USAGE, UserError, reporting, safe_streams
from agent_probe.platform_paths import probe_home, state_file
from agent_probe.service import command as service_command

__all__ = ["EXIT_FAILURE", "EXIT_UNAVAILABLE", "EXIT_USAGE", "UserError", "build_parser", "main"]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, without its ``import shutil`` to learn the terminal width.

    argparse makes a formatter for every ``add_argument`` (to check the metavar), and the default
    one calls ``shutil.get_terminal_size``; shutil imports zlib, bz2 and lzma, about 0.5 MB of RSS
    that the resident probe would keep for its whole life. Same rule as shutil: $COLUMNS, else the
    terminal's width, else 80 columns; minus 2, as HelpFormatter does with shutil's answer.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    # Subcommand parsers are made with the parent's class, so they get the formatter too.
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**kwargs)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):  # not a terminal, or no file descriptor at all
            columns = 0
    return columns if columns > 0 else 80


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="helpdesk-probe", description=_("Helpdesk probe for this machine."))
    parser.add_argument("-v", "--verbose", action="store_true", help=_("log more detail to stderr"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    snapshot = sub.add_parser("snapshot", help=_("print a JSON snapshot of this machine"))
    # The resident probe's worker (collect/worker.py): snapshot and alerts, CPU since the last report.
    snapshot.add_argument("--for-report", metavar="HOME", type=Path, help=argparse.SUPPRESS)
    inventory = sub.add_parser(
        "inventory", help=_("print this machine's inventory as JSON (software, hardware, disks)"))
    # One line, no indentation: what the resident probe's helper prints (it travels in a report as it is).
    inventory.add_argument("--compact", action="store_true", help=argparse.SUPPRESS)
    enrol = sub.add_parser("enrol", help=_("register this machine with the helpdesk server (once)"))
    enrol.add_argument("--server", required=True, help=_("server URL, e.g. https://helpdesk.example.org"))
    enrol.add_argument("--token", required=True, help=_("enrolment token issued by a helpdesk admin"))
    enrol.add_argument("--ca-file", help=_("CA certificate file to trust for the server"))
    enrol.add_argument("--force", action="store_true", help=_("enrol again, replacing the stored identity"))
    sub.add_parser("report", help=_("send one report now (spooled if the server is unreachable)"))
    run = sub.add_parser("run", help=_("report every INTERVAL seconds until stopped"))
    run.add_argument("--interval", type=float, default=900.0, help=_("seconds between reports"))
    gate = sub.add_parser("ssh-gate", help=_("forced command for technician SSH keys"))
    gate.add_argument("--tier", type=int, choices=(2, 3), default=2, help=_("technician tier of the key"))
    gate.add_argument(
        "--session-idle",
        type=_positive_seconds,
        default=300.0,  # gate.session.SESSION_IDLE_SECONDS, not imported here to keep `run` lean
        metavar="SECONDS",
        help=_("end a diagnostic session after this many seconds without a request"),
    )
    key = sub.add_parser("install-key", help=_("allow a technician key to run diagnostics via SSH"))
    key.add_argument("pubkey", type=Path, metavar="PUBKEYFILE")
    key.add_argument("--tier", type=int, choices=(2, 3), default=2, help=_("technician tier of the key"))
    key.add_argument("--authorized-keys", type=Path, help=_("authorized_keys file to edit"))
    key.add_argument("--remove", action="store_true", help=_("remove the key instead of installing it"))
    sub.add_parser("catalogue", help=_("print the approved diagnostics catalogue as JSON"))
    service_command.add_parsers(sub)
    return parser


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(_("expected a number of seconds between 0 and 86400"))
    return value


def main(argv: Sequence[str] | None = None) -> int:
    safe_streams()
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="helpdesk-probe: %(levelname)s: %(message)s",
    )
    plog.to_logging()  # the probe's records go to the handler just configured
    if args.command == "ssh-gate":
        # The gate has its own error and exit-code contract with the technician side.
        from agent_probe.gate.main import main as gate_main  # keep `run` lean

        return gate_main(tier=args.tier, idle_seconds=args.session_idle)
    try:
        return _COMMANDS[args.command](args)
    except UserError as exc:
        print(f"helpdesk-probe: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `helpdesk-probe snapshot | head`: the reader left; not an error worth a traceback.
        sys.stderr.close()
        return 141


def cmd_snapshot(args: argparse.Namespace) -> int:
    if args.for_report is not None:
        from agent_probe.collect import worker

        sys.stdout.write(worker.answer(args.for_report))
        return 0
    from agent_probe.collect.snapshot import collect_snapshot

    json.dump(collect_snapshot(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_inventory(args: argparse.Namespace) -> int:
    from agent_probe.collect.inventory import collect

    json.dump(collect(), sys.stdout, **({"separators": (",", ":")} if args.compact else {"indent": 2}))
    sys.stdout.write("\n")
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    from agent_probe.report.client import ClientError
    from agent_probe.report.enrol import EnrolmentError, enrol, load_state, read_ssh_host_key, save_state

    path = state_file(probe_home())
    try:
        if load_state(path) is not None and not args.force:
            raise UserError(
                _("This machine is already enrolled ({path}); use --force to enrol again").format(path=path)
            )
        client = entry.make_client(args.server, token=None, ca_file=args.ca_file)
        state = enrol(client, args.token, ssh_host_key=read_ssh_host_key())
        save_state(path, state)
    except (ClientError, EnrolmentError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(_("Cannot write the probe state: {error}").format(error=exc)) from None
    print(_("Enrolled as machine {machine_id}").format(machine_id=state.machine_id))
    return 0


def cmd_report(_args: argparse.Namespace) -> int:
    from agent_probe.report.cycle import run_cycle

    client, spool = reporting()
    result = run_cycle(client, spool, home=probe_home())
    messages = {
        "delivered": _("Report delivered ({alerts} alerts)"),
        "spooled": _("Server unreachable: report kept for later delivery ({alerts} alerts)"),
        "rejected": _("The server rejected the report; kept in the rejected folder"),
        "lost": _("Server unreachable, and the report could not be written to the spool folder"),
    }
    print(messages[result.outcome].format(alerts=result.alerts))
    return {"delivered": 0, "spooled": EXIT_UNAVAILABLE}.get(result.outcome, EXIT_FAILURE)


def cmd_run(args: argparse.Namespace) -> int:
    if args.interval < 0:
        raise UserError(_("--interval must not be negative"), EXIT_USAGE)
    client, spool = reporting()
    entry.run_loop(client, spool, args.interval, home=probe_home())  # looked up now: tests and bench wrap it
    return 0


def cmd_install_key(args: argparse.Namespace) -> int:
    from agent_probe.gate import authorized_keys as ak

    try:
        key = ak.parse_public_key(args.pubkey.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {error}").format(path=args.pubkey, error=exc.strerror)) from None
    except (ak.InvalidPublicKeyError, UnicodeDecodeError) as exc:
        raise UserError(str(exc)) from None
    import subprocess

    from agent_probe.gate.forced_command import UnquotableError
    from agent_probe.gate.windows_account import ElevationRequiredError

    try:
        path = args.authorized_keys or ak.default_authorized_keys_path()
        command = ak.gate_command(tier=args.tier)
    except (ElevationRequiredError, UnquotableError) as exc:
        raise UserError(str(exc)) from None
    except (OSError, subprocess.SubprocessError) as exc:
        # Windows: whoami, which names the account's groups, could not be run.
        raise UserError(
            _("Cannot tell which authorized_keys file sshd reads here ({error}); name it with --authorized-keys")
            .format(error=exc)
        ) from None
    try:
        if args.remove:
            changed = ak.remove_key(path, key)
            print(
                _("Key removed from {path}").format(path=path)
                if changed
                else _("Key was not in {path}").format(path=path)
            )
        else:
            changed = ak.install_key(path, key, command)
            print(
                _("Key installed in {path}").format(path=path)
                if changed
                else _("Key already installed in {path}").format(path=path)
            )
    except OSError as exc:
        raise UserError(_("Cannot update {path}: {error}").format(path=path, error=exc.strerror)) from None
    return 0


def cmd_catalogue(_args: argparse.Namespace) -> int:
    from agent_probe.gate.catalogue import CatalogueError, load_catalogue

    try:
        catalogue = load_catalogue()
    except CatalogueError as exc:
        raise UserError(str(exc)) from None
    json.dump(catalogue.to_json(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "snapshot": cmd_snapshot,
    "inventory": cmd_inventory,
    "enrol": cmd_enrol,
    "report": cmd_report,
    "run": cmd_run,
    "install-key": cmd_install_key,
    "catalogue": cmd_catalogue,
    "install-service": service_command.cmd_install_service,
    "uninstall-service": service_command.cmd_uninstall_service,
    "service-run": service_command.cmd_service_run,
}
