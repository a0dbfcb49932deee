"""Permissions (resource:action) and the one table that grants them to roles.

Services call `require(actor, perm)` first; the GUIs use the same `can()` to disable actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared.errors import PermissionDenied
from shared.i18n import N_, _
from shared.models.enums import Role, label


class Permission(StrEnum):
    TICKET_CREATE = "ticket:create"
    TICKET_CREATE_FOR_OTHERS = "ticket:create_for_others"
    TICKET_VIEW_OWN = "ticket:view_own"
    TICKET_VIEW_ALL = "ticket:view_all"
    TICKET_REPLY_OWN = "ticket:reply_own"
    TICKET_REPLY = "ticket:reply"
    TICKET_NOTE = "ticket:note"
    TICKET_UPDATE = "ticket:update"  # category, impact, urgency, status
    TICKET_CLAIM = "ticket:claim"
    TICKET_ASSIGN = "ticket:assign"
    TICKET_ESCALATE = "ticket:escalate"
    TICKET_RESOLVE = "ticket:resolve"
    TICKET_CLOSE = "ticket:close"
    TICKET_REOPEN = "ticket:reopen"
    TICKET_MERGE = "ticket:merge"
    TICKET_LINK = "ticket:link"
    PRIORITY_OVERRIDE = "priority:override"
    CSAT_SUBMIT = "csat:submit"
    KB_READ = "kb:read"
    KB_WRITE = "kb:write"
    KB_PUBLISH = "kb:publish"
    CANNED_USE = "canned:use"
    CANNED_MANAGE = "canned:manage"
    REPORT_VIEW = "report:view"
    MACHINE_VIEW = "machine:view"
    MACHINE_ENROL = "machine:enrol"
    DIAGNOSTIC_RUN = "diagnostic:run"
    USER_MANAGE = "user:manage"
    CONFIG_MANAGE = "config:manage"  # SLA policies, calendars, categories, rules, teams
    SHIFT_MANAGE = "shift:manage"  # rosters, leave, holidays, cover, capacity
    MAIL_MANAGE = "mail:manage"  # mail intake decisions and raw mail, undelivered mail: see and rescue
    AUDIT_VIEW = "audit:view"  # the audit log: who changed what, sign-ins, diagnostics


P = Permission

# What a permission allows, in words a person reads in an error message ("… may not do this:
# escalate tickets"), not the `resource:action` name.
PERMISSION_LABELS: dict[Permission, str] = {
    P.TICKET_CREATE: N_("create tickets"),
    P.TICKET_CREATE_FOR_OTHERS: N_("create tickets for other people"),
    P.TICKET_VIEW_OWN: N_("see their own tickets"),
    P.TICKET_VIEW_ALL: N_("see all tickets"),
    P.TICKET_REPLY_OWN: N_("reply on their own tickets"),
    P.TICKET_REPLY: N_("reply on tickets"),
    P.TICKET_NOTE: N_("add internal notes"),
    P.TICKET_UPDATE: N_("change tickets"),
    P.TICKET_CLAIM: N_("claim tickets"),
    P.TICKET_ASSIGN: N_("assign tickets"),
    P.TICKET_ESCALATE: N_("escalate tickets"),
    P.TICKET_RESOLVE: N_("resolve tickets"),
    P.TICKET_CLOSE: N_("close tickets"),
    P.TICKET_REOPEN: N_("reopen tickets"),
    P.TICKET_MERGE: N_("merge tickets"),
    P.TICKET_LINK: N_("link tickets"),
    P.PRIORITY_OVERRIDE: N_("override the priority"),
    P.CSAT_SUBMIT: N_("rate the help received"),
    P.KB_READ: N_("read the knowledge base"),
    P.KB_WRITE: N_("write knowledge base articles"),
    P.KB_PUBLISH: N_("publish knowledge base articles"),
    P.CANNED_USE: N_("use canned responses"),
    P.CANNED_MANAGE: N_("manage canned responses"),
    P.REPORT_VIEW: N_("view reports"),
    P.MACHINE_VIEW: N_("view machines"),
    P.MACHINE_ENROL: N_("enrol machines"),
    P.DIAGNOSTIC_RUN: N_("run remote diagnostics"),
    P.USER_MANAGE: N_("manage users"),
    P.CONFIG_MANAGE: N_("change the configuration"),
    P.SHIFT_MANAGE: N_("manage shifts, leave and holidays"),
    P.MAIL_MANAGE: N_("see and rescue mail: intake decisions and undelivered mail"),
    P.AUDIT_VIEW: N_("read the audit log"),
}


def permission_label(permission: Permission) -> str:
    """What the permission allows, in the active language."""
    return _(PERMISSION_LABELS[permission])


_REQUESTER = frozenset({P.TICKET_CREATE, P.TICKET_VIEW_OWN, P.TICKET_REPLY_OWN, P.CSAT_SUBMIT, P.KB_READ})
_AGENT = _REQUESTER | {
    P.TICKET_CREATE_FOR_OTHERS, P.TICKET_VIEW_ALL, P.TICKET_REPLY, P.TICKET_NOTE, P.TICKET_UPDATE,
    P.TICKET_CLAIM, P.TICKET_ASSIGN, P.TICKET_ESCALATE, P.TICKET_RESOLVE, P.TICKET_CLOSE,
    P.TICKET_REOPEN, P.TICKET_MERGE, P.TICKET_LINK, P.KB_WRITE, P.CANNED_USE, P.MACHINE_VIEW,
}
_TECHNICIAN = _AGENT | {P.DIAGNOSTIC_RUN, P.PRIORITY_OVERRIDE}
_ENGINEER = _TECHNICIAN | {P.KB_PUBLISH}
_SUPERVISOR = _AGENT | {P.PRIORITY_OVERRIDE, P.KB_PUBLISH, P.CANNED_MANAGE, P.REPORT_VIEW, P.MACHINE_ENROL,
                        P.SHIFT_MANAGE, P.MAIL_MANAGE,
                        P.AUDIT_VIEW}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.REQUESTER: _REQUESTER,
    Role.L1_AGENT: frozenset(_AGENT),
    Role.L2_TECHNICIAN: frozenset(_TECHNICIAN),
    Role.L3_ENGINEER: frozenset(_ENGINEER),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a plain snapshot of a user, safe to pass between threads and layers."""

    id: int | None  # None: the system itself (watchers, auto-close, the mail fetcher)
    username: str
    full_name: str
    role: Role
    team_ids: frozenset[int] = frozenset()
    timezone: str = "UTC"
    language: str | None = None

    @property
    def tier(self) -> int | None:
        return self.role.agent_tier

    @property
    def is_system(self) -> bool:
        return self.id is None


SYSTEM = Actor(id=None, username="system", full_name="Helpdesk", role=Role.ADMIN)


def can(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(
            _("{user} ({role}) may not do this: {permission}.").format(
                user=actor.username, role=label(actor.role), permission=permission_label(permission)
            )
        )
