"""Settings: language (persisted in the helpdesk config file, shared with the CLI and mail), theme
and, in the console, whether closing it keeps it in the system tray (per-desktop choices, kept in
QSettings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSystemTrayIcon,
    QWidget,
)

from desktop.common.errors import show_error
from desktop.common.theme import LANGUAGES, apply_language, apply_theme, current_theme, keep_in_tray, qsettings
from shared.config import save_setting
from shared.i18n import current_language


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, console: bool = False, tray: bool | None = None) -> None:
        """`console`: offer the console's own settings; `tray`: whether the desktop has a system tray
        (asked of Qt when None)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        app = QApplication.instance()
        self.theme.setCurrentIndex(max(0, self.theme.findData(current_theme(app))))  # type: ignore[arg-type]
        self.keep_in_tray = QCheckBox(self.tr("Closing the console keeps it running in the system tray"))
        self.keep_in_tray.setObjectName("keepInTray")
        self.keep_in_tray.setChecked(keep_in_tray())
        has_tray = QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray
        if not has_tray:
            self.keep_in_tray.setEnabled(False)
            self.keep_in_tray.setToolTip(self.tr("This desktop has no system tray: closing the console quits it."))
        self.console = console
        self.keep_in_tray.setVisible(console)
        note = QLabel(self.tr("Windows opened from now on use the new language; restart to change all of them."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Theme:"), self.theme)
        if console:
            form.addRow(self.keep_in_tray)
        form.addRow(note)
        form.addRow(buttons)

    def _on_ok(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        code, theme = str(self.language.currentData()), str(self.theme.currentData())
        try:
            save_setting("language", code)
        except (OSError, ValueError) as exc:
            show_error(self, exc)
            return
        apply_language(app, code)
        qsettings().setValue("theme", theme)
        if self.console:
            qsettings().setValue("console/keep_in_tray", "true" if self.keep_in_tray.isChecked() else "false")
        apply_theme(app, theme)
        self.accept()
