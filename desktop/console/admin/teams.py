"""Administration › Teams: name, tier, description and members."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor
from shared.services.admin import teams
from shared.services.admin.teams import TeamRow
from shared.services.uow import UnitOfWork


class TeamsPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.rows: dict[int, TeamRow] = {}
        self.current: TeamRow | None = None
        self.table = Table([self.tr("Team"), self.tr("Tier"), self.tr("Members")], "adminTeams")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.name = QLineEdit()
        self.name.setObjectName("adminTeamName")
        self.tier = QSpinBox()
        self.tier.setObjectName("adminTeamTier")
        self.tier.setRange(1, 4)
        self.tier.setPrefix("L")
        self.description = QLineEdit()
        self.description.setObjectName("adminTeamDescription")
        self.members = QLineEdit()
        self.members.setObjectName("adminTeamMembers")
        self.members.setPlaceholderText(self.tr("user names, comma-separated"))
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Tier:"), self.tier)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow(self.tr("Members:"), self.members)
        new = QPushButton(self.tr("New"))
        new.setObjectName("adminTeamNew")
        new.clicked.connect(self.new_team)
        save = QPushButton(self.tr("Save"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: teams.list_teams(uow, actor), self._on_rows)

    def _on_rows(self, rows: list[TeamRow]) -> None:
        self.rows = {r.id: r for r in rows}
        self.table.fill([(r.id, [r.name, f"L{r.tier}", ", ".join(r.members)]) for r in rows])

    def _on_pick(self) -> None:
        row = self.rows.get(self.table.current_id())
        if row is None:
            return
        self.current = row
        self.name.setText(row.name)
        self.tier.setValue(row.tier)
        self.description.setText(row.description)
        self.members.setText(", ".join(row.members))
        self.error.clear()

    def new_team(self) -> None:
        self.current = None
        self.table.clearSelection()
        for w in (self.name, self.description, self.members):
            w.clear()
        self.tier.setValue(1)

    def save(self) -> None:
        actor, current = self.actor, self.current
        name, tier, description = self.name.text(), self.tier.value(), self.description.text()
        wanted = [m.strip() for m in self.members.text().split(",") if m.strip()]

        def op(uow: UnitOfWork) -> TeamRow:
            with uow:  # one transaction: the team and its members, or nothing
                if current is None:
                    row = teams.create(uow, actor, name, tier=tier, description=description)
                else:
                    row = teams.edit(uow, actor, current.id, name=name, tier=tier, description=description)
                have = set(row.members)
                row = teams.set_members(uow, actor, row.id, add=[m for m in wanted if m not in have],
                                        remove=[m for m in have if m not in wanted])
                uow.commit()
                return row
        self.submit(op, self._on_saved)

    def _on_saved(self, row: TeamRow) -> None:
        self.current = row
        self.notice.setText(self.tr("Saved team {name}.").format(name=row.name))
