"""The known-problem banner (confirmed major incidents), shown on the console's dashboard and in
the tray before a user reports: "Known problem: VPN down, we are on it"."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from shared.services.incidents import Banner


class KnownProblemBanner(QFrame):
    """Hidden while there is no known problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knownProblemBanner")
        # Fixed colours on purpose: a warning reads the same in the light and the dark theme.
        self.setStyleSheet("#knownProblemBanner { background:#fdecea; border:1px solid #c62828; border-radius:4px; }"
                           " QLabel { color:#5f1111; }")
        self.text = QLabel()
        self.text.setObjectName("knownProblemText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text)
        self.banners: list[Banner] = []
        self.hide()

    def show_banners(self, banners: Sequence[Banner]) -> None:
        self.banners = list(banners)
        lines = []
        heading = escape(self.tr("Known problem:"))
        for b in self.banners:
            ref = f" ({escape(b.parent_number)})" if b.parent_number else ""
            lines.append(f"<b>{heading}</b> {escape(b.text)}{ref}")
        self.text.setText("<br>".join(lines))
        self.setVisible(bool(lines))
