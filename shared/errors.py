"""The error tree. Each error carries a user-facing (translated) message and a CLI exit code.

Edges map these once: the CLI prints the message and exits with `exit_code`, the HTTP app maps
`http_status` and puts `code` in the body, the desktop shows a dialog. Services never return
magic strings. `code` is the class's stable name on the wire: two errors may share a status
(409 is both Conflict and InvalidTransition), never a code.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from shared.changes import NO_CHANGES, Changes
from shared.i18n import _


class HelpdeskError(Exception):
    exit_code = 1
    http_status = 400
    code: ClassVar[str] = "error"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:  # a class that names none gets its own name, never its parent's
            cls.code = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        # What was saved although the operation failed (a refused diagnostic is still recorded on
        # its ticket): the desktop broadcasts it as it broadcasts a result's changes.
        self.committed: Changes = NO_CHANGES

    def __str__(self) -> str:
        return self.message


class NotFound(HelpdeskError):
    code = "not_found"
    exit_code = 3
    http_status = 404


class PermissionDenied(HelpdeskError):
    code = "permission_denied"
    exit_code = 4
    http_status = 403


class InvalidTransition(HelpdeskError):
    code = "invalid_transition"
    exit_code = 5
    http_status = 409


class ValidationFailed(HelpdeskError):
    code = "validation_failed"
    exit_code = 6
    http_status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(HelpdeskError):
    """Someone else saved the record first; `changes` describes what they changed."""

    code = "conflict"
    exit_code = 7
    http_status = 409

    def __init__(self, message: str, *, current_version: int | None = None,
                 changes: list[Any] | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.changes = list(changes or [])


class AuthenticationFailed(HelpdeskError):
    code = "authentication_failed"
    exit_code = 8
    http_status = 401


class Unreachable(HelpdeskError):
    """A server or machine we talk to (helpdesk server, mail server, a user's machine) did not answer."""

    code = "unreachable"
    exit_code = 10
    http_status = 502


class StorageUnavailable(HelpdeskError):
    """The database went away; the change was rolled back and nothing was saved."""

    code = "storage_unavailable"
    exit_code = 9
    http_status = 503


class Busy(HelpdeskError):
    """The server did not get to a request in time (its writer or reader was held up, by a
    database lock or a flood of requests). A request that had not started was dropped; one that had
    started still finishes, so a retry must be safe to repeat (the tray's tickets carry a key)."""

    exit_code = 9
    http_status = 503


def busy() -> Busy:
    return Busy(_("The server is too busy to answer in time. Please try again in a moment."))


class BadSetting(HelpdeskError):
    """A setting or option cannot work as given (a database URL we cannot use, say): the same exit
    code as a bad argument, since the fix is the same — change what was typed."""

    exit_code = 2
    http_status = 500


class CannotListen(HelpdeskError):
    """The server could not open its address (the port is in use, or not ours to take)."""

    exit_code = 11
    http_status = 500


def storage_unavailable(detail: str = "") -> StorageUnavailable:
    """`detail` says why, in the reader's words (see shared.db.faults), or names the error."""
    if detail:
        return StorageUnavailable(_("The database could not be used: {cause}; nothing was saved.").format(
            cause=detail))
    return StorageUnavailable(_("The database could not be reached, so nothing was saved. Please try again."))


def error_classes() -> dict[str, type[HelpdeskError]]:
    """The core's errors by wire code (what an HTTP client turns a refusal back into)."""
    return {c.code: c for c in (HelpdeskError, NotFound, PermissionDenied, InvalidTransition, ValidationFailed,
                                Conflict, AuthenticationFailed, Unreachable, StorageUnavailable, Busy)}


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
