"""`helpdesk machine inventory HOST [--changes] [--days N]`: what a machine has, and what changed."""

from __future__ import annotations

import argparse
from typing import Any

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext, whole_number
from shared.i18n import _
from shared.services import inventory
from shared.timefmt import fmt_datetime


def register(m_sub: Any) -> None:
    p = m_sub.add_parser("inventory", help=_("installed software, hardware and disk health of a machine"))
    p.add_argument("machine", help=_("machine id or host name"))
    p.add_argument("--changes", action="store_true",
                   help=_("what changed since an inventory DAYS older: software added, removed, upgraded"))
    p.add_argument("--days", type=whole_number(1, 36_500), default=7,
                   help=_("how far back --changes compares (default 7)"))
    p.set_defaults(handler=cmd_inventory)


def _when(value: Any, tz: str | None) -> str:
    from datetime import datetime

    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return fmt_datetime(moment, tz, fmt="short")


def cmd_inventory(args: argparse.Namespace, ctx: CliContext) -> int:
    db, tz, out = ctx.database(), ctx.settings.timezone, ctx.out
    if args.changes:
        diff = inventory.changes(db.uow(), SYSTEM, args.machine, days=max(1, args.days))
        if diff is None:
            out.write(_("No inventory from this machine yet.") + "\n")
            return 0
        if diff.since is None:
            out.write(_("{host}: only one inventory so far ({when}); nothing to compare with.").format(
                host=diff.hostname, when=_when(diff.until, tz)) + "\n")
            return 0
        out.write(_("{host}: changes from {since} to {until}").format(
            host=diff.hostname, since=_when(diff.since, tz), until=_when(diff.until, tz)) + "\n")
        for c in diff.added:
            out.write("  + " + _("installed {name} {version} ({source})").format(
                name=c.name, version=c.new_version, source=c.source) + "\n")
        for c in diff.removed:
            out.write("  - " + _("removed {name} {version} ({source})").format(
                name=c.name, version=c.old_version, source=c.source) + "\n")
        for c in diff.upgraded:
            out.write("  ~ " + _("{name}: {old} → {new} ({source})").format(
                name=c.name, old=c.old_version, new=c.new_version, source=c.source) + "\n")
        for line in diff.other:
            out.write(f"  * {line}\n")
        if not (diff.added or diff.removed or diff.upgraded or diff.other):
            out.write("  " + _("nothing changed") + "\n")
        return 0
    view = inventory.latest(db.uow(), SYSTEM, args.machine)
    if view is None:
        out.write(_("No inventory from this machine yet.") + "\n")
        return 0
    d, none = view.data, _("unknown")
    hw, os_ = d["hardware"], d["os"]
    out.write(_("{host}: inventory of {when}").format(host=view.hostname, when=_when(view.collected_at, tz)) + "\n")
    out.write(_("Hardware: {vendor} {model}, serial {serial}; BIOS {bios_vendor} {bios_version} ({bios_date})").format(
        vendor=hw["vendor"] or none, model=hw["model"] or "", serial=hw["serial"] or none,
        bios_vendor=hw["bios_vendor"] or none, bios_version=hw["bios_version"] or "",
        bios_date=hw["bios_date"] or none) + "\n")
    out.write(_("System: {name} {version}, build {build}; last boot {boot}").format(
        name=os_["name"], version=os_["version"], build=os_["build"], boot=_when(d["last_boot"], tz)) + "\n")
    for disk in d["disks"]:
        out.write(_("Disk {device} {model}: {status}").format(
            device=disk["device"], model=disk["model"] or "", status=disk["status"]) + "\n")
    software = d["software"]
    out.write(_("Software: {n} packages").format(n=len(software)) + "\n")
    for p in software:
        out.write(f"  {p['name']}  {p['version']}  ({p['source']})\n")
    return 0
