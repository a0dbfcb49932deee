"""`helpdesk console`: the agent console. main() builds everything and passes it down."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import threading
from typing import TYPE_CHECKING

from desktop.common.compat import MainThreadGc  # no Qt: its gc policy wraps the start's first imports

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.common.ops import Ops
    from shared.auth.permissions import Actor
    from shared.cli_support import CliContext
    from shared.db.database import Database


def register_cli(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from shared.i18n import _  # the CLI's catalogue: `helpdesk --language id console --help`

    parser = subparsers.add_parser("console", help=_("open the agent console (desktop app)"))
    parser.add_argument("--user", help=_("sign in as this user (skips the sign-in dialog with --password)"))
    parser.add_argument("--password", help=_("password for --user"))
    parser.add_argument("--theme", choices=("light", "dark"), help=_("override the saved theme"))
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.common.launch import run_until_quit

    return run_until_quit(start(args, ctx))


def import_first_screen(ctx: CliContext) -> None:
    """Import what the start and the first queue page run, the data layer before Qt.

    PySide6 replaces `builtins.__import__` with its own (shiboken's `__feature_import__`), and every
    import after it costs more: SQLAlchemy, the models and the services the first page uses take
    ~13 % more instructions (~350 M, ~90 ms of CPU) when imported after PySide6 than before it, and
    an `import` of a module already loaded several times as long. Nothing here opens the database
    or needs a display; an error of the database's code or URL is left to `ctx.database()`, which
    reports it as before. tests/desktop/test_console_first_page.py checks the order. The garbage
    collector sits the imports out (desktop.common.compat.MainThreadGc.imports_set_aside)."""
    with MainThreadGc.imports_set_aside():
        ctx.import_database_code()
        from shared.services import queue, users  # noqa: F401  (the sign-in, the queue's pages)

        importlib.import_module("desktop.console.main_window")  # then Qt, and the window: the order is the point


class Opening:
    """The sign-in dialog's background work: the start's imports (`import_first_screen`, the same
    modules in the same order) and `ctx.database()` (the schema check, a due migration, the
    defaults), on a worker while the person types. What it failed with is kept for `start`, which
    raises it once the dialog is closed, so the error ends the command as it did before the dialog
    was shown first: its message on stderr, its exit code."""

    def __init__(self, ctx: CliContext) -> None:
        self.ctx = ctx
        self.error: BaseException | None = None
        self.done = threading.Event()

    def __call__(self) -> Database:
        try:
            import_first_screen(self.ctx)
            return self.ctx.database()
        except BaseException as exc:
            self.error = exc
            from shared.cli_guard import known_failure

            said = known_failure(exc) if isinstance(exc, Exception) else None
            try:
                if said is None or said is exc:
                    raise
                raise said from exc  # the dialog says what the command would (a raw driver error, say)
            finally:
                said = None  # this frame, which the error's traceback keeps, keeps no error: no cycle
        finally:
            self.done.set()

    def take_error(self) -> BaseException:
        """What it failed with, no longer kept here: its traceback keeps this object (through the
        frame that raised it), and a cycle would hold the runner and its widgets for the collector,
        which could free them on a worker thread (a Qt object deleted there crashes)."""
        error, self.error = self.error, None
        assert error is not None
        return error


def _application(args: argparse.Namespace, ctx: CliContext):  # type: ignore[no-untyped-def]
    """The QApplication, in the saved language and theme."""
    from PySide6.QtWidgets import QApplication

    from desktop.common.compat import guard_none_refcount
    from desktop.common.theme import apply_language, apply_theme, saved_theme

    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Helpdesk console")
    apply_language(app, ctx.settings.language)
    apply_theme(app, args.theme or saved_theme())
    return app


def start(args: argparse.Namespace, ctx: CliContext,  # type: ignore[no-untyped-def]
          *, actor: Actor | None = None):
    """Everything up to the event loop: (app, ops, main window), or an exit code.

    `actor`: someone already signed in (bench/console_bench.py times a cold start this way);
    otherwise --user/--password, or the sign-in dialog (`start_signing_in`).
    """
    if actor is None and not (args.user and args.password):
        return start_signing_in(args, ctx)
    import_first_screen(ctx)
    from desktop.common.ops import Ops
    from desktop.console.main_window import MainWindow
    from shared.errors import HelpdeskError, SecondFactorRequired
    from shared.services import users

    app = _application(args, ctx)
    db = ctx.database()
    ops = Ops(db)
    if actor is None and args.user and args.password:
        try:
            actor = users.authenticate(db.uow(), args.user, args.password)
        except SecondFactorRequired:
            pass  # a one-time code (or enrolment) is needed: the dialog below asks for it
        except HelpdeskError as exc:
            print(exc.message, file=sys.stderr)
            return exc.exit_code
    if actor is None:
        from desktop.common.signin import SignInDialog  # only to ask: not when signed in by --user --password

        dialog = SignInDialog(ops, title=app.translate("console", "Helpdesk console — sign in"),
                              username=args.user or "")
        if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.actor is None:
            return 1
        actor = dialog.actor
    window = MainWindow(ops, actor)
    window.show()
    return app, ops, window


def start_signing_in(args: argparse.Namespace, ctx: CliContext):  # type: ignore[no-untyped-def]
    """`start` for a person: the sign-in dialog as soon as Qt and the dialog are loaded (~0.2 s), the
    data layer, the database and the window's code (~0.5 s) on a worker behind it (`Opening`).
    Sign in pressed before they are ready waits for them; a database that cannot be opened is said
    in the dialog (signing in off), and closing it ends the command with that error, as before."""
    app = _application(args, ctx)  # PySide6 first: without it, the CLI names the extra to install
    from desktop.common.ops import Ops  # (shiboken6, imported alone, ends the process instead)

    ops = Ops()
    opening = Opening(ctx)
    actor = _ask(app, ops, opening, args.user or "")
    if actor is None:
        # The error's traceback keeps this frame, and a driver's error is often in a cycle with its
        # own frames (SQLAlchemy's), which only the collector frees, on any thread: the frame keeps
        # no Qt object then (the dialog is gone with `_ask`'s frame; see Opening.take_error).
        del app, ops
        if opening.error is None:
            return 1
        raise opening.take_error()  # reported by the CLI's guard, as when it was raised before the dialog
    from desktop.console.main_window import MainWindow  # imported by the worker already

    window = MainWindow(ops, actor)
    window.show()
    return app, ops, window


def _ask(app: QApplication, ops: Ops, opening: Opening, username: str) -> Actor | None:
    """The dialog, with `opening` behind it; who signed in, or None once `opening` is over."""
    from desktop.common.signin import SignInDialog

    dialog = SignInDialog(ops, title=app.translate("console", "Helpdesk console — sign in"), username=username)
    dialog.prepare(opening, ops.use_database)
    if dialog.exec() == SignInDialog.DialogCode.Accepted and dialog.actor is not None:
        return dialog.actor
    if dialog.prepare_started():
        opening.done.wait()  # never cut off mid-import or mid-migration
    else:  # closed before the work began (within its first turn of the loop): what it would say
        with contextlib.suppress(Exception):
            opening()
    return None
