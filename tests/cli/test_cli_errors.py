"""A user's mistake at the command line ends in one line and a documented exit code, never a
traceback: one test per case (README "Command line")."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.cli_commands import ask_password
from shared.cli_guard import CLOSED_PIPE
from shared.db.database import Database
from shared.errors import BadSetting, CannotListen, StorageUnavailable, ValidationFailed
from shared.models.enums import Role
from tests import factories as f
from tests.cli.conftest import ROOT, cli_env, run_cli

Cli = Callable[..., tuple[int, str, str]]


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- passwords ----------------------------------------------------------------------------------

def test_ask_password_without_a_terminal_says_to_use_password_stdin(committed_db: Database,
                                                                    database_url: str) -> None:
    proc = run_cli(["user", "add", "budi", "--name", "Budi", "--role", "l1_agent", "--ask-password"],
                   cli_env(database_url))
    assert proc.returncode == ValidationFailed.exit_code
    assert "--password-stdin" in one_line(proc.stderr)


def test_ask_password_at_a_terminal_asks_twice_and_compares() -> None:
    answers = iter(["s3cret-Pa55", "s3cret-Pa55"])
    prompts: list[str] = []

    def prompt(text: str) -> str:
        prompts.append(text)
        return next(answers)

    assert ask_password(prompt, has_terminal=lambda: True) == "s3cret-Pa55"
    assert prompts == ["Password: ", "Password again: "]
    differ = iter(["one-password", "another-one"])
    with pytest.raises(ValidationFailed, match="differ"):
        ask_password(lambda _t: next(differ), has_terminal=lambda: True)

    def eof(_text: str) -> str:
        raise EOFError

    with pytest.raises(ValidationFailed, match="No password"):
        ask_password(eof, has_terminal=lambda: True)


# --- report dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("dates", [["--from", "1900-01-01", "--to", "9999-12-31"], ["--from", "0001-01-01"],
                                   ["--to", "9999-12-31"]])
def test_report_refuses_dates_out_of_range(cli: Cli, dates: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("report", *dates)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "out of range: use a day from 1970-01-01 to 2999-12-31" in err and "Traceback" not in err


# --- arguments that are not UTF-8 ---------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="Windows passes arguments as UTF-16 text, never raw bytes")
@pytest.mark.parametrize(("argv", "shown"), [
    ([b"ticket", b"create", b"--subject", b"caf\xe9 \xff", b"--as", b"admin"], "caf\\xe9 \\xff"),
    ([b"ticket", b"list", b"--as", b"agent\xff"], "agent\\xff"),
])
def test_arguments_that_are_not_utf8_are_refused(committed_db: Database, database_url: str,
                                                 argv: list[str | bytes], shown: str) -> None:
    proc = run_cli(argv, cli_env(database_url, LC_ALL="C.UTF-8"))
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert shown in line and "UTF-8" in line


# --- database URLs and files --------------------------------------------------------------------

@pytest.mark.sqlite_file  # only SQLite files of its own
def test_a_database_below_a_regular_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "hostname"
    blocker.write_text("not a folder")
    url = f"sqlite:///{(blocker / 'x.db').as_posix()}"
    code, _out, err = cli("--database-url", url, "db", "upgrade")
    assert code == StorageUnavailable.exit_code
    assert f"{blocker} is a file, not a folder" in one_line(err)


@pytest.mark.parametrize(("url", "words"), [
    ("mysql://helpdesk@127.0.0.1/helpdesk", "runs on SQLite and PostgreSQL"),
    ("mssql+pyodbc://x@y/z", "runs on SQLite and PostgreSQL"),
    ("garbage", "is not a database URL"),
])
def test_database_urls_we_cannot_use_are_refused(cli: Cli, url: str, words: str) -> None:
    code, _out, err = cli("--database-url", url, "report")
    assert code == BadSetting.exit_code == 2
    assert words in one_line(err)


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_a_missing_sqlite_file_is_refused_and_not_created(cli: Cli, tmp_path: Path) -> None:
    typo = tmp_path / "helpdesk.sqlit3"
    for argv in (["report"], ["ticket", "list", "--as", "admin"], ["user", "list"], ["machine", "list"]):
        code, _out, err = cli("--database-url", f"sqlite:///{typo.as_posix()}", *argv)
        assert code == StorageUnavailable.exit_code
        line = one_line(err)
        assert str(typo) in line and "helpdesk db upgrade" in line and "helpdesk demo" in line
    assert not typo.exists()


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_db_upgrade_and_demo_create_a_new_sqlite_file(cli: Cli, tmp_path: Path) -> None:
    fresh = tmp_path / "new" / "helpdesk.sqlite3"
    assert cli("--database-url", f"sqlite:///{fresh.as_posix()}", "db", "upgrade")[0] == 0
    assert fresh.exists()
    other = tmp_path / "demo.sqlite3"
    code, out, _err = cli("--database-url", f"sqlite:///{other.as_posix()}", "demo", "--tickets", "3")
    assert code == 0 and "3 tickets" in out and other.exists()


# --- why the database could not be used ---------------------------------------------------------

def _fresh_sqlite(cli: Cli, path: Path) -> None:
    assert cli("--database-url", f"sqlite:///{path.as_posix()}", "db", "upgrade")[0] == 0


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_a_read_only_sqlite_database_says_so(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    _fresh_sqlite(cli, path)
    url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"  # read-only for root too
    code, _out, err = cli("--database-url", url, "user", "add", "budi", "--name", "Budi", "--role", "l1_agent")
    assert code == StorageUnavailable.exit_code
    assert "read-only" in one_line(err)


@pytest.mark.skipif(sys.platform == "win32" or (hasattr(os, "getuid") and os.getuid() == 0),
                    reason="root writes read-only files anyway")
@pytest.mark.sqlite_file  # only SQLite files of its own
def test_a_sqlite_file_without_write_permission_says_so(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    _fresh_sqlite(cli, path)
    path.chmod(0o444)
    code, _out, err = cli("--database-url", f"sqlite:///{path.as_posix()}", "user", "add", "budi",
                          "--name", "Budi", "--role", "l1_agent")
    assert code == StorageUnavailable.exit_code
    assert "read-only" in one_line(err)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens once it is closed


def test_postgresql_connection_refused_names_the_address(cli: Cli) -> None:
    port = _closed_port()
    code, _out, err = cli("--database-url", f"postgresql://helpdesk@127.0.0.1:{port}/helpdesk", "report")
    assert code == StorageUnavailable.exit_code
    assert f"127.0.0.1:{port} refused the connection" in one_line(err)


def test_postgresql_unknown_host_says_so(cli: Cli) -> None:
    code, _out, err = cli("--database-url", "postgresql://helpdesk@nohost.invalid/helpdesk", "report")
    assert code == StorageUnavailable.exit_code
    assert "host name nohost.invalid is unknown" in one_line(err)


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("needs the throwaway PostgreSQL (python -m tools.pg pytest)")
    return database_url


def test_postgresql_wrong_user_or_database_say_so(cli: Cli, postgres_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    # The throwaway cluster trusts loopback, so a wrong password passes; an unknown role does not.
    code, _out, err = cli("--database-url", url.set(username="nobody_here", password="wrong").render_as_string(
        hide_password=False), "report")
    assert code == StorageUnavailable.exit_code
    assert "refused the sign-in" in one_line(err)
    code, _out, err = cli("--database-url", url.set(database="no_such_db").render_as_string(hide_password=False),
                          "report")
    assert code == StorageUnavailable.exit_code
    assert "does not exist on the server" in one_line(err)


def test_a_plain_postgresql_url_means_psycopg_3(cli: Cli, postgres_url: str) -> None:
    from sqlalchemy.engine import make_url

    plain = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    assert plain.startswith("postgresql://")
    code, out, err = cli("--database-url", plain, "report")
    assert (code, err) == (0, "") and "Tickets created" in out


# --- closed pipes -------------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("argv", [["user", "list"], ["ticket", "list", "--as", "admin"], ["report"]])
def test_a_closed_pipe_ends_the_command_quietly(committed_db: Database, database_url: str, argv: list[str]) -> None:
    admin = f.user(committed_db, Role.ADMIN, name="admin")
    f.ticket(committed_db, admin, "Printer jams")
    proc = subprocess.Popen([sys.executable, "-m", "shared.cli", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=cli_env(database_url), cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the first line, as `| head -0` would
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == CLOSED_PIPE
    assert err == ""


# --- the server's port --------------------------------------------------------------------------

def test_serve_on_a_busy_port_says_so(cli: Cli) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _out, err = cli("serve", "--port", str(port))
    assert code == CannotListen.exit_code == 11
    assert f"Port {port} on 127.0.0.1 is already in use" in one_line(err)


def test_serve_on_an_address_of_another_machine_says_so(cli: Cli) -> None:
    code, _out, err = cli("serve", "--host", "192.0.2.1", "--port", "8080")  # TEST-NET-1: never ours
    assert code == CannotListen.exit_code
    assert "not an address of this machine" in one_line(err)


def test_an_unknown_as_user_suggests_the_names_meant(cli: Cli, committed_db: Database) -> None:
    f.user(committed_db, name="rina.kusuma")
    code, _out, err = cli("ticket", "list", "--as", "rina")
    assert code == 3
    assert one_line(err) == "error: Unknown user 'rina'. Did you mean rina.kusuma?"
    code, _out, err = cli("ticket", "list", "--as", "nobody")
    assert one_line(err) == "error: Unknown user 'nobody'."


@pytest.mark.parametrize("port", ["99999", "-1", "0", "http"])
def test_serve_refuses_a_port_that_is_not_one(cli: Cli, capsys: pytest.CaptureFixture[str], port: str) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("serve", "--port", port)
    assert exc.value.code == 2
    assert f"'{port}' is not a port: use a number from 1 to 65535" in capsys.readouterr().err


BIG = "99999999999999999999"  # beyond any database integer: the driver raised OverflowError


@pytest.mark.parametrize("argv", [
    ["incidents", "--as", "agent1", "confirm", BIG], ["incidents", "--as", "agent1", "dismiss", BIG],
    ["incidents", "--as", "agent1", "update", BIG, "x"], ["incidents", "--as", "agent1", "resolve", BIG, "x"],
    ["incidents", "--as", "agent1", "resolve", "2147483648", "x"], ["incidents", "--as", "agent1", "resolve", "0", "x"],
    ["admin", "--as", "admin", "checklist", "delete", BIG], ["admin", "--as", "admin", "rule", "edit", BIG],
    ["admin", "--as", "admin", "rule", "disable", BIG], ["admin", "--as", "admin", "rule", "move", BIG, "--to", "1"],
    ["admin", "--as", "admin", "canned", "edit", BIG, "--title", "x"],
    ["admin", "--as", "admin", "canned", "delete", "-5"],
])
def test_an_id_no_record_can_have_is_refused_in_one_line(cli: Cli, capsys: pytest.CaptureFixture[str],
                                                          argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli(*argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "is not an id: use a whole number from 1 to 2147483647" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["machine", "inventory", "1", "--changes", "--days", BIG],
                                  ["demo", "--tickets", "-5"],
                                  ["serve", "--workers", BIG], ["serve", "--workers", "0"]])
def test_a_count_out_of_range_is_refused_before_anything_starts(cli: Cli, capsys: pytest.CaptureFixture[str],
                                                                argv: list[str]) -> None:
    """`serve --workers 10**20` used to start server processes until the machine gave out (here,
    should the check ever go, the busy port stops it before a process starts)."""
    with socket.socket() as busy, pytest.raises(SystemExit) as exc:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        cli(*argv, *(["--port", str(busy.getsockname()[1])] if argv[0] == "serve" else []))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "is out of range: use a whole number from " in err and "Traceback" not in err


def test_a_file_path_that_cannot_be_used_is_one_line(cli: Cli, committed_db: Database, tmp_path: Path) -> None:
    f.defaults(committed_db)
    tech = f.agent(committed_db, tier=2)
    blocker = tmp_path / "hostname"
    blocker.write_text("a file")
    code, _out, err = cli("diag", "keygen", "--as", tech.username, "--key", str(blocker / "id_ed25519"))
    assert code == ValidationFailed.exit_code
    assert one_line(err) == f"error: Cannot use {blocker}: it is a file, not a folder."


def test_the_guard_maps_a_silent_server_and_keeps_tracebacks_for_bugs(capsys: pytest.CaptureFixture[str]) -> None:
    from shared.cli_guard import run_guarded

    def refused() -> int:
        raise ConnectionRefusedError(111, "Connection refused")

    assert run_guarded(refused) == 10
    assert one_line(capsys.readouterr().err) == "error: No answer from the server: Connection refused."

    def bug() -> int:
        raise OSError("an internal fault, no file named")

    with pytest.raises(OSError, match="internal fault"):
        run_guarded(bug)


def test_the_guard_maps_database_errors_and_keeps_tracebacks_for_bad_sql(capsys: pytest.CaptureFixture[str]) -> None:
    """The guard names SQLAlchemy's errors without importing SQLAlchemy (it looks the module up): a
    database that cannot be used is one line and StorageUnavailable's exit code; bad SQL is a bug."""
    import sqlite3

    from sqlalchemy.exc import OperationalError, ProgrammingError

    from shared.cli_guard import run_guarded

    def locked() -> int:
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))

    assert run_guarded(locked) == StorageUnavailable.exit_code
    assert one_line(capsys.readouterr().err).startswith("error: ")

    def bad_sql() -> int:
        raise ProgrammingError("SELEC 1", {}, sqlite3.ProgrammingError("syntax"))

    with pytest.raises(ProgrammingError):
        run_guarded(bad_sql)

    def bug() -> int:
        raise RuntimeError("not the database")

    with pytest.raises(RuntimeError, match="not the database"):
        run_guarded(bug)


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_output_survives_a_cp1252_console(tmp_path: Path) -> None:
    # A Windows console in cp1252 cannot encode Greek or "✓": the message comes out escaped, not as
    # a UnicodeEncodeError traceback.
    missing = tmp_path / "Γειά ✓" / "helpdesk.db"
    proc = run_cli(["--database-url", f"sqlite:///{missing.as_posix()}", "ticket", "show", "--as", "x", "1"],
                   cli_env("sqlite://", PYTHONIOENCODING="cp1252"))
    assert proc.returncode == StorageUnavailable.exit_code, proc.stderr
    assert "\\u0393\\u03b5\\u03b9\\u03ac \\u2713" in one_line(proc.stderr)


