"""Administration › Audit log: who did what, filtered by person, action, ticket, machine and
time, and exported as CSV."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time, zone
from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.errors import ValidationFailed
from shared.services.admin import audit
from shared.services.admin.audit import AuditQuery, AuditRow
from shared.services.dto import parse_ticket_ref
from shared.services.uow import UnitOfWork


class AuditPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.entries: list[AuditRow] = []
        self.who = QLineEdit()
        self.who.setObjectName("adminAuditWho")
        self.who.setPlaceholderText(self.tr("user name, or system"))
        self.action = QLineEdit()
        self.action.setObjectName("adminAuditAction")
        self.action.setPlaceholderText(self.tr("e.g. user. or sla.edit"))
        self.ticket = QLineEdit()
        self.ticket.setObjectName("adminAuditTicket")
        self.ticket.setPlaceholderText("HD-000123")
        self.machine = QLineEdit()
        self.machine.setObjectName("adminAuditMachine")
        self.machine.setPlaceholderText(self.tr("id or host name"))
        self.use_dates = QCheckBox(self.tr("Between"))
        self.use_dates.setObjectName("adminAuditUseDates")
        today = QDate.currentDate()
        self.since = self._date("adminAuditSince", today.addDays(-30))
        self.until = self._date("adminAuditUntil", today)
        apply = QPushButton(self.tr("Filter"))
        apply.setObjectName("adminAuditFilter")
        apply.clicked.connect(self.refresh)
        export = QPushButton(self.tr("Export CSV…"))
        export.setObjectName("adminAuditExport")
        export.clicked.connect(self._choose_export)
        for edit in (self.who, self.action, self.ticket, self.machine):
            edit.returnPressed.connect(self.refresh)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Who:")), 0, 0)
        grid.addWidget(self.who, 0, 1)
        grid.addWidget(QLabel(self.tr("Action:")), 0, 2)
        grid.addWidget(self.action, 0, 3)
        grid.addWidget(QLabel(self.tr("Ticket:")), 1, 0)
        grid.addWidget(self.ticket, 1, 1)
        grid.addWidget(QLabel(self.tr("Machine:")), 1, 2)
        grid.addWidget(self.machine, 1, 3)
        grid.addWidget(self.use_dates, 2, 0)
        grid.addWidget(self.since, 2, 1)
        grid.addWidget(QLabel(self.tr("and")), 2, 2)
        grid.addWidget(self.until, 2, 3)
        grid.addWidget(apply, 0, 4)
        grid.addWidget(export, 1, 4)
        self.table = Table([self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Record"),
                            self.tr("Details")], "adminAudit")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        self.refresh()

    def _date(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def query(self) -> AuditQuery:
        """The filters as a query; days are the agent's local days, the 'until' day included."""
        ticket = self.ticket.text().strip()
        ticket_id = parse_ticket_ref(ticket) if ticket else None  # ValidationFailed when it is none
        since = until = None
        if self.use_dates.isChecked():
            tz = zone(self.actor.timezone)
            since = datetime.combine(self.since.date().toPython(), time(), tz).astimezone(UTC)  # type: ignore[arg-type]
            until = (datetime.combine(self.until.date().toPython(), time(), tz)  # type: ignore[arg-type]
                     + timedelta(days=1)).astimezone(UTC)
        return AuditQuery(who=self.who.text().strip() or None, action=self.action.text().strip() or None,
                          ticket_id=ticket_id, machine=self.machine.text().strip() or None, since=since, until=until)

    def refresh(self) -> None:
        self.error.clear()
        try:
            query = self.query()
        except ValidationFailed as exc:
            self.error.show_message(exc.message)
            return
        actor = self.actor
        self.load(lambda uow: audit.list_entries(uow, actor, query), self._on_rows)

    def _on_rows(self, rows: list[AuditRow]) -> None:
        self.entries = rows
        tz = self.actor.timezone
        self.table.fill([(r.id, [local_time(r.created_at, tz), r.who, r.action,
                                 f"{r.entity} {r.entity_id}" if r.entity_id is not None else r.entity,
                                 r.detail_text[:300]]) for r in rows])
        self.notice.setText(self.tr("{n} entries").format(n=len(rows)))

    def _choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the audit log"), "audit-log.csv",
                                                    self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> None:
        """Write the entries the filters select (not only those on screen: up to the service's cap)."""
        try:
            query = self.query()
        except ValidationFailed as exc:
            self.error.show_message(exc.message)
            return
        actor = self.actor

        def op(uow: UnitOfWork) -> int:
            rows = audit.list_entries(uow, actor, replace(query, limit=audit.LIST_MAX))
            try:
                Path(path).write_text(audit.to_csv(rows), encoding="utf-8", newline="")
            except OSError as exc:
                raise ValidationFailed(str(exc), field="file") from None
            return len(rows)
        self.submit(op, lambda n: self.notice.setText(self.tr("Wrote {n} entries to {path}.").format(n=n, path=path)),
                    reload=False)
