"""The Administration tab: the list of pages on the left, the chosen page on the right. Each page
is built the first time it is chosen, and only pages the role may use are listed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from desktop.common.ops import Ops
from desktop.console.admin import visible_to
from desktop.console.admin.base import Page
from shared.auth.permissions import Actor, Permission, can

KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    permission: Permission
    factory: Callable[[Ops, Actor], Page]


def _users(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.users import UsersPage

    return UsersPage(ops, actor)


def _teams(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.teams import TeamsPage

    return TeamsPage(ops, actor)


def _rules(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.rules import RulesPage

    return RulesPage(ops, actor)


def _sla(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.sla import SlaPage

    return SlaPage(ops, actor)


def _calendars(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.calendars import CalendarsPage

    return CalendarsPage(ops, actor)


def _shifts(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.shifts import ShiftsPage

    return ShiftsPage(ops, actor)


def _canned(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.canned import CannedPage

    return CannedPage(ops, actor)


def _checklists(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.checklists import ChecklistsPage

    return ChecklistsPage(ops, actor)


def _diagnostics(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.diagnostics import DiagnosticsPage

    return DiagnosticsPage(ops, actor)


def _mail(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.mail import MailPage

    return MailPage(ops, actor)


def _audit(ops: Ops, actor: Actor) -> Page:
    from desktop.console.admin.audit import AuditPage

    return AuditPage(ops, actor)


class AdminPane(QWidget):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        specs = [
            PageSpec("users", self.tr("Users"), Permission.USER_MANAGE, _users),
            PageSpec("teams", self.tr("Teams"), Permission.CONFIG_MANAGE, _teams),
            PageSpec("rules", self.tr("Categories & rules"), Permission.CONFIG_MANAGE, _rules),
            PageSpec("sla", self.tr("SLA policies"), Permission.CONFIG_MANAGE, _sla),
            PageSpec("calendars", self.tr("Calendars & holidays"), Permission.CONFIG_MANAGE, _calendars),
            PageSpec("shifts", self.tr("Shifts"), Permission.SHIFT_MANAGE, _shifts),
            PageSpec("canned", self.tr("Canned responses"), Permission.CANNED_MANAGE, _canned),
            PageSpec("checklists", self.tr("Checklists"), Permission.CONFIG_MANAGE, _checklists),
            PageSpec("mail", self.tr("Mail settings"), Permission.CONFIG_MANAGE, _mail),
            PageSpec("diagnostics", self.tr("Diagnostics catalogue"), Permission.MACHINE_ENROL, _diagnostics),
            PageSpec("audit", self.tr("Audit log"), Permission.AUDIT_VIEW, _audit),
        ]
        self.specs = {s.key: s for s in specs if can(actor, s.permission)}
        self.pages: dict[str, Page] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("adminPages")
        self.nav.setMaximumWidth(220)
        for spec in self.specs.values():
            item = QListWidgetItem(spec.title)
            item.setData(KEY_ROLE, spec.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.stack.addWidget(QLabel(self.tr("Choose what to administer on the left.")))
        self.nav.currentItemChanged.connect(self._on_nav)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        if self.nav.count():
            self.nav.setCurrentRow(0)

    @staticmethod
    def visible_to(actor: Actor) -> bool:
        """Supervisors and admins: whoever holds the permission of at least one page."""
        return visible_to(actor)

    def _on_nav(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.page(str(item.data(KEY_ROLE)))

    def page(self, key: str) -> Page:
        """The page (built on first use), shown."""
        page = self.pages.get(key)
        if page is None:
            page = self.pages[key] = self.specs[key].factory(self.ops, self.actor)
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        for i in range(self.nav.count()):
            if self.nav.item(i).data(KEY_ROLE) == key and self.nav.currentRow() != i:
                self.nav.setCurrentRow(i)
        return page
