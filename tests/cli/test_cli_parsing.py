"""`helpdesk console` (any plugin command named as its entry point) is parsed by a parser with only
that plugin's commands, so it starts without the core commands' imports; a core command
(`helpdesk ticket list`) by a parser with only the core's commands, without the plugins' imports;
every other command, and anything not plain, by the whole parser. They must parse a command line
alike."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

from shared.cli import build_parser, command_word, parse_arguments

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_the_command_word_follows_the_top_level_options() -> None:
    assert command_word(["console", "--user", "budi"]) == "console"
    assert command_word(["--database-url", "sqlite:///x", "--language", "id", "console"]) == "console"
    assert command_word(["--database-url=sqlite:///x", "--language=id", "tray"]) == "tray"
    assert command_word(["ticket", "list", "--as", "budi"]) == "ticket"
    # Not plain: the whole parser decides (help, an abbreviated option, nothing at all).
    assert command_word(["--help"]) is None
    assert command_word(["--data", "sqlite:///x", "console"]) is None
    assert command_word(["--database-url"]) is None
    assert command_word([]) is None


def test_a_plugin_command_gets_a_parser_with_only_its_own_commands() -> None:
    assert _commands(build_parser("console")) == {"console"}
    whole = _commands(build_parser())
    assert {"console", "tray", "ticket", "db", "report", "serve"} <= whole
    # A plugin that names its commands otherwise ("http" adds "serve"), or a mistake: every command.
    assert _commands(build_parser("http")) == whole
    assert _commands(build_parser("serve")) == whole
    assert _commands(build_parser("tickt")) == whole


def test_a_core_command_gets_a_parser_with_only_the_core_commands() -> None:
    core = _commands(build_parser("ticket"))
    assert {"ticket", "db", "demo", "report", "user"} <= core
    assert not core & {"console", "tray", "serve", "mail", "admin", "triage"}
    assert _commands(build_parser("report")) == core


@pytest.mark.parametrize("argv", [
    ["console"],
    ["--language", "id", "console", "--user", "budi", "--password", "x", "--theme", "dark"],
    ["--database-url", "sqlite:///elsewhere.sqlite3", "console", "--user", "budi"],
    ["tray"],
    ["ticket", "list", "--as", "agent1"],
    ["--language", "id", "report", "--from", "2026-01-01", "--csv"],
    ["user", "add", "budi", "--name", "Budi", "--role", "l1_agent"],
    ["db", "upgrade"],
])
def test_the_small_parser_parses_as_the_whole_one(argv: list[str]) -> None:
    assert parse_arguments(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(("argv", "mistake"), [
    (["console", "--theme", "purple"], "purple"),  # a plugin's command
    (["ticket", "list", "--view", "nowhere"], "nowhere"),  # a core command
])
def test_a_mistake_is_reported_as_by_the_whole_parser(argv: list[str], mistake: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    errors = []
    for parse in (parse_arguments, build_parser().parse_args):
        with pytest.raises(SystemExit) as exited:
            parse(argv)
        errors.append((exited.value.code, capsys.readouterr().err))
    assert errors[0] == errors[1] and errors[0][0] == 2 and mistake in errors[0][1]


def _loaded_after_parsing(argv: list[str], modules: tuple[str, ...]) -> list[str]:
    """Which of `modules` a fresh interpreter has imported once it parsed `argv`."""
    code = ("import sys\n"
            "from shared.cli import parse_arguments\n"
            f"parse_arguments({argv!r})\n"
            f"print(sorted(m for m in {modules!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    return list(ast.literal_eval(done.stdout.strip()))


def test_parsing_a_core_command_line_imports_none_of_the_plugins() -> None:
    """Nor the LDAP client (a directory sync loads it) or the report's code (a report does)."""
    assert _loaded_after_parsing(["ticket", "list", "--as", "agent1"], (
        "shared.mail.cli", "shared.mail.imap", "shared.http", "shared.admin_cli", "shared.scheduler",
        "shared.triage.cli", "shared.incidents_cli", "shared.roster_cli", "shared.ssh", "desktop", "PySide6",
        "ldap3", "shared.services.metrics")) == []


def test_parsing_a_console_command_line_imports_none_of_the_core_commands() -> None:
    assert _loaded_after_parsing(["console", "--theme", "light"], (
        "shared.cli_commands", "shared.services", "shared.models", "shared.db.database", "alembic", "ldap3",
        "pydantic", "PySide6", "sqlalchemy")) == []
