"""Administration › SLA policies: the targets of each priority, optionally per category, and the
calendar they run on."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.common.fmt import duration
from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.services.admin import calendars, rules, sla
from shared.services.admin.sla import PolicyRow
from shared.services.names import shown_path
from shared.services.uow import UnitOfWork


class SlaPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[str, PolicyRow] = {}
        self.table = Table([self.tr("Priority"), self.tr("Category"), self.tr("First response"),
                            self.tr("Resolution"), self.tr("Warn at"), self.tr("Calendar")], "adminSla")
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
        self.category = QComboBox()
        self.category.setObjectName("adminSlaCategory")
        form = QFormLayout()
        form.addRow(self.tr("Priority:"), self.priority)
        form.addRow(self.tr("Category:"), self.category)
        form.addRow(self.tr("First response within:"), self.response)
        form.addRow(self.tr("Resolution within:"), self.resolution)
        form.addRow(self.tr("Warn when used:"), self.warn)
        form.addRow(self.tr("Business calendar:"), self.calendar)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        self.remove = QPushButton(self.tr("Remove category policy"))
        self.remove.setObjectName("adminSlaRemove")
        self.remove.setToolTip(self.tr("The category's tickets then follow the priority's general policy."))
        self.remove.clicked.connect(self.remove_policy)
        self.category.currentIndexChanged.connect(self._on_category)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.remove)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: (sla.list_policies(uow, actor), [c.name for c in calendars.list_calendars(uow, actor)],
                               [(c.id, c.path) for c in rules.list_categories(uow, actor) if c.active]),
                  self._on_rows)

    def _on_rows(self, result: tuple[list[PolicyRow], list[str], list[tuple[int, str]]]) -> None:
        rows, names, categories = result
        chosen = self.calendar.currentData()
        self.calendar.clear()
        self.calendar.addItem(self.tr("Around the clock (24x7)"), "")
        for name in names:
            self.calendar.addItem(name, name)
        self.calendar.setCurrentIndex(max(0, self.calendar.findData(chosen)))
        chosen_category = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories (general policy)"), 0)
        for category_id, path in sorted(categories, key=lambda c: shown_path(c[1]).lower()):
            self.category.addItem(shown_path(path), category_id)
        self.category.setCurrentIndex(max(0, self.category.findData(chosen_category)))
        self.category.blockSignals(False)
        self._on_category()
        self.rows = {r.key: r for r in rows}
        self.table.fill([(r.key, [str(r.priority), r.category or self.tr("All categories"),
                                  duration(timedelta(minutes=r.response_minutes)),
                                  duration(timedelta(minutes=r.resolution_minutes)), f"{r.warn_percent} %",
                                  r.calendar or self.tr("Around the clock (24x7)")]) for r in rows])

    def _on_category(self) -> None:
        self.remove.setEnabled(bool(self.category.currentData()))

    def _on_pick(self) -> None:
        row = self.rows.get(str(self.table.current_id()))
        if row is None:
            return
        self.priority.setCurrentIndex(self.priority.findData(str(row.priority)))
        self.category.setCurrentIndex(max(0, self.category.findData(row.category_id or 0)))
        self.response.setValue(row.response_minutes)
        self.resolution.setValue(row.resolution_minutes)
        self.warn.setValue(row.warn_percent)
        self.calendar.setCurrentIndex(max(0, self.calendar.findData(row.calendar or "")))
        self.error.clear()

    def save(self) -> None:
        actor, priority = self.actor, str(self.priority.currentData())
        response, resolution, warn = self.response.value(), self.resolution.value(), self.warn.value()
        calendar = str(self.calendar.currentData() or "")
        category = int(self.category.currentData() or 0) or None

        def op(uow: UnitOfWork) -> PolicyRow:
            return sla.set_policy(uow, actor, priority, response_minutes=response, resolution_minutes=resolution,
                                  warn_percent=warn, calendar=calendar, category=category)

        def done(row: PolicyRow) -> None:
            if row.category is None:
                self.notice.setText(self.tr("Saved the {priority} policy; new tickets follow it.")
                                    .format(priority=row.priority))
            else:
                self.notice.setText(self.tr("Saved the {priority} policy of {category}; its new tickets follow it.")
                                    .format(priority=row.priority, category=row.category))
        self.submit(op, done)

    def remove_policy(self) -> None:
        actor, priority = self.actor, str(self.priority.currentData())
        category = int(self.category.currentData() or 0)
        shown = self.category.currentText()
        if not category:
            return

        def op(uow: UnitOfWork) -> None:
            sla.remove_policy(uow, actor, priority, category=category)
        self.submit(op, lambda _result: self.notice.setText(
            self.tr("Removed the {priority} policy of {category}; its tickets follow the general policy.")
            .format(priority=priority, category=shown)))
