"""Administration › Categories & rules: the category tree, the keyword rules in the order they
are tried (add, edit, disable, move up and down), and "test this text"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.models.enums import Level, label
from shared.services.admin import rules, teams
from shared.services.admin.rules import CategoryRow, RuleRow, RuleTest
from shared.services.uow import UnitOfWork


class RulesPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rules: dict[int, RuleRow] = {}
        self.current: RuleRow | None = None

        # categories: list and a one-line form (new category under a parent, its team)
        self.category_rows: dict[int, CategoryRow] = {}
        self.categories = Table([self.tr("Category"), self.tr("Team"), self.tr("Rules"), self.tr("State")],
                                "adminCategories")
        self.categories.itemSelectionChanged.connect(self._on_pick_category)
        self.category_name = QLineEdit()
        self.category_name.setObjectName("adminCategoryName")
        self.category_name.setPlaceholderText(self.tr("New category name"))
        self.category_parent = QComboBox()
        self.category_parent.setObjectName("adminCategoryParent")
        self.category_team = QComboBox()
        self.category_team.setObjectName("adminCategoryTeam")
        for box in (self.category_parent, self.category_team):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        add_category = QPushButton(self.tr("Add category"))
        add_category.setObjectName("adminCategoryAdd")
        add_category.clicked.connect(self.add_category)
        cat_row = QHBoxLayout()
        cat_row.addWidget(self.category_name, 1)
        cat_row.addWidget(QLabel(self.tr("under")))
        cat_row.addWidget(self.category_parent)
        cat_row.addWidget(QLabel(self.tr("team")))
        cat_row.addWidget(self.category_team)
        cat_row.addWidget(add_category)
        self.category_toggle = QPushButton(self.tr("Disable category"))
        self.category_toggle.setObjectName("adminCategoryToggle")
        self.category_toggle.setEnabled(False)
        self.category_toggle.clicked.connect(self.toggle_category)
        cat_row.addWidget(self.category_toggle)

        # rules
        self.table = Table([self.tr("#"), self.tr("Keywords"), self.tr("Category"), self.tr("Team"),
                            self.tr("Impact"), self.tr("Urgency"), self.tr("State")], "adminRules")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.keywords = QLineEdit()
        self.keywords.setObjectName("adminRuleKeywords")
        self.keywords.setPlaceholderText(self.tr("comma-separated words or phrases, e.g. vpn, remote access"))
        self.category = QComboBox()
        self.category.setObjectName("adminRuleCategory")
        self.team = QComboBox()
        self.team.setObjectName("adminRuleTeam")
        self.impact = self._levels("adminRuleImpact")
        self.urgency = self._levels("adminRuleUrgency")
        self.active = QCheckBox(self.tr("Active (tried on new tickets)"))
        self.active.setObjectName("adminRuleActive")
        self.active.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Keywords:"), self.keywords)
        form.addRow(self.tr("Category:"), self.category)
        form.addRow(self.tr("Team:"), self.team)
        form.addRow(self.tr("Impact:"), self.impact)
        form.addRow(self.tr("Urgency:"), self.urgency)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        for text, name, slot in ((self.tr("New rule"), "adminRuleNew", self.new_rule),
                                 (self.tr("Move up"), "adminRuleUp", lambda: self.move_rule(-1)),
                                 (self.tr("Move down"), "adminRuleDown", lambda: self.move_rule(1))):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        save = QPushButton(self.tr("Save rule"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        buttons.addWidget(save)

        # test this text
        self.test_text = QLineEdit()
        self.test_text.setObjectName("adminRuleTestText")
        self.test_text.setPlaceholderText(self.tr("Type a ticket subject to see which rule classifies it…"))
        self.test_text.returnPressed.connect(self.test)
        test = QPushButton(self.tr("Test this text"))
        test.setObjectName("adminRuleTest")
        test.clicked.connect(self.test)
        self.test_result = QLabel()
        self.test_result.setObjectName("adminRuleTestResult")
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_text, 1)
        test_row.addWidget(test)

        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.categories, 1)
        tv.addLayout(cat_row)
        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.table, 1)
        bv.addLayout(form)
        bv.addWidget(self.error)
        bv.addWidget(self.notice)
        bv.addLayout(buttons)
        bv.addLayout(test_row)
        bv.addWidget(self.test_result)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([220, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.refresh()

    def _levels(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.addItem(self.tr("(none)"), "")
        for level in Level:
            box.addItem(label(level), level.value)
        return box

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: (rules.list_categories(uow, actor), rules.list_rules(uow, actor),
                               [t.name for t in teams.list_teams(uow, actor)]), self._on_rows)

    def _on_rows(self, result: tuple[list[CategoryRow], list[RuleRow], list[str]]) -> None:
        categories, rule_rows, team_names = result
        self.category_rows = {c.id: c for c in categories}
        self.categories.fill([(c.id, [c.path, c.team or "—", str(c.rules),
                                      self.tr("active") if c.active else self.tr("disabled")]) for c in categories])
        self._on_pick_category()
        for box, first in ((self.category_parent, self.tr("(top level)")), (self.category, None)):
            chosen = box.currentData()
            box.clear()
            if first is not None:
                box.addItem(first, None)
            for c in categories:
                if first is None or c.parent_id is None:
                    box.addItem(c.path, c.id)
            box.setCurrentIndex(max(0, box.findData(chosen)))
        for box in (self.category_team, self.team):
            chosen = box.currentData()
            box.clear()
            box.addItem(self.tr("(none)"), "")
            for name in team_names:
                box.addItem(name, name)
            box.setCurrentIndex(max(0, box.findData(chosen)))
        self.rules = {r.id: r for r in rule_rows}
        self.table.fill([(r.id, [str(n), r.keywords, r.category, r.team or "—",
                                 label(r.impact) if r.impact else "—", label(r.urgency) if r.urgency else "—",
                                 self.tr("active") if r.active else self.tr("disabled")])
                         for n, r in enumerate(rule_rows, start=1)])

    def _on_pick_category(self) -> None:
        row = self.category_rows.get(self.categories.current_id())
        self.category_toggle.setEnabled(row is not None)
        if row is not None:
            self.category_toggle.setText(self.tr("Disable category") if row.active else self.tr("Enable category"))

    def toggle_category(self) -> None:
        row, actor = self.category_rows.get(self.categories.current_id()), self.actor
        if row is not None:
            self.submit(lambda uow: rules.edit_category(uow, actor, row.id, active=not row.active))

    def _on_pick(self) -> None:
        row = self.rules.get(self.table.current_id())
        if row is None:
            return
        self.current = row
        self.keywords.setText(row.keywords)
        self.category.setCurrentIndex(max(0, self.category.findData(row.category_id)))
        self.team.setCurrentIndex(max(0, self.team.findData(row.team or "")))
        self.impact.setCurrentIndex(max(0, self.impact.findData(row.impact.value if row.impact else "")))
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(row.urgency.value if row.urgency else "")))
        self.active.setChecked(row.active)
        self.error.clear()

    # --- actions ----------------------------------------------------------------------------------

    def add_category(self) -> None:
        actor, name = self.actor, self.category_name.text()
        parent, team = self.category_parent.currentData(), str(self.category_team.currentData() or "")

        def op(uow: UnitOfWork) -> int:
            return rules.add_category(uow, actor, name, parent=parent, team=team or None)
        self.submit(op, lambda _id: self.category_name.clear())

    def new_rule(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.keywords.clear()
        for box in (self.team, self.impact, self.urgency):
            box.setCurrentIndex(0)
        self.active.setChecked(True)

    def save(self) -> None:
        actor, current = self.actor, self.current
        keywords, category = self.keywords.text(), self.category.currentData()
        team, impact = str(self.team.currentData() or ""), str(self.impact.currentData() or "")
        urgency, active = str(self.urgency.currentData() or ""), self.active.isChecked()
        if category is None:
            return

        def op(uow: UnitOfWork) -> RuleRow:
            if current is None:
                with uow:
                    row = rules.add_rule(uow, actor, keywords=keywords, category=int(category), team=team or None,
                                         impact=impact or None, urgency=urgency or None)
                    if not active:
                        row = rules.edit_rule(uow, actor, row.id, active=False)
                    uow.commit()
                    return row
            return rules.edit_rule(uow, actor, current.id, keywords=keywords, category=int(category), team=team,
                                   impact=impact, urgency=urgency, active=active)
        self.submit(op, self._on_saved)

    def _on_saved(self, row: RuleRow) -> None:
        self.current = row
        self.notice.setText(self.tr("Saved rule #{id}.").format(id=row.id))
        self.table.select_id(row.id)

    def move_rule(self, step: int) -> None:
        current, actor = self.current, self.actor
        if current is None:
            return
        index = list(self.rules).index(current.id) + step
        if index < 0:
            return
        self.submit(lambda uow: rules.move_rule(uow, actor, current.id, index))

    def test(self) -> None:
        actor, text = self.actor, self.test_text.text()
        self.submit(lambda uow: rules.preview(uow, actor, text), self._on_test, reload=False)

    def _on_test(self, result: RuleTest) -> None:
        self.test_result.setText(result.explain())
        if result.winner is not None:
            self.table.select_id(result.winner.rule.id)
