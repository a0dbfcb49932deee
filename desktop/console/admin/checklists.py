"""Administration › Checklists: the SOP checklist of each category (and, optionally, ticket type):
its steps in order, each required or optional. A ticket gets the checklist when it gets the
category; its required steps must be ticked before it can be resolved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.models.enums import TicketType, label
from shared.services import catalog, checklists
from shared.services.catalog import CategoryView
from shared.services.checklists import StepSpec, TemplateView
from shared.services.names import shown_path
from shared.services.uow import UnitOfWork


class ChecklistsPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[int, TemplateView] = {}
        self.current: TemplateView | None = None
        self.table = Table([self.tr("Checklist"), self.tr("Category"), self.tr("Ticket type"), self.tr("Steps")],
                           "adminChecklists")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.name = QLineEdit()
        self.name.setObjectName("adminChecklistName")
        self.category = QComboBox()
        self.category.setObjectName("adminChecklistCategory")
        self.ticket_type = QComboBox()
        self.ticket_type.setObjectName("adminChecklistType")
        self.ticket_type.addItem(self.tr("Every type"), "")
        for t in TicketType:
            self.ticket_type.addItem(label(t), t.value)
        self.steps = QTableWidget(0, 2)
        self.steps.setObjectName("adminChecklistSteps")
        self.steps.setHorizontalHeaderLabels([self.tr("Step"), self.tr("Required")])
        self.steps.verticalHeader().hide()
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.steps.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        step_buttons = QHBoxLayout()
        for name, text, slot in (("add", self.tr("Add step"), lambda: self.add_step("", True)),
                                 ("remove", self.tr("Remove step"), self.remove_step),
                                 ("up", self.tr("Move up"), lambda: self.move_step(-1)),
                                 ("down", self.tr("Move down"), lambda: self.move_step(1))):
            button = QPushButton(text)
            button.setObjectName(f"adminChecklistStep_{name}")
            button.clicked.connect(slot)
            step_buttons.addWidget(button)
        step_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Category:"), self.category)
        form.addRow(self.tr("Ticket type:"), self.ticket_type)
        form.addRow(self.tr("Steps:"), self.steps)
        form.addRow("", step_buttons)
        new = QPushButton(self.tr("New"))
        new.setObjectName("adminChecklistNew")
        new.clicked.connect(self.new_template)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("adminChecklistDelete")
        self.delete_button.clicked.connect(self.delete)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        self.save_button = save
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form, 2)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.new_template()
        self.refresh()

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: (checklists.list_templates(uow, actor), catalog.list_categories(uow, active_only=True)),
                  self._on_rows)

    def _on_rows(self, result: tuple[list[TemplateView], list[CategoryView]]) -> None:
        rows, categories = result
        chosen = self.category.currentData()
        self.category.clear()
        for c in sorted(categories, key=lambda c: shown_path(c.path)):
            self.category.addItem(shown_path(c.path), c.id)
        self.category.setCurrentIndex(max(0, self.category.findData(chosen)))
        self.rows = {r.id: r for r in rows}
        self.table.fill([(r.id, [r.name, shown_path(r.category), label(TicketType(r.ticket_type)) if r.ticket_type
                                 else self.tr("Every type"), str(len(r.steps))]) for r in rows])

    # --- the steps table ---------------------------------------------------------------------

    def add_step(self, text: str, required: bool) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        text_item = QTableWidgetItem(text)
        self.steps.setItem(row, 0, text_item)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if required else Qt.CheckState.Unchecked)
        self.steps.setItem(row, 1, check)
        if not text:
            self.steps.setCurrentCell(row, 0)
            self.steps.editItem(text_item)

    def remove_step(self) -> None:
        row = self.steps.currentRow()
        if row >= 0:
            self.steps.removeRow(row)

    def move_step(self, delta: int) -> None:
        row, specs = self.steps.currentRow(), self.step_specs(keep_empty=True)
        target = row + delta
        if row < 0 or not 0 <= target < len(specs):
            return
        specs[row], specs[target] = specs[target], specs[row]
        self._fill_steps(specs)
        self.steps.setCurrentCell(target, 0)

    def step_specs(self, *, keep_empty: bool = False) -> list[StepSpec]:
        specs = []
        for row in range(self.steps.rowCount()):
            text_item, check = self.steps.item(row, 0), self.steps.item(row, 1)
            text = text_item.text().strip() if text_item else ""
            if text or keep_empty:
                specs.append(StepSpec(text, check is not None and check.checkState() == Qt.CheckState.Checked))
        return specs

    def _fill_steps(self, specs: list[StepSpec]) -> None:
        self.steps.setRowCount(0)
        for spec in specs:
            self.add_step(spec.text, spec.required)

    # --- records -----------------------------------------------------------------------------

    def _on_pick(self) -> None:
        row = self.rows.get(self.table.current_id())
        if row is None:
            return
        self.current = row
        self.name.setText(row.name)
        self.category.setCurrentIndex(max(0, self.category.findData(row.category_id)))
        self.ticket_type.setCurrentIndex(max(0, self.ticket_type.findData(row.ticket_type)))
        self._fill_steps(list(row.steps))
        self.delete_button.setEnabled(True)
        self.error.clear()

    def new_template(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.name.clear()
        self.ticket_type.setCurrentIndex(0)
        self._fill_steps([])
        self.delete_button.setEnabled(False)

    def save(self) -> None:
        actor, current = self.actor, self.current
        name, category_id = self.name.text(), self.category.currentData()
        ticket_type, steps = str(self.ticket_type.currentData() or ""), self.step_specs()

        def op(uow: UnitOfWork) -> TemplateView:
            return checklists.save_template(uow, actor, name=name, category_id=int(category_id or 0), steps=steps,
                                            ticket_type=ticket_type, template_id=current.id if current else None)
        self.submit(op, self._saved)

    def _saved(self, row: TemplateView) -> None:
        self.current = row
        self.delete_button.setEnabled(True)
        self.notice.setText(self.tr("Saved “{name}”.").format(name=row.name))

    def delete(self) -> None:
        actor, current = self.actor, self.current
        if current is None:
            return
        self.submit(lambda uow: checklists.delete_template(uow, actor, current.id), lambda _none: self.new_template())
