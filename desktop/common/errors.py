"""The one place the desktop apps turn an exception into something a person can read.

Core errors already carry a translated message; this adds a title and an icon per kind. Anything
else is a bug: it is logged with its traceback and shown as "unexpected error".
The box is opened non-modally (`open()`), so background ops and tests never block on it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from shared.errors import (
    AuthenticationFailed,
    Conflict,
    HelpdeskError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StorageUnavailable,
    Unreachable,
    ValidationFailed,
)

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def error_title(exc: BaseException) -> str:
    titles: list[tuple[type[HelpdeskError], str]] = [
        (NotFound, _tr("Not found")),
        (PermissionDenied, _tr("Not allowed")),
        (InvalidTransition, _tr("Not possible now")),
        (ValidationFailed, _tr("Please check your input")),
        (Conflict, _tr("Changed by someone else")),
        (AuthenticationFailed, _tr("Sign-in failed")),
        (StorageUnavailable, _tr("Database unavailable")),
        (Unreachable, _tr("Cannot connect")),
    ]
    for cls, title in titles:
        if isinstance(exc, cls):
            return title
    if isinstance(exc, HelpdeskError):
        return _tr("Helpdesk")
    return _tr("Unexpected error")


def error_text(exc: BaseException) -> str:
    if isinstance(exc, HelpdeskError):
        return exc.message
    return _tr("Something went wrong that should not have: {error}. "
               "The details are in the log.").format(error=type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show `exc` to the user and return the (already open) message box."""
    if not isinstance(exc, HelpdeskError):
        log.error("unexpected error in the desktop app", exc_info=exc)
    icon = QMessageBox.Icon.Warning if isinstance(exc, HelpdeskError) else QMessageBox.Icon.Critical
    box = QMessageBox(icon, error_title(exc), error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box
