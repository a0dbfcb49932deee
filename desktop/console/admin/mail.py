"""Administration › Mail: the [mail] settings the desk's mail jobs use, a password field for each
server (kept in the keyring, never in the file), and "Test connection", which logs in to both
servers off the GUI thread and says for each what worked or what is wrong."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from desktop.console.admin.base import Page
from shared.auth.permissions import Actor
from shared.mail import settings_admin as mail_settings
from shared.mail.check import CheckResult
from shared.mail.settings_admin import MailSettingsView
from shared.services.uow import UnitOfWork

OK_STYLE, BAD_STYLE = "color: #2e7d32;", "color: #c62828;"


class MailPage(Page):
    sig_tested = Signal(object)  # (imap CheckResult, smtp CheckResult)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.fields: dict[str, QLineEdit | QSpinBox | QComboBox] = {}
        self.passwords: dict[str, QLineEdit] = {}
        self.results: dict[str, QLabel] = {}
        boxes = QHBoxLayout()
        for kind, title in (("imap", self.tr("Incoming mail (IMAP)")), ("smtp", self.tr("Outgoing mail (SMTP)"))):
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.addRow(self.tr("Server:"), self._line(f"{kind}_host", "mail.example.co.id"))
            port = QSpinBox()
            port.setRange(0, 65535)
            port.setSpecialValueText(self.tr("default"))
            port.setObjectName(f"mail_{kind}_port")
            self.fields[f"{kind}_port"] = port
            form.addRow(self.tr("Port:"), port)
            security = QComboBox()
            security.setObjectName(f"mail_{kind}_security")
            for value, text in (("ssl", self.tr("SSL/TLS")), ("starttls", self.tr("STARTTLS")),
                                ("none", self.tr("None (trusted network only)"))):
                security.addItem(text, value)
            self.fields[f"{kind}_security"] = security
            form.addRow(self.tr("Security:"), security)
            form.addRow(self.tr("User:"), self._line(f"{kind}_user", "helpdesk@example.co.id"))
            secret = QLineEdit()
            secret.setObjectName(f"mail_{kind}_password")
            secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.passwords[kind] = secret
            form.addRow(self.tr("Password:"), secret)
            if kind == "imap":
                form.addRow(self.tr("Folder:"), self._line("imap_folder", "INBOX"))
            result = QLabel()
            result.setObjectName(f"mail_{kind}_result")
            result.setWordWrap(True)
            self.results[kind] = result
            form.addRow(result)
            boxes.addWidget(box, 1)
        common = QFormLayout()
        common.addRow(self.tr("Sender address:"), self._line("from_address", "helpdesk@example.co.id"))
        common.addRow(self.tr("Sender name:"), self._line("from_name", "IT Helpdesk"))
        common.addRow(self.tr("Company CA file (PEM):"), self._line("tls_ca_file", self.tr("the system's CAs")))
        self.where = QLabel()
        self.where.setObjectName("mailSettingsFile")
        self.where.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("mailTest")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(boxes)
        layout.addLayout(common)
        layout.addWidget(self.where)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.refresh()

    def _line(self, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"mail_{name}")
        edit.setPlaceholderText(hint)
        self.fields[name] = edit
        return edit

    def refresh(self) -> None:
        actor = self.actor
        self.load(lambda uow: mail_settings.current(uow, actor), self._show)

    def _show(self, view: MailSettingsView) -> None:
        for name, widget in self.fields.items():
            value = view.values.get(name)
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value or 0))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            else:
                widget.setText("" if value is None else str(value))
        for kind, has in (("imap", view.imap_password), ("smtp", view.smtp_password)):
            self.passwords[kind].clear()
            self.passwords[kind].setPlaceholderText(self.tr("stored; type to change") if has
                                                    else self.tr("not set"))
        where = self.tr("Saved in {path}; passwords in the system keyring.").format(path=view.path)
        if view.from_environment:
            where += " " + self.tr("Set by environment variables (these win over the file): {names}.").format(
                names=", ".join(view.from_environment))
        self.where.setText(where)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QSpinBox):
                out[name] = widget.value() or None
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            else:
                out[name] = widget.text()
        return out

    def test_connection(self) -> None:
        """Both logins run on a worker thread: a server that does not answer holds up nobody."""
        actor, values = self.actor, self.values()
        imap_pw, smtp_pw = self.passwords["imap"].text(), self.passwords["smtp"].text()
        for label in self.results.values():
            label.setStyleSheet("")
            label.setText(self.tr("Testing…"))
        self.test_button.setEnabled(False)
        self.error.clear()

        def op(uow: UnitOfWork) -> tuple[CheckResult, CheckResult]:
            return mail_settings.test_connection(uow, actor, values, imap_password=imap_pw or None,
                                                 smtp_password=smtp_pw or None)

        def failed(exc: BaseException) -> bool:
            self.test_button.setEnabled(True)
            for label in self.results.values():
                label.clear()
            return self._on_failure(exc)

        self.ops.run(op, self._on_tested, failure=failed, parent=self)

    def _on_tested(self, results: tuple[CheckResult, CheckResult]) -> None:
        self.test_button.setEnabled(True)
        for kind, result in zip(("imap", "smtp"), results, strict=True):
            label = self.results[kind]
            label.setText(("✔ " if result.ok else "✘ ") + result.message)
            label.setStyleSheet(OK_STYLE if result.ok else BAD_STYLE)
        self.sig_tested.emit(results)

    def save(self) -> None:
        actor, values = self.actor, self.values()
        imap_pw, smtp_pw = self.passwords["imap"].text(), self.passwords["smtp"].text()
        self.submit(lambda uow: mail_settings.save(uow, actor, values, imap_password=imap_pw or None,
                                                   smtp_password=smtp_pw or None),
                    lambda _view: self.notice.setText(self.tr(
                        "Saved. The scheduler's mail jobs use them from their next run; restart "
                        "`helpdesk mail watch` if you run it.")))
