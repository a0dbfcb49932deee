"""`helpdesk autostart on|off|status`: start the tray at this user's logon, or stop doing so."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from typing import TYPE_CHECKING

from desktop.autostart import xdg
from desktop.autostart.command import this_tray_command

if TYPE_CHECKING:
    from shared.cli_support import CliContext


def register_cli(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from shared.i18n import _

    parser = subparsers.add_parser("autostart", help=_("start the tray app when you log on (on, off, status)"))
    parser.add_argument("state", choices=("on", "off", "status"))
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace, _ctx: CliContext) -> int:
    from shared.i18n import _

    if sys.platform == "win32":
        from desktop.autostart.winrun import RUN_KEY, RunKey

        key = RunKey.load()
        if args.state == "on":
            key.enable(this_tray_command())
        elif args.state == "off":
            key.disable()
        current = key.current()
        where = f"HKCU\\{RUN_KEY}"
        print(_("The tray starts at logon: {command} ({where})").format(command=current, where=where) if current
              else _("The tray does not start at logon"))
        return 0
    path = xdg.autostart_file(xdg.default_env())
    if args.state == "on":
        icon = str(resources.files("resources") / "icons" / "helpdesk.svg")
        xdg.enable(path, xdg.entry_text(this_tray_command(), name=_("Helpdesk"),
                                        comment=_("Report a problem and follow your tickets"), icon=icon))
    elif args.state == "off":
        xdg.disable(path)
    print(_("The tray starts at logon: {path}").format(path=path) if xdg.enabled(path)
          else _("The tray does not start at logon"))
    return 0

