"""A requester added while they are on the line: a name at least, and how to reach them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget


@dataclass(frozen=True)
class RequesterFields:
    full_name: str
    email: str | None
    phone: str | None
    department: str | None
    location: str | None


class NewRequesterForm(QDialog):
    def __init__(self, parent: QWidget | None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New requester"))
        self.setMinimumWidth(420)
        self.full_name = QLineEdit(name)
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.department = QLineEdit()
        self.location = QLineEdit()
        self.email.setPlaceholderText("nama@perusahaan.co.id")
        self.phone.setPlaceholderText("+62 812 3456 7890")
        form = QFormLayout()
        form.addRow(self.tr("Full name:"), self.full_name)
        form.addRow(self.tr("E-mail:"), self.email)
        form.addRow(self.tr("Phone:"), self.phone)
        form.addRow(self.tr("Department:"), self.department)
        form.addRow(self.tr("Location:"), self.location)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(name))
        self.full_name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))

    def values(self) -> RequesterFields:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return RequesterFields(self.full_name.text(), text(self.email), text(self.phone), text(self.department),
                               text(self.location))