def test_a_settings_file_that_is_not_toml_is_one_line(cli: Cli, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """tomllib is imported only when there is a file to parse (shared.config); its syntax error
    still ends in one line and exit 2."""
    bad = tmp_path / "helpdesk.toml"
    bad.write_text("[helpdesk]\nticket_prefix = \n", encoding="utf-8")
    monkeypatch.setenv("HELPDESK_CONFIG", str(bad))
    code, _out, err = cli("user", "list")
    assert code == 2
    assert one_line(err).startswith("error: the settings file cannot be read: ")


def test_a_bad_setting_is_one_line_in_pydantic_s_words(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """shared.config checks the usual values itself and hands the rest to pydantic, whose
    refusal is still named by the guard (without importing pydantic itself to name it)."""
    monkeypatch.setenv("HELPDESK_AUTO_CLOSE_DAYS", "0")
    code, _out, err = cli("user", "list")
    assert code == 2
    assert one_line(err) == "error: bad setting auto_close_days: Input should be greater than or equal to 1"
    monkeypatch.setenv("HELPDESK_AUTO_CLOSE_DAYS", "7")
    monkeypatch.setenv("HELPDESK_SECURITY", '{"totp_required_roles": ["wizard"]}')
    code, _out, err = cli("user", "list")
    assert code == 2
    assert one_line(err).startswith("error: bad setting security.totp_required_roles: Value error, unknown role(s)")


def test_the_settings_file_guard_lets_other_value_errors_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a TOML error is the file's fault; any other ValueError from loading the settings is a
    bug and keeps its traceback (run_guarded's rule)."""
    from shared import cli, config

    def broken() -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(config, "load_settings", broken)
    with pytest.raises(ValueError, match="a bug"):
        cli.main(["user", "list"])
