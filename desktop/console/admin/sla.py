"""Administration › SLA policies: the targets of each priority and the calendar they run on."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.common.fmt import duration
from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.services.admin import calendars, sla
from shared.services.admin.sla import PolicyRow
from shared.services.uow import UnitOfWork


class SlaPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[str, PolicyRow] = {}
        self.table = Table([self.tr("Priority"), self.tr("First response"), self.tr("Resolution"),
                            self.tr("Warn at"), self.tr("Calendar")], "adminSla")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.priority = QComboBox()
        self.priority.setObjectName("adminSlaPriority")
        for p in ("P1", "P2", "P3", "P4"):
            self.priority.addItem(p, p)
        self.response = QSpinBox()
        self.response.setObjectName("adminSlaResponse")
        self.resolution = QSpinBox()
        self.resolution.setObjectName("adminSlaResolution")
        for spin in (self.response, self.resolution):
            spin.setRange(1, 100_000)
            spin.setSuffix(self.tr(" min (business time)"))
        self.warn = QSpinBox()
        self.warn.setObjectName("adminSlaWarn")
        self.warn.setRange(1, 99)
        self.warn.setSuffix(" %")
        self.calendar = QComboBox()
        self.calendar.setObjectName("adminSlaCalendar")
        form = QFormLayout()
        form.addRow(self.tr("Priority:"), self.priority)
        form.addRow(self.tr("First response within:"), self.response)
        form.addRow(self.tr("Resolution within:"), self.resolution)
        form.addRow(self.tr("Warn when used:"), self.warn)
        form.addRow(self.tr("Business calendar:"), self.calendar)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: (sla.list_policies(uow, actor), [c.name for c in calendars.list_calendars(uow, actor)]),
                  self._on_rows)

    def _on_rows(self, result: tuple[list[PolicyRow], list[str]]) -> None:
        rows, names = result
        chosen = self.calendar.currentData()
        self.calendar.clear()
        self.calendar.addItem(self.tr("Around the clock (24x7)"), "")
        for name in names:
            self.calendar.addItem(name, name)
        self.calendar.setCurrentIndex(max(0, self.calendar.findData(chosen)))
        self.rows = {str(r.priority): r for r in rows}
        self.table.fill([(str(r.priority), [str(r.priority), duration(timedelta(minutes=r.response_minutes)),
                                            duration(timedelta(minutes=r.resolution_minutes)), f"{r.warn_percent} %",
                                            r.calendar or self.tr("Around the clock (24x7)")]) for r in rows])

    def _on_pick(self) -> None:
        row = self.rows.get(str(self.table.current_id()))
        if row is None:
            return
        self.priority.setCurrentIndex(self.priority.findData(str(row.priority)))
        self.response.setValue(row.response_minutes)
        self.resolution.setValue(row.resolution_minutes)
        self.warn.setValue(row.warn_percent)
        self.calendar.setCurrentIndex(max(0, self.calendar.findData(row.calendar or "")))
        self.error.clear()

    def save(self) -> None:
        actor, priority = self.actor, str(self.priority.currentData())
        response, resolution, warn = self.response.value(), self.resolution.value(), self.warn.value()
        calendar = str(self.calendar.currentData() or "")

        def op(uow: UnitOfWork) -> PolicyRow:
            return sla.set_policy(uow, actor, priority, response_minutes=response, resolution_minutes=resolution,
                                  warn_percent=warn, calendar=calendar)
        self.submit(op, lambda row: self.notice.setText(
            self.tr("Saved the {priority} policy; new tickets follow it.").format(priority=row.priority)))
