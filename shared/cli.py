"""`helpdesk`: the command line. Admin commands run as the system; ticket commands need `--as USER`.

User mistakes end with a one-line message and a non-zero exit code (see shared/errors.py), never
a traceback. Other packages add subcommands through the `helpdesk.commands` entry points; the
core's own commands are in shared/cli_commands.py.

What this module imports is what every command pays for before it starts, so it is kept to the
standard library and a few small modules. `helpdesk console` (and `tray`, and any plugin whose
entry point is named after its command) parses with a parser holding only that plugin's commands:
the console opens without importing the report code, the directory client, Alembic or the
services the other commands use (tests/cli/test_cli_parsing.py, tests/desktop/test_console_start.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from shared.argparse_i18n import route_argparse_messages
from shared.cli_guard import BAD_ARGUMENTS, error, hoist_language, run_guarded, safe_streams, undecodable
from shared.cli_support import CliContext
from shared.i18n import _, set_language, set_zone

GROUP = "helpdesk.commands"
# The top-level options that take a value (see _head), as the command word is looked for.
_VALUED = ("--database-url", "--language")


# --- parser -----------------------------------------------------------------------------------

def _head() -> tuple[argparse.ArgumentParser, Any]:
    parser = argparse.ArgumentParser(prog="helpdesk", description=_("IT helpdesk: tickets, SLAs, reports."))
    parser.add_argument("--database-url", help=_("database URL (default: embedded SQLite, or HELPDESK_DATABASE_URL)"))
    parser.add_argument("--language", choices=["en", "id"], help=_("language of the output"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    return parser, sub


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `helpdesk` parser with every command. With `command`, the name of a plugin (entry point)
    that adds a command of that name: a parser with only that plugin's commands; the name of a
    core command: a parser with only the core's commands. Either parses that command's arguments
    exactly as the whole one would."""
    plugins = entry_points(group=GROUP)
    if command is not None:
        own = [ep for ep in plugins if ep.name == command]
        if own:
            parser, sub = _head()
            _register(sub, own[0])
            if command in sub.choices:
                return parser
    parser, sub = _head()
    from shared import cli_commands

    cli_commands.register(sub)
    # A core command (`helpdesk ticket list`) needs none of the plugins: loading them all (mail,
    # HTTP, the scheduler, administration…) was about a third of such a command's start.
    if command is not None and command in sub.choices:
        return parser
    for ep in plugins:
        _register(sub, ep)
    return parser


def _register(sub: Any, ep: EntryPoint) -> None:
    try:
        register = ep.load()
    except ModuleNotFoundError as exc:
        # A desktop command in an install without the [desktop] extra (no Qt): it says how to get it.
        extra = _extra_for(exc)
        if extra is None:
            raise
        _missing_extra(sub, ep.name, extra)
        return
    register(sub)


def command_word(arguments: Sequence[str]) -> str | None:
    """The command in `arguments` (after the top-level options), or None where it is not plain
    which (an abbreviated or unknown option, `--help`): the whole parser then decides."""
    it = iter(arguments)
    for arg in it:
        if arg in _VALUED:
            next(it, None)
        elif arg.startswith(tuple(v + "=" for v in _VALUED)):
            continue
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def parse_arguments(arguments: Sequence[str]) -> argparse.Namespace:
    """`helpdesk`'s arguments, parsed by the smallest parser that knows their command."""
    return build_parser(command_word(arguments)).parse_args(arguments)


# Top-level packages an extra brings, and the extra (pyproject.toml's optional-dependencies).
OPTIONAL_PACKAGES = {"PySide6": "desktop", "shiboken6": "desktop"}


def _extra_for(exc: ModuleNotFoundError) -> str | None:
    return OPTIONAL_PACKAGES.get((exc.name or "").partition(".")[0])


def _missing_extra_hint(extra: str) -> str:
    return _("this needs the {extra} extra: pip install 'helpdesk[{extra}]'").format(extra=extra)


def _missing_extra(sub: Any, name: str, extra: str) -> None:
    hint = _missing_extra_hint(extra)
    p = sub.add_parser(name, help=hint, add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)

    def handler(_args: argparse.Namespace, _ctx: CliContext) -> int:
        error(hint)
        return BAD_ARGUMENTS

    p.set_defaults(handler=handler)


def _toml_error(exc: BaseException) -> bool:
    """A TOML syntax error of the settings file. tomllib is imported only where there is a file to
    parse (shared.config), so where it was never imported no such error can have been raised."""
    toml = sys.modules.get("tomllib")
    return toml is not None and isinstance(exc, toml.TOMLDecodeError)


def _validation_error(exc: BaseException) -> bool:
    """pydantic's refusal of a bad setting. shared.config imports pydantic only for a value its own
    checks do not vouch for, so where it was never imported no such error can have been raised, and
    a start does without its ~100 ms. Its ValidationError is a ValueError, never a UnicodeDecodeError."""
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(exc, core.ValidationError)


def main(argv: Sequence[str] | None = None) -> int:
    safe_streams()
    # The language comes first: the parser's help and errors, and a bad setting, are worded in it.
    arguments, wanted = hoist_language(sys.argv[1:] if argv is None else argv)
    set_language(wanted)
    from shared.config import load_settings

    try:
        settings = load_settings()
    except (OSError, UnicodeDecodeError) as exc:
        error(_("the settings file cannot be read: {reason}").format(reason=exc))
        return BAD_ARGUMENTS
    except ValueError as exc:
        if _validation_error(exc):
            first = exc.errors()[0]  # type: ignore[attr-defined]
            print(_("error: bad setting {name}: {msg}").format(
                name=".".join(str(p) for p in first["loc"]), msg=first["msg"]), file=sys.stderr)
            return BAD_ARGUMENTS
        if not _toml_error(exc):
            raise
        error(_("the settings file cannot be read: {reason}").format(reason=exc))
        return BAD_ARGUMENTS
    set_language(wanted or settings.language)
    set_zone(settings.timezone)  # instants in what the system wrote, as `ticket show` shows its times
    route_argparse_messages()
    bad = undecodable(arguments)
    if bad is not None:
        error(_("the argument '{arg}' is not UTF-8 text; type it again, or convert it (e.g. with iconv).").format(
            arg=bad))
        return BAD_ARGUMENTS
    args = parse_arguments(arguments)
    if args.database_url:
        settings = settings.model_copy(update={"database_url": args.database_url})
    ctx = CliContext(settings)
    try:
        return run_guarded(lambda: args.handler(args, ctx))
    except ModuleNotFoundError as exc:
        extra = _extra_for(exc)
        if extra is None:
            raise
        error(_missing_extra_hint(extra))  # `helpdesk console` without Qt installed
        return BAD_ARGUMENTS
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
