"""The error tree. Each error carries a user-facing (translated) message and a CLI exit code.

Edges map these once: the CLI prints the message and exits with `exit_code`, the HTTP app maps
`http_status`, the desktop shows a dialog. Services never return magic strings.
"""

from __future__ import annotations

from typing import Any

from shared.i18n import _


class HelpdeskError(Exception):
    exit_code = 1
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(HelpdeskError):
    exit_code = 3
    http_status = 404


class PermissionDenied(HelpdeskError):
    exit_code = 4
    http_status = 403


class InvalidTransition(HelpdeskError):
    exit_code = 5
    http_status = 409


class ValidationFailed(HelpdeskError):
    exit_code = 6
    http_status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(HelpdeskError):
    """Someone else saved the record first; `changes` describes what they changed."""

    exit_code = 7
    http_status = 409

    def __init__(self, message: str, *, current_version: int | None = None,
                 changes: list[Any] | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.changes = list(changes or [])


class AuthenticationFailed(HelpdeskError):
    exit_code = 8
    http_status = 401


class Unreachable(HelpdeskError):
    """A server or machine we talk to (helpdesk server, mail server, a user's machine) did not answer."""

    exit_code = 10
    http_status = 502


class StorageUnavailable(HelpdeskError):
    """The database went away; the change was rolled back and nothing was saved."""

    exit_code = 9
    http_status = 503


def storage_unavailable(detail: str = "") -> StorageUnavailable:
    msg = _("The database could not be reached, so nothing was saved. Please try again.")
    return StorageUnavailable(f"{msg} ({detail})" if detail else msg)


class SecondFactorRequired(AuthenticationFailed):
    """The password was right; a one-time code is needed (`enrol`: the user has none set up yet
    and must enrol first)."""

    def __init__(self, message: str, *, enrol: bool = False) -> None:
        super().__init__(message)
        self.enrol = enrol


class AccountLocked(AuthenticationFailed):
    """Too many failed sign-ins in a row; the account opens again at `until`."""

    exit_code = 8
    http_status = 423
