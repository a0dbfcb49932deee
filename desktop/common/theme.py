"""Light and dark themes (Fusion palette + a QSS file from resources/styles), and the language.

Both are applied to the whole QApplication; the settings dialog persists the choice with
`shared.config.save_setting` (language) and QSettings (theme: it is a per-desktop preference).
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from shared.i18n import set_language

THEMES = ("light", "dark")
LANGUAGES = (("en", "English"), ("id", "Bahasa Indonesia"))


def qsettings() -> QSettings:
    return QSettings("helpdesk", "desktop")


def saved_theme() -> str:
    value = qsettings().value("theme", "light")
    return str(value) if value in THEMES else "light"


def keep_in_tray() -> bool:
    """Closing the console hides it to the system tray instead of quitting (off by default)."""
    return str(qsettings().value("console/keep_in_tray", "false")).lower() == "true"


def _qss(name: str) -> str:
    return (resources.files("resources") / "styles" / f"{name}.qss").read_text(encoding="utf-8")


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#1f2327"), QColor("#1b1e22"), QColor("#e3e7eb")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#2a2e33"))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor("#2c3136"))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.Highlight, QColor("#2d4f7c"))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor("#2c3136"))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.Link, QColor("#90caf9"))
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#8a949e"))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(disabled, role, QColor("#6b747d"))
    p.setColor(disabled, QPalette.ColorRole.Button, QColor("#25292d"))
    p.setColor(disabled, QPalette.ColorRole.Base, QColor("#202327"))
    p.setColor(disabled, QPalette.ColorRole.Window, window)
    return p


def apply_theme(app: QApplication, name: str) -> str:
    """Apply "light" or "dark" (anything else: light). Returns the theme in effect."""
    name = name if name in THEMES else "light"
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    app.setPalette(_dark_palette() if name == "dark" else app.style().standardPalette())
    app.setStyleSheet(_qss(name))
    app.setProperty("helpdesk_theme", name)
    return name


def current_theme(app: QApplication) -> str:
    value = app.property("helpdesk_theme")
    return str(value) if value in THEMES else "light"


_translators: list[QTranslator] = []
# Our strings, and Qt's own (standard buttons, text field menus): Qt ships no Indonesian for those.
_CATALOGUES = ("helpdesk", "qt")


def apply_language(app: QCoreApplication, code: str | None) -> str:
    """Switch both halves: Qt strings (QTranslator, .qm) and core strings (gettext).

    Returns the language in effect. Widgets built afterwards come up in the new language.
    """
    effective = set_language(code)
    while _translators:
        app.removeTranslator(_translators.pop())
    if effective != "en":
        folder = str(resources.files("resources") / "translations")
        for catalogue in _CATALOGUES:
            translator = QTranslator(app)
            if translator.load(f"{catalogue}_{effective}", folder):
                app.installTranslator(translator)
                _translators.append(translator)
    QLocale.setDefault(QLocale(effective))
    return effective
