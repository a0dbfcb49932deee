"""Administration › Users › Hand over open tickets…: where a leaving agent's open tickets go — each
to the agent its team would get (as a new ticket would), or all to one colleague."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from shared.models.enums import label
from shared.services.dto import UserView


class HandOverDialog(QDialog):
    def __init__(self, name: str, open_tickets: int, colleagues: Sequence[UserView],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handOverDialog")
        self.setWindowTitle(self.tr("Hand over open tickets"))
        caption = QLabel(self.tr("{name} has {n} open tickets. Give them to:").format(name=name, n=open_tickets))
        caption.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("handOverTarget")
        self.target.addItem(self.tr("Their teams: each ticket to the least-loaded agent on duty at its tier"), None)
        for person in colleagues:
            self.target.addItem(f"{person.full_name} ({label(person.role)})", person.username)
        hint = QLabel(self.tr("Each ticket shows the change and why on its timeline, and its new assignee is "
                              "told. A ticket nobody on its team can take goes back to the team's queue."))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.target)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def chosen(self) -> str | None:
        """The colleague's user name, or None for "their teams"."""
        value = self.target.currentData()
        return str(value) if value else None
