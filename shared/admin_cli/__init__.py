"""`helpdesk admin`: the administration services on the command line (a `helpdesk.commands`
plug-in). Changes are audited as the user named by `--as` (default: the system).

A mistake prints one line and exits with the code of its error class (shared/errors.py): 3 not
found, 4 not permitted, 6 invalid input (a CSV import with bad rows lists each, then exits 6),
9 database unavailable, 2 bad arguments."""

from __future__ import annotations

from typing import Any

from shared.admin_cli import checklists, config, people, records
from shared.i18n import _


def register_cli(sub: Any) -> None:
    p = sub.add_parser("admin", help=_("administration: users, teams, rules, SLA, calendars, canned, audit, "
                                       "checklists"))
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help=_("the admin the audit log names (default: the system)"))
    a_sub = p.add_subparsers(dest="admin_command", required=True, metavar="AREA")
    people.register(a_sub)
    config.register(a_sub)
    records.register(a_sub)
    checklists.register(a_sub)

