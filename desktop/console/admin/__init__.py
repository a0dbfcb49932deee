"""The console's Administration tab: a page per area (users, teams, categories and rules, SLA
policies, calendars, canned responses, the diagnostics catalogue, the audit log), each a table
and an edit form over `shared.services.admin`. Pages show only to those whose role holds the
page's permission; every load and save runs off the GUI thread through `Ops.run`."""

from __future__ import annotations

from shared.auth.permissions import Actor, Permission, can


def visible_to(actor: Actor) -> bool:
    """Whether the console shows the Administration tab: to whoever holds the permission of at
    least one page (supervisors and admins). Here, not in `pane`, so that the main window knows it
    without importing the tab's widgets, which are built when the tab is first opened."""
    return any(can(actor, p) for p in (Permission.USER_MANAGE, Permission.CONFIG_MANAGE,
                                       Permission.SHIFT_MANAGE, Permission.CANNED_MANAGE, Permission.AUDIT_VIEW))
