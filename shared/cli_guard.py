"""What stands between a command and the terminal: a user's mistake, an unusable database or a
closed pipe ends in one line and a documented exit code (README "Command line"), never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from shared.db.faults import cause_of, describe
from shared.errors import HelpdeskError, Unreachable, ValidationFailed, storage_unavailable
from shared.i18n import _

BAD_ARGUMENTS = 2
# What a shell reports for a tool killed by SIGPIPE (128 + 13), e.g. `yes | head -1`.
CLOSED_PIPE = 141
INTERRUPTED = 130


def error(message: str) -> None:
    print(_("error: {message}").format(message=message), file=sys.stderr)


def hoist_language(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """Find `--language X` anywhere before `--` and move it in front of the command, where the
    parser takes it (`helpdesk machine list --language id` works too). The language is then known
    before the parser is built, so the parser's own words (help, usage, errors) are in it as well.
    No subcommand has a --language option of its own (tests/cli/test_cli_language.py checks)."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--language="):
            value = arg.split("=", 1)[1]
            return ["--language", value, *args[:i], *args[i + 1:]], value or None
        if arg == "--language" and i + 1 < len(args):
            value = args[i + 1]
            return ["--language", value, *args[:i], *args[i + 2:]], value
    return args, None


def shown(arg: str) -> str:
    """An argument as it can be printed: bytes that were not UTF-8 (kept by Python as lone
    surrogates) written as \\xNN."""
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def undecodable(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid UTF-8 text, as it can be shown; None when all are."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return shown(arg)
    return None


def safe_streams() -> None:
    """Never crash on printing: what cannot be encoded for the terminal is shown escaped."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After the reader went away (`| head`), whatever Python flushes at exit goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (tests capture it): nothing will be flushed to a pipe


def _report(failure: HelpdeskError) -> int:
    error(failure.message)
    return failure.exit_code


def _file_problem(exc: OSError) -> ValidationFailed:
    if isinstance(exc, FileExistsError | NotADirectoryError) and Path(str(exc.filename)).is_file():
        reason = _("it is a file, not a folder")
    else:
        reason = exc.strerror or type(exc).__name__
    return ValidationFailed(_("Cannot use {path}: {reason}.").format(path=exc.filename, reason=reason))


def run_guarded(command: Callable[[], int]) -> int:
    """Run a command and map what can go wrong to one line on stderr and an exit code."""
    try:
        code = int(command())
        sys.stdout.flush()  # a closed pipe shows here, inside the guard, not at interpreter exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return CLOSED_PIPE
    except KeyboardInterrupt:
        return INTERRUPTED
    except Exception as exc:
        reported = _report_known(exc)  # no local here keeps the error: its traceback keeps this frame
        if reported is None:
            raise  # a bug, not the user's: keep its traceback
        return reported


def _report_known(exc: Exception) -> int | None:
    failure = known_failure(exc)
    return None if failure is None else _report(failure)


def known_failure(exc: Exception) -> HelpdeskError | None:
    """What `run_guarded` reports for `exc`, as a HelpdeskError with a translated message; None for
    a bug. The console's sign-in dialog says it too, when the database it opens behind the dialog
    cannot be opened."""
    if isinstance(exc, HelpdeskError):
        return exc
    if isinstance(exc, ConnectionError | TimeoutError):  # a server the command talks to, not the database
        return Unreachable(_("No answer from the server: {reason}.").format(reason=exc.strerror or exc))
    if isinstance(exc, OSError):
        # Not about a file the user named: a bug, whose traceback is kept for the report.
        return None if exc.filename is None else _file_problem(exc)
    return storage_unavailable(cause_of(exc)) if _storage_failure(exc) else None


def _storage_failure(exc: Exception) -> bool:
    """A database error the user can act on (SQLAlchemy's DBAPIError: one that shared.db.faults
    describes, or any OperationalError), not a programming error such as bad SQL.

    SQLAlchemy is looked up, not imported: every command pays for what this module imports before
    it starts (`helpdesk --help`, a mistyped option, the console's parser), and importing SQLAlchemy
    costs ~130 ms of CPU. Where it was never imported, none of its errors can have been raised."""
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None or not isinstance(exc, errors.DBAPIError):
        return False
    return describe(exc) is not None or isinstance(exc, errors.OperationalError)
