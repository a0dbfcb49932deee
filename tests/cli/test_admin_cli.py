"""`helpdesk admin …`: real runs against the test database; every mistake one line and its code."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from shared.cli import main
from shared.db.database import Database
from shared.services import users

# Servers, threads or the CLI's own engine read this data: it is committed, and wiped afterwards.
pytestmark = pytest.mark.usefixtures("committed_db")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HELPDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("HELPDESK_LANGUAGE", "en")
    monkeypatch.setenv("HELPDESK_TIMEZONE", "Asia/Jakarta")

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_first_day_users_from_csv_then_team_sla_and_holidays(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("admin", "user", "add", "root", "--name", "Root", "--role", "admin")[0] == 0
    people = tmp_path / "people.csv"
    people.write_text("username,full_name,email,role,teams\n"
                      "dewi,Dewi Lestari,dewi@example.id,l1_agent,Service Desk\n"
                      "eko,Eko,eko@example,l1_agent,Service Desk\n", encoding="utf-8")
    code, out, _err = cli("admin", "--as", "root", "user", "import", str(people), "--dry-run")
    assert code == 6 and "line 3: 'eko@example' is not an email address." in out and "nothing" in out
    people.write_text(people.read_text().replace("eko@example,", "eko@example.id,"), encoding="utf-8")
    code, out, _err = cli("admin", "--as", "root", "user", "import", str(people), "--dry-run")
    assert code == 0 and "dry run" in out
    assert cli("admin", "user", "show", "dewi")[0] == 3  # nothing written
    code, out, _err = cli("admin", "--as", "root", "user", "import", str(people))
    assert code == 0 and "dewi, eko" in out

    code, out, _err = cli("admin", "--as", "root", "team", "add", "Night Desk", "--tier", "1")
    assert code == 0
    assert cli("admin", "--as", "root", "team", "members", "Night Desk", "--add", "eko")[0] == 0
    code, out, _err = cli("admin", "team", "list")
    assert "Night Desk" in out and "eko" in out

    code, out, _err = cli("admin", "--as", "root", "sla", "set", "P2", "--response", "45m", "--resolution", "6h")
    assert code == 0 and "45 min" in out and "6 h" in out
    code, out, _err = cli("admin", "--as", "root", "sla", "set", "P2", "--category", "Network / VPN",
                          "--response", "15m")
    assert code == 0 and "P2 (category Network / VPN)" in out and "15 min" in out and "6 h" in out  # the rest: from P2
    code, out, _err = cli("admin", "sla", "list")
    assert "P2 (category Network / VPN): respond within 15 min, resolve within 6 h" in out
    assert cli("admin", "--as", "root", "sla", "remove", "P2", "--category", "VPN")[0] == 0
    assert "Network / VPN" not in cli("admin", "sla", "list")[1]
    code, out, _err = cli("admin", "--as", "root", "calendar", "import-ics",
                          str(ROOT / "resources/calendars/id-holidays-2027.ics"))
    assert code == 0 and "17 holidays added" in out
    code, out, _err = cli("admin", "--as", "root", "calendar", "holiday-add", "2027-12-31", "Tutup buku")
    assert code == 0
    code, out, _err = cli("admin", "calendar", "list")
    assert "2027-12-31  Tutup buku" in out and "2027-08-17" in out

    code, out, _err = cli("admin", "audit", "list", "--who", "root", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["action"] for r in rows} >= {"user.create", "team.create", "team.members", "sla.edit",
                                           "holiday.import", "holiday.add"}
    out_file = tmp_path / "audit.csv"
    code, out, _err = cli("admin", "audit", "list", "--action", "holiday.", "--csv", "--output", str(out_file))
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))) == 2


def test_users_rules_and_canned_from_the_command_line(cli, db: Database) -> None:  # type: ignore[no-untyped-def]
    assert cli("admin", "user", "add", "budi", "--name", "Budi", "--role", "l1_agent", "--team", "Service Desk",
               "--phone", "0812 555 0101")[0] == 0
    assert cli("admin", "user", "edit", "budi", "--department", "IT", "--user-language", "id")[0] == 0
    assert users.actor_for(db.uow(), "budi").language == "id"  # the user's, not the command's output language
    code, out, _err = cli("admin", "user", "show", "budi")
    assert "IT" in out and "0812 555 0101" in out
    code, out, _err = cli("admin", "user", "reset-password", "budi")
    assert code == 0 and "New password for budi: " in out
    code, out, _err = cli("admin", "user", "deactivate", "budi")
    assert code == 0 and "deactivated" in out
    code, out, _err = cli("admin", "user", "list", "--active")
    assert "budi" not in out
    assert cli("admin", "user", "reactivate", "budi")[0] == 0

    code, out, _err = cli("admin", "rule", "add", "--keywords", "sap,payroll", "--category", "Applications")
    assert code == 0 and "Software / Applications" in out
    rule_id = out.split("#")[1].split()[0]
    code, out, _err = cli("admin", "rule", "test", "Payroll is stuck")
    assert code == 0 and f"Rule {rule_id}" in out and "'payroll' in the subject" in out
    assert cli("admin", "rule", "move", rule_id, "--to", "1")[1].splitlines()[0].startswith(f"  1. #{rule_id}")
    assert cli("admin", "rule", "disable", rule_id)[0] == 0
    assert "No active rule" in cli("admin", "rule", "test", "Payroll is stuck")[1]
    assert cli("admin", "category", "add", "SAP", "--parent", "Software")[0] == 0
    assert "Software / SAP" in cli("admin", "category", "list")[1]
    code, out, _err = cli("admin", "category", "disable", "Software / SAP")
    assert code == 0 and "disabled" in out
    assert "Software / SAP" in next(line for line in cli("admin", "category", "list")[1].splitlines()
                                    if "[disabled]" in line)

    code, out, _err = cli("admin", "canned", "add", "--title", "Restart", "--body", "Hi {requester_name}")
    assert code == 0
    canned_id = out.split("#")[1].split(":")[0]
    assert cli("admin", "canned", "edit", canned_id, "--title", "Restart first")[0] == 0
    assert "Restart first" in cli("admin", "canned", "list")[1]
    assert cli("admin", "canned", "delete", canned_id)[0] == 0


@pytest.mark.parametrize(("argv", "code", "message"), [
    (("admin", "user", "show", "nobody"), 3, "Unknown user 'nobody'."),
    (("admin", "user", "add", "x1", "--name", "X", "--role", "requester", "--email", "nope"), 6, "not an email"),
    (("admin", "user", "import", "/no/such/file.csv"), 3, "Cannot read /no/such/file.csv"),
    (("admin", "team", "add", "Deep", "--tier", "9"), 6, "tier 1 to 4"),
    (("admin", "rule", "edit", "99999", "--keywords", "x"), 3, "No rule with id 99999."),
    (("admin", "rule", "move", "1", "--to", "0"), 6, "--to counts from 1"),
    (("admin", "sla", "set", "P7", "--response", "5"), 6, "not a priority"),
    (("admin", "sla", "set", "P2", "--response", "4h", "--resolution", "1h"), 6, "no shorter than response"),
    (("admin", "calendar", "add", "X", "--timezone", "Asia/Jakarta", "--hours", "mon-fri 9-5"), 6, "time span"),
    (("admin", "calendar", "import-ics", __file__), 6, "not an iCalendar"),
    (("admin", "canned", "delete", "424242"), 3, "No canned response"),
    (("admin", "audit", "list", "--who", "ghost"), 3, "Unknown user 'ghost'."),
    (("admin", "--as", "ghost", "team", "list"), 3, "Unknown user 'ghost'."),
    (("admin", "audit", "list", "--since", "yesterday"), 2, "not a date"),
    (("admin", "sla", "set", "P2", "--response", "soon"), 2, "not a duration"),
    (("admin", "sla", "set", "P2", "--category", "Nowhere", "--response", "5m"), 3, "Unknown category 'Nowhere'."),
    (("admin", "sla", "remove", "P2", "--category", "VPN"), 3, "no P2 policy of its own"),
])
def test_mistakes_print_one_line_and_their_exit_code(cli, argv: tuple[str, ...], code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    got, _out, err = cli(*argv)
    assert got == code and message in err
    assert "Traceback" not in err and (code == 2 or len(err.strip().splitlines()) == 1)


def test_an_agent_is_refused_with_exit_code_4(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("admin", "user", "add", "ani", "--name", "Ani", "--role", "l1_agent")[0] == 0
    code, _out, err = cli("admin", "--as", "ani", "user", "add", "x2", "--name", "X", "--role", "requester")
    assert code == 4 and "may not do this: manage users" in err  # the permission in words
