"""Icons shipped in resources/icons."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon


def app_icon() -> QIcon:
    return QIcon(str(resources.files("resources") / "icons" / "helpdesk.svg"))
