"""`helpdesk console`: the agent console. main() builds everything and passes it down."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING

from desktop.common.compat import MainThreadGc  # no Qt: its gc policy wraps the start's first imports

if TYPE_CHECKING:
    from shared.auth.permissions import Actor
    from shared.cli_support import CliContext


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


def start(args: argparse.Namespace, ctx: CliContext,  # type: ignore[no-untyped-def]
          *, actor: Actor | None = None):
    """Everything up to the event loop: (app, ops, main window), or an exit code.

    `actor`: someone already signed in (bench/console_bench.py times a cold start this way);
    otherwise --user/--password, or the sign-in dialog.
    """
    import_first_screen(ctx)
    from PySide6.QtWidgets import QApplication

    from desktop.common.compat import guard_none_refcount
    from desktop.common.ops import Ops
    from desktop.common.theme import apply_language, apply_theme, saved_theme
    from desktop.console.main_window import MainWindow
    from shared.errors import HelpdeskError, SecondFactorRequired
    from shared.services import users

    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Helpdesk console")
    apply_language(app, ctx.settings.language)
    apply_theme(app, args.theme or saved_theme())
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
