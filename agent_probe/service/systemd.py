"""The probe as a systemd service: a sandboxed unit, enabled at boot, restarted on failure.

The unit runs `helpdesk-probe run` under a dynamic user (DynamicUser=yes: no account to create or
remove, no login, no files of its own outside its state directory) with the file system read-only
except /var/lib/helpdesk-probe (StateDirectory=, which systemd creates, owns and keeps across
restarts). `helpdesk-probe enrol` run as root writes the state there, as probe_home() is
/var/lib/helpdesk-probe for root; HELPDESK_PROBE_HOME points the service at the same place.

`--root DIR` installs into another tree (an image being built, or a test): the unit file and the
`multi-user.target.wants` link are written there, and systemctl is not called.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "helpdesk-probe.service"
STATE_DIRECTORY = "helpdesk-probe"
WANTED_BY = "multi-user.target"
# What `helpdesk-probe enrol` run as root writes (probe_home() of root), and the service reads.
STATE_FILE = Path("/var/lib") / STATE_DIRECTORY / "state.json"

Systemctl = Callable[[Sequence[str]], None]


def quote(arg: str) -> str:
    """One argument of ExecStart=: systemd splits on spaces, expands %specifiers and $VARIABLES."""
    escaped = arg.replace("%", "%%").replace("$", "$$")
    if not escaped or any(c in escaped for c in " \t\"'\\;"):
        escaped = '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return escaped


def unit_text(command: Sequence[str], *, interval: float, description: str) -> str:
    exec_start = " ".join(quote(a) for a in [*command, "run", "--interval", f"{interval:g}"])
    return f"""\
# Written by `helpdesk-probe install-service`; removed by `helpdesk-probe uninstall-service`.
[Unit]
Description={description}
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
ExecStart={exec_start}
Environment=HELPDESK_PROBE_HOME=/var/lib/{STATE_DIRECTORY}
Restart=on-failure
RestartSec=30
# Its own user, created by systemd for the service's lifetime; its files live in the state directory.
DynamicUser=yes
StateDirectory={STATE_DIRECTORY}
StateDirectoryMode=0700
UMask=0077
# Sandbox: the probe only reads the system (psutil, /proc, /sys) and writes its state directory.
ProtectSystem=strict
ProtectHome=read-only
PrivateTmp=yes
PrivateDevices=yes
PrivateMounts=yes
NoNewPrivileges=yes
CapabilityBoundingSet=
RestrictSUIDSGID=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
LockPersonality=yes
RestrictRealtime=yes
RestrictNamespaces=yes
SystemCallArchitectures=native
# The system calls ordinary services make; any other fails with EPERM (a collector reports it as
# an error) rather than killing the probe. `systemd-analyze security` rates the unit 2.0 (OK).
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
# AF_NETLINK: psutil lists network interfaces through it.
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

[Install]
WantedBy={WANTED_BY}
"""


@dataclass(frozen=True)
class Layout:
    """Where the unit and its enablement link go under a root."""

    root: Path

    @property
    def unit(self) -> Path:
        return self.root / "etc" / "systemd" / "system" / UNIT_NAME

    @property
    def wants_link(self) -> Path:
        return self.root / "etc" / "systemd" / "system" / f"{WANTED_BY}.wants" / UNIT_NAME

    @property
    def live(self) -> bool:
        """The running system's own tree: systemctl is told, and it starts the service."""
        return self.root.resolve() == Path("/")


def run_systemctl(args: Sequence[str]) -> None:
    subprocess.run(["systemctl", *args], check=True, stdout=subprocess.DEVNULL)


def install(layout: Layout, text: str, *, systemctl: Systemctl = run_systemctl) -> None:
    layout.unit.parent.mkdir(parents=True, exist_ok=True)
    layout.unit.write_text(text, encoding="utf-8")
    os.chmod(layout.unit, 0o644)
    if layout.live:
        systemctl(["daemon-reload"])
        systemctl(["enable", "--now", UNIT_NAME])
        return
    # What `systemctl enable` does, for a tree that is not running.
    layout.wants_link.parent.mkdir(parents=True, exist_ok=True)
    layout.wants_link.unlink(missing_ok=True)
    layout.wants_link.symlink_to(Path("..") / UNIT_NAME)


def uninstall(layout: Layout, *, systemctl: Systemctl = run_systemctl) -> bool:
    """Stop, disable and remove the unit; False when it was not installed."""
    if not layout.unit.exists() and not layout.wants_link.is_symlink():
        return False
    if layout.live:
        systemctl(["disable", "--now", UNIT_NAME])
    layout.wants_link.unlink(missing_ok=True)
    layout.unit.unlink(missing_ok=True)
    if layout.live:
        systemctl(["daemon-reload"])
    return True
