"""Set up an authenticator app: the QR code, the secret (shown this once), the recovery codes, and
the first code from the app to confirm. The dialog holds no logic: the caller checks the code."""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.services.twofactor import Enrolment


def qr_pixmap(uri: str, scale: int = 5) -> QPixmap:
    """The otpauth:// URI as a QR code (segno: pure Python, no image library needed)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(out.getvalue(), "PNG")
    return pixmap


def grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


class EnrolmentDialog(QDialog):
    def __init__(self, enrolment: Enrolment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up two-factor sign-in"))
        self.setObjectName("enrolmentDialog")
        intro = QLabel(self.tr("Scan this code with an authenticator app (such as Google Authenticator, "
                               "Microsoft Authenticator or FreeOTP), then type the 6-digit code it shows."))
        intro.setWordWrap(True)
        self.qr = QLabel()
        self.qr.setObjectName("qrCode")
        self.qr.setPixmap(qr_pixmap(enrolment.uri))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.secret = QLineEdit(grouped(enrolment.secret))
        self.secret.setObjectName("totpSecret")
        self.secret.setReadOnly(True)
        self.secret.setFont(mono)
        self.codes = QPlainTextEdit("\n".join(enrolment.recovery_codes))
        self.codes.setObjectName("recoveryCodes")
        self.codes.setReadOnly(True)
        self.codes.setFont(mono)
        self.codes.setFixedHeight(self.codes.fontMetrics().lineSpacing() * 6 + 12)
        copy = QPushButton(self.tr("Copy recovery codes"))
        copy.clicked.connect(self._on_copy)
        warning = QLabel(self.tr("Keep the recovery codes somewhere safe: each signs you in once if you lose "
                                 "your phone. The secret and the codes are shown only now."))
        warning.setWordWrap(True)
        warning.setStyleSheet("color:#b26a00;")
        self.code = QLineEdit()
        self.code.setObjectName("enrolmentCode")
        self.code.setMaxLength(6)
        self.code.setPlaceholderText("123456")
        form = QFormLayout()
        form.addRow(self.tr("Secret (to type in instead):"), self.secret)
        form.addRow(self.tr("Recovery codes:"), self.codes)
        form.addRow("", copy)
        form.addRow(self.tr("Code from the app:"), self.code)
        self.message = QLabel()
        self.message.setStyleSheet("color:#c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Confirm"))
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.qr)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def code_text(self) -> str:
        return "".join(self.code.text().split())

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.codes.toPlainText())

    def _on_accept(self) -> None:
        if len(self.code_text()) != 6 or not self.code_text().isdigit():
            self.message.setText(self.tr("Type the 6-digit code your app shows."))
            return
        self.accept()
