"""The `helpdesk` command: real runs against the test database; user mistakes never show a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.db.database import Database
from shared.errors import InvalidTransition, NotFound, ValidationFailed
from shared.models import Ticket
from shared.services import search_upkeep

ROOT = Path(__file__).resolve().parents[2]


def test_demo_then_report_prints_real_kpis(cli, committed_db: Database) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("demo", "--tickets", "60", "--seed", "3")
    assert code == 0 and "60 tickets" in out
    code, out, _err = cli("demo", "--if-empty")
    assert code == 0 and "not loaded" in out
    code, out, _err = cli("report", "--from", "2020-01-01")
    assert code == 0
    lines = dict(line.split("  ", 1) for line in out.splitlines()[:12] if "  " in line)
    # The 60 demo tickets plus what the demo machines' probes, forecasts and incidents raised: every
    # ticket in the database was created within the range.
    with committed_db.uow() as uow:
        made = uow.session.scalar(select(func.count()).select_from(Ticket))
    assert made is not None and made > 60
    assert lines["Tickets created"].strip() == str(made)
    assert "%" in lines["First contact resolution"]
    assert "%" in lines["SLA compliance"]
    code, out, _err = cli("report", "--from", "2020-01-01", "--csv")
    rows = dict(line.split(",", 1) for line in out.strip().splitlines()[1:])
    assert rows["created"] == str(made)  # the same count as above
    assert 0 <= float(rows["fcr_rate"]) <= 1 and 1 <= float(rows["csat_average"]) <= 5
    if committed_db.engine.dialect.name == "sqlite":  # the demo's thousands of writes, merged into one
        assert [search_upkeep.segments(committed_db, t) for t in search_upkeep.FTS5_TABLES] == [1, 1]
    # One agent's reply the requester's server refused: the undelivered-mail feature has something to show.
    code, out, _err = cli("mail", "undelivered")
    (header, row) = out.splitlines()
    assert code == 0 and header.startswith("ID") and "agent's reply" in row and "550 5.1.1" in row


def test_the_scheduler_lists_the_search_index_upkeep(cli, committed_db: Database) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("scheduler", "run", "--once")
    assert code == 0 and "Tidy the search index: " in out
    code, out, _err = cli("scheduler", "status")
    [line] = [line for line in out.splitlines() if line.startswith("Tidy the search index: ")]
    if committed_db.engine.dialect.name == "sqlite":
        assert "Search index" in line and "segments" in line
    else:
        assert "ok · GIN pending lists: " in line


def test_ticket_commands_walk_the_lifecycle(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("user", "add", "budi", "--name", "Budi Santoso", "--role", "l1_agent", "--team", "Service Desk")[0] == 0
    assert cli("user", "add", "rina", "--name", "Rina Kusuma", "--role", "requester", "--email", "rina@x.id")[0] == 0
    code, out, _ = cli("ticket", "create", "--as", "rina", "--subject", "VPN drops", "--urgency", "high")
    assert code == 0 and "HD-000001" in out and "P3" in out
    assert cli("ticket", "claim", "HD-000001", "--as", "budi")[1].strip() == "HD-000001 is now In progress."
    assert cli("ticket", "reply", "1", "--as", "budi", "--body", "Reinstall the client")[0] == 0
    code, out, _ = cli("ticket", "resolve", "HD-1", "--as", "budi", "--solution", "Client reinstalled")
    assert (code, out.strip()) == (0, "HD-000001 is now Resolved.")
    code, out, _ = cli("ticket", "show", "HD-000001", "--as", "budi")
    assert "Client reinstalled" in out and "Rina Kusuma" in out
    code, out, _ = cli("ticket", "list", "--as", "rina")
    assert "VPN drops" in out and "1 of 1 tickets" in out


@pytest.mark.parametrize(("argv", "exit_code", "message"), [
    (["ticket", "show", "HD-000042", "--as", "nobody"], NotFound.exit_code, "Unknown user 'nobody'"),
    (["ticket", "show", "HD-000042", "--as", "admin"], NotFound.exit_code, "HD-000042 not found"),
    (["ticket", "show", "banana", "--as", "admin"], ValidationFailed.exit_code, "not a ticket number"),
    (["ticket", "show", "99999999999999999999", "--as", "admin"], ValidationFailed.exit_code, "not a ticket number"),
    (["ticket", "show", "HD-²", "--as", "admin"], ValidationFailed.exit_code, "not a ticket number"),
    (["ticket", "priority", "HD-1", "P9", "--as", "admin", "--reason", "x"], ValidationFailed.exit_code,
     "not a priority"),
    (["ticket", "resolve", "HD-1", "--as", "admin", "--solution", "  "], ValidationFailed.exit_code,
     "Solution must not be empty"),
    (["ticket", "status", "HD-1", "new", "--as", "admin"], InvalidTransition.exit_code, "never goes back to new"),
    (["report", "--from", "2026-02-01", "--to", "2026-01-01"], ValidationFailed.exit_code, "must not be before"),
])
def test_user_mistakes_get_a_message_and_an_exit_code(cli, argv: list[str], exit_code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    cli("user", "add", "admin", "--name", "Admin", "--role", "admin")
    cli("user", "add", "rina", "--name", "Rina", "--role", "requester")
    cli("ticket", "create", "--as", "rina", "--subject", "Printer")
    code, _out, err = cli(*argv)
    assert code == exit_code
    assert message in err
    assert "Traceback" not in err


def test_bad_arguments_exit_2_with_usage(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        cli("ticket", "escalate", "HD-1", "--as", "x", "--to", "L9", "--reason", "r")
    assert exc.value.code == 2


def test_real_process_no_traceback_and_indonesian(database_url: str, committed_db: Database) -> None:
    """The process opens the database itself, and commits its defaults."""
    env = dict(os.environ, HELPDESK_DATABASE_URL=database_url, HELPDESK_LANGUAGE="id")
    proc = subprocess.run([sys.executable, "-m", "shared.cli", "ticket", "show", "HD-000009", "--as", "ghost"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False)
    assert proc.returncode == NotFound.exit_code
    assert "Traceback" not in proc.stderr
    assert "ghost" in proc.stderr and "Pengguna" in proc.stderr  # translated


def test_ticket_numbers_follow_the_prefix_setting(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HELPDESK_TICKET_PREFIX", "IT")
    assert cli("user", "add", "budi", "--name", "Budi Santoso", "--role", "l1_agent", "--team", "Service Desk")[0] == 0
    assert cli("user", "add", "rina", "--name", "Rina Kusuma", "--role", "requester")[0] == 0
    code, out, _ = cli("ticket", "create", "--as", "rina", "--subject", "VPN drops")
    assert code == 0 and "IT-000001" in out
    assert cli("ticket", "claim", "it-000001", "--as", "budi")[1].strip() == "IT-000001 is now In progress."
    code, out, err = cli("ticket", "show", "HD-000001", "--as", "budi")
    assert (code, out) == (6, "") and len(err.strip().splitlines()) == 1 and "IT-000123" in err


def test_a_conflict_prints_one_line_and_exits_7(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from shared.errors import Conflict
    from shared.services import workflow

    assert cli("user", "add", "budi", "--name", "Budi Santoso", "--role", "l1_agent", "--team", "Service Desk")[0] == 0
    assert cli("ticket", "create", "--as", "budi", "--subject", "VPN drops")[0] == 0

    def lost_the_race(*_args: object, **_kwargs: object) -> None:
        raise Conflict("HD-000001 was changed by Dewi while you were working on it. Your change was not saved; "
                       "review theirs and apply yours again.", current_version=3)

    monkeypatch.setattr(workflow, "resolve", lost_the_race)
    code, out, err = cli("ticket", "resolve", "HD-000001", "--as", "budi", "--solution", "Reinstalled")
    assert (code, out) == (7, "")
    assert err.count("\n") == 1 and err.startswith("error: HD-000001 was changed by Dewi")


def test_report_csv_has_one_line_ending_on_a_windows_stream(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import io

    # Windows' stdout in text mode turns each "\n" into "\r\n"; csv's own "\r\n" became "\r\r\n".
    raw = io.BytesIO()
    windows_stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="\r\n", write_through=True)
    monkeypatch.setattr(sys, "stdout", windows_stdout)
    assert cli("report", "--from", "2020-01-01", "--csv")[0] == 0
    data = raw.getvalue()
    assert data.startswith(b"metric,value\r\n") and b"\r\r\n" not in data
