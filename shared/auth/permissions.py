"""Permissions (resource:action) and the one table that grants them to roles.

Services call `require(actor, perm)` first; the GUIs use the same `can()` to disable actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared.errors import PermissionDenied
from shared.i18n import _
from shared.models.enums import Role


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
    AUDIT_VIEW = "audit:view"  # the audit log: who changed what, sign-ins, diagnostics


P = Permission
_REQUESTER = frozenset({P.TICKET_CREATE, P.TICKET_VIEW_OWN, P.TICKET_REPLY_OWN, P.CSAT_SUBMIT, P.KB_READ})
_AGENT = _REQUESTER | {
    P.TICKET_CREATE_FOR_OTHERS, P.TICKET_VIEW_ALL, P.TICKET_REPLY, P.TICKET_NOTE, P.TICKET_UPDATE,
    P.TICKET_CLAIM, P.TICKET_ASSIGN, P.TICKET_ESCALATE, P.TICKET_RESOLVE, P.TICKET_CLOSE,
    P.TICKET_REOPEN, P.TICKET_MERGE, P.TICKET_LINK, P.KB_WRITE, P.CANNED_USE, P.MACHINE_VIEW,
}
_TECHNICIAN = _AGENT | {P.DIAGNOSTIC_RUN, P.PRIORITY_OVERRIDE}
_ENGINEER = _TECHNICIAN | {P.KB_PUBLISH}
_SUPERVISOR = _AGENT | {P.PRIORITY_OVERRIDE, P.KB_PUBLISH, P.CANNED_MANAGE, P.REPORT_VIEW, P.MACHINE_ENROL,
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
                user=actor.username, role=actor.role.value, permission=permission.value
            )
        )
