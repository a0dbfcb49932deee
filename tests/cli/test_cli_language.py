"""The CLI in Bahasa Indonesia (`--language id`, the settings or the OS locale): argparse's own
words, the apps' --help, table headers, the timeline of `ticket show`, and columns that line up
when the words are longer or wider than the English ones."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator

import pytest

from shared.cli_guard import hoist_language
from shared.db.database import Database
from shared.i18n import set_language
from shared.models.enums import Role, Status
from shared.services import workflow
from shared.textwidth import clip, pad, width
from tests import factories as f

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def help_text(cli: Cli, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exc:
        cli(*argv)
    assert exc.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", [(), ("console",), ("tray",), ("ticket", "create")])
def test_help_is_indonesian_with_language_id(cli: Cli, capsys: pytest.CaptureFixture[str],
                                             argv: tuple[str, ...]) -> None:
    out = help_text(cli, capsys, "--language", "id", *argv, "--help")
    assert out.startswith("penggunaan: helpdesk")
    assert "tampilkan pesan bantuan ini lalu keluar" in out
    assert "show this help" not in out and "usage:" not in out


def test_console_and_tray_options_are_described_in_indonesian(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert "masuk sebagai pengguna ini" in help_text(cli, capsys, "--language", "id", "console", "--help")
    tray = " ".join(help_text(cli, capsys, "--language", "id", "tray", "--help").split())
    assert "aplikasi baki memakai database lokal" in tray and "$HELPDESK_TRAY_SERVER" in tray


def test_argparse_errors_are_indonesian(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("--language", "id", "ticket", "create", "--as", "rina")
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "galat: argumen berikut wajib diisi: --subject" in err
    with pytest.raises(SystemExit):
        cli("--language", "id", "ticket", "status", "HD-1", "later", "--as", "rina")
    assert "pilihan tidak sah: 'later'" in capsys.readouterr().err


def test_the_os_locale_chooses_the_language_when_nothing_else_does(cli: Cli, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_LANGUAGE")
    monkeypatch.setenv("LANGUAGE", "id_ID:en")
    assert help_text(cli, capsys, "--help").startswith("penggunaan:")


def test_language_is_taken_from_anywhere_before_a_double_dash() -> None:
    assert hoist_language(["--language", "id", "report"]) == (["--language", "id", "report"], "id")
    assert hoist_language(["machine", "list", "--language=id"]) == (["--language", "id", "machine", "list"], "id")
    assert hoist_language(["--database-url", "sqlite:///x", "report", "--language", "id", "--csv"]) == (
        ["--language", "id", "--database-url", "sqlite:///x", "report", "--csv"], "id")
    assert hoist_language(["report", "--", "--language", "id"]) == (["report", "--", "--language", "id"], None)
    assert hoist_language(["report"]) == (["report"], None)


def test_no_subcommand_has_a_language_option_of_its_own(cli: Cli) -> None:
    from shared.cli import build_parser

    def options(parser: argparse.ArgumentParser) -> Iterator[str]:
        for action in parser._actions:
            yield from action.option_strings
            for sub in (action.choices or {}).values() if isinstance(action, argparse._SubParsersAction) else ():
                yield from options(sub)

    root = build_parser()
    assert list(options(root)).count("--language") == 1


def test_language_after_the_command_works_too(cli: Cli) -> None:
    code, out, _err = cli("machine", "list", "--language", "id")
    assert code == 0 and "Terakhir terlihat" in out


def test_machine_list_headers_are_translated(cli: Cli) -> None:
    code, out, _err = cli("--language", "id", "machine", "list")
    assert code == 0
    assert out.split() == ["ID", "Host", "OS", "Terakhir", "terlihat", "Peringatan"]


def test_ticket_show_speaks_in_field_labels_names_and_statuses(cli: Cli, committed_db: Database) -> None:
    f.defaults(committed_db)
    agent = f.agent(committed_db, name="budi", full_name="Budi Santoso")
    f.user(committed_db, Role.ADMIN, name="admin")
    t = f.ticket(committed_db, f.user(committed_db, name="rina", full_name="Rina Kusuma"), "VPN drops")
    workflow.claim(committed_db.uow(), agent, t.id)
    code, out, _err = cli("--language", "id", "ticket", "show", t.number, "--as", "admin")
    assert code == 0
    assert "Ditugaskan ke: — → Budi Santoso" in out
    assert "Status: Baru → Sedang dikerjakan" in out
    assert "assignee_id" not in out and "in_progress" not in out
    code, out, _err = cli("ticket", "show", t.number, "--as", "admin")
    assert "Assignee: — → Budi Santoso (assigned automatically)" in out and "Status: New → In progress" in out


def test_ticket_list_columns_line_up_with_long_and_wide_values(cli: Cli, committed_db: Database) -> None:
    f.defaults(committed_db)
    admin = f.user(committed_db, Role.ADMIN, name="admin")
    agent = f.agent(committed_db)
    requester = f.user(committed_db)
    f.ticket(committed_db, requester, "打印机坏了 printer broken")
    pending = f.ticket(committed_db, requester, "VPN drops")
    workflow.claim(committed_db.uow(), agent, pending.id)
    workflow.change_status(committed_db.uow(), agent, pending.id, Status.PENDING_VENDOR, reason="Waiting on Cisco")
    code, out, _err = cli("--language", "id", "ticket", "list", "--as", admin.username)
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("HD-")]
    assert len(rows) == 2 and any("Menunggu vendor" in r for r in rows)
    starts = {width(r[:r.index(subject)]) for r, subject in zip(sorted(rows), ["打印机", "VPN"], strict=True)}
    assert len(starts) == 1  # the subjects start in one column, whatever the status
    ends = {width(r[:r.rindex("  ")]) for r in rows}
    assert len(ends) == 1  # and the assignee column too, after a subject of wide characters


def test_text_width_counts_columns_not_code_points() -> None:
    assert width("abc") == 3 and width("打印机") == 6 and width("e\u0301") == 1
    assert pad("打印", 6) == "打印  " and pad("7", 3, right=True) == "  7"
    assert clip("打印机坏了", 7) == "打印机…" and width(clip("打印机坏了", 7)) == 7
    assert clip("short", 10) == "short"


def test_report_labels_line_up_in_indonesian(cli: Cli) -> None:
    code, out, _err = cli("--language", "id", "report", "--from", "2026-01-01", "--to", "2026-01-31")
    assert code == 0
    kpis = out.split("\n\n")[0].splitlines()
    assert kpis[0].startswith("Periode") and len({width(line) - width(line.split()[-1]) for line in kpis[1:4]}) == 1
    assert "< 1 hari" in out and "> 30 hari" in out
