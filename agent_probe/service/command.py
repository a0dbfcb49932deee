"""`helpdesk-probe install-service`, `uninstall-service` (and `service-run`, the Windows bundle's
service host). Kept import-light: main.py builds these parsers on every start, `run` included."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from agent_probe.i18n import _

DEFAULT_INTERVAL = 900.0
DISPLAY_NAME = "Helpdesk probe"
# Not translated: unit files and the service list are read by admins in any language, and scripts grep them.
DESCRIPTION = "Reports this machine's health to the helpdesk server and answers approved diagnostics"


def add_parsers(sub: Any) -> None:
    install = sub.add_parser("install-service", help=_("run the probe as a service, started at boot"))
    install.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, help=_("seconds between reports"))
    install.add_argument(
        "--root", type=Path, help=_("Linux: write the systemd unit under this directory instead of / (no systemctl)")
    )
    remove = sub.add_parser("uninstall-service", help=_("stop and remove the probe service"))
    remove.add_argument("--root", type=Path, help=_("Linux: remove the unit from under this directory"))
    sub.add_parser("service-run", help=argparse.SUPPRESS)


def cmd_install_service(args: argparse.Namespace) -> int:
    from agent_probe.main import EXIT_USAGE, UserError

    if not 0 < args.interval <= 86400:
        raise UserError(_("expected a number of seconds between 0 and 86400"), EXIT_USAGE)
    if sys.platform == "win32":
        return _windows(install=True, interval=args.interval)
    return _systemd(install=True, root=args.root, interval=args.interval)


def cmd_uninstall_service(args: argparse.Namespace) -> int:
    if sys.platform == "win32":
        return _windows(install=False, interval=DEFAULT_INTERVAL)
    return _systemd(install=False, root=args.root, interval=DEFAULT_INTERVAL)


def cmd_service_run(_args: argparse.Namespace) -> int:
    from agent_probe.main import UserError

    if sys.platform == "win32":
        from agent_probe.service.winhost import host

        return host()
    raise UserError(_("service-run is started by the Windows Service Control Manager only"))


def _systemd(*, install: bool, root: Path | None, interval: float) -> int:
    import subprocess

    from agent_probe.main import UserError
    from agent_probe.service import systemd
    from agent_probe.service.launch import this_probe_command

    layout = systemd.Layout(root or Path("/"))
    if layout.live and getattr(os, "geteuid", lambda: 0)() != 0:
        raise UserError(_("Installing or removing the service needs root: run it with sudo (or use --root DIR)"))
    try:
        if not install:
            removed = systemd.uninstall(layout)
            print(_("Service removed: {path}").format(path=layout.unit) if removed
                  else _("The service was not installed"))
            return 0
        command = this_probe_command()
        systemd.install(layout, systemd.unit_text(command, interval=interval, description=DESCRIPTION))
    except (OSError, subprocess.CalledProcessError) as exc:
        raise UserError(_("Cannot change the service: {error}").format(error=exc)) from None
    if layout.live:
        print(_("Service installed and started: {path} (it starts at boot)").format(path=layout.unit))
        if not systemd.STATE_FILE.exists():
            print(_("Not enrolled yet: the service tries again every 30 seconds until "
                    "`sudo helpdesk-probe enrol --server URL --token T` has run"), file=sys.stderr)
    else:
        print(_("Service unit written and enabled for boot: {path}").format(path=layout.unit))
    if command[0].startswith(("/home/", "/root/")):
        # ProtectHome= and the home's own permissions: the service's user may not reach it.
        print(_("Warning: {path} is in a home directory, which the service's own user cannot read; "
                "install the probe under /opt or /usr/local").format(path=command[0]), file=sys.stderr)
    return 0


def _windows(*, install: bool, interval: float) -> int:
    from agent_probe.main import UserError
    from agent_probe.platform_paths import probe_home
    from agent_probe.service import windows

    try:
        scm = windows.Pywin32Manager.load()
    except ImportError:
        raise UserError(_("The Windows service needs pywin32: pip install pywin32")) from None
    try:
        if install:
            windows.write_settings(probe_home(), interval=interval)
            spec = windows.service_spec(
                frozen=windows.frozen(), executable=sys.executable, display_name=DISPLAY_NAME, description=DESCRIPTION
            )
            windows.install(spec, scm)
            print(_("Service {name} installed and started (it starts at boot)").format(name=spec.name))
        else:
            removed = windows.uninstall(windows.SERVICE_NAME, scm)
            print(_("Service {name} removed").format(name=windows.SERVICE_NAME) if removed
                  else _("The service was not installed"))
    except Exception as exc:  # pywintypes.error carries winerror; it is not an OSError
        if getattr(exc, "winerror", None) == windows.ERROR_ACCESS_DENIED:
            raise UserError(_("Installing or removing the service needs an elevated (administrator) prompt")) from None
        if isinstance(exc, UserError):
            raise
        raise UserError(_("Cannot change the service: {error}").format(error=exc)) from None
    return 0
