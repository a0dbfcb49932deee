"""Administration › Canned responses: every team's canned texts, edited and deleted here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.services import users as accounts
from shared.services.admin import canned
from shared.services.admin.canned import CannedRow
from shared.services.uow import UnitOfWork


class CannedPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[int, CannedRow] = {}
        self.current: CannedRow | None = None
        self.table = Table([self.tr("Title"), self.tr("For"), self.tr("Text")], "adminCanned")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.title = QLineEdit()
        self.title.setObjectName("adminCannedTitle")
        self.team = QComboBox()
        self.team.setObjectName("adminCannedTeam")
        self.body = QPlainTextEdit()
        self.body.setObjectName("adminCannedBody")
        self.body.setPlaceholderText(self.tr("Placeholders: {requester_name}, {ticket_number}, {agent_name}"))
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("For:"), self.team)
        form.addRow(self.tr("Text:"), self.body)
        new = QPushButton(self.tr("New"))
        new.setObjectName("adminCannedNew")
        new.clicked.connect(self.new_canned)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("adminCannedDelete")
        self.delete_button.clicked.connect(self.delete)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.new_canned()
        self.refresh()

    def refresh(self) -> None:
        actor = self.actor
        # Team names come from the plain list (no config:manage needed: supervisors keep canned texts).
        self.load(lambda uow: (canned.list_all(uow, actor), [n for _i, n, _t in accounts.list_teams(uow)]),
                  self._on_rows)

    def _on_rows(self, result: tuple[list[CannedRow], list[str]]) -> None:
        rows, team_names = result
        chosen = self.team.currentData()
        self.team.clear()
        self.team.addItem(self.tr("Everyone"), "")
        for name in team_names:
            self.team.addItem(name, name)
        self.team.setCurrentIndex(max(0, self.team.findData(chosen)))
        self.rows = {r.id: r for r in rows}
        self.table.fill([(r.id, [r.title, r.team or self.tr("Everyone"), r.body.replace("\n", " ")[:80]])
                         for r in rows])

    def _on_pick(self) -> None:
        row = self.rows.get(self.table.current_id())
        if row is None:
            return
        self.current = row
        self.title.setText(row.title)
        self.body.setPlainText(row.body)
        self.team.setCurrentIndex(max(0, self.team.findData(row.team or "")))
        self.delete_button.setEnabled(True)
        self.error.clear()

    def new_canned(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.title.clear()
        self.body.clear()
        self.team.setCurrentIndex(0)
        self.delete_button.setEnabled(False)

    def save(self) -> None:
        actor, current = self.actor, self.current
        title, body, team = self.title.text(), self.body.toPlainText(), str(self.team.currentData() or "")

        def op(uow: UnitOfWork) -> CannedRow:
            if current is None:
                return canned.add(uow, actor, title=title, body=body, team=team or None)
            return canned.edit(uow, actor, current.id, title=title, body=body, team=team)
        self.submit(op, self._saved)

    def _saved(self, row: CannedRow) -> None:
        self.current = row
        self.delete_button.setEnabled(True)
        self.notice.setText(self.tr("Saved “{title}”.").format(title=row.title))

    def delete(self) -> None:
        actor, current = self.actor, self.current
        if current is None:
            return
        self.submit(lambda uow: canned.delete(uow, actor, current.id), lambda _none: self.new_canned())
