"""`helpdesk shift …` and `helpdesk workload` on a real database: one line per mistake, never a
traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shared.cli import main
from shared.db.database import Database
from shared.services import roster
from tests import factories as f

# Servers, threads or the CLI's own engine read this data: it is committed, and wiped afterwards.
pytestmark = pytest.mark.usefixtures("committed_db")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def helpdesk(db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.setenv("HELPDESK_DATABASE_URL", database_url)
    monkeypatch.setenv("HELPDESK_LANGUAGE", "en")
    monkeypatch.setenv("HELPDESK_TIMEZONE", "Asia/Jakarta")
    f.defaults(db)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_a_roster_leave_and_workload_from_the_command_line(helpdesk: Run, db: Database) -> None:
    f.agent(db, name="budi", full_name="Budi Santoso")
    f.agent(db, name="dewi", full_name="Dewi Lestari")
    code, out, err = helpdesk("shift", "add", "--team", "Service Desk", "--agent", "budi", "--days", "mon-fri",
                              "--from", "08:00", "--to", "17:00")
    assert (code, out, err) == (0, "Budi Santoso: 5 shifts added to Service Desk.\n", "")
    assert helpdesk("shift", "leave", "--agent", "dewi", "--from", "2099-03-03", "--to", "2099-03-04",
                    "--note", "Family")[0] == 0
    assert helpdesk("shift", "holiday", "--team", "Service Desk", "--from", "2099-03-19", "--to", "2099-03-19",
                    "--note", "Nyepi")[0] == 0
    assert helpdesk("shift", "capacity", "--agent", "dewi", "15")[1] == "Dewi Lestari: capacity 15.\n"
    code, out, _err = helpdesk("shift", "list")
    lines = out.splitlines()
    assert code == 0 and "Mon Tue Wed Thu Fri" in lines[0] and "08:00–17:00 Asia/Jakarta" in lines[0]
    assert lines[1].startswith("Leave") and "Dewi Lestari" in lines[1] and "Family" in lines[1]
    assert lines[2].startswith("Holiday") and "Service Desk" in lines[2] and "Nyepi" in lines[2]
    leave = roster.upcoming_exceptions(db.uow(), f.user(db, f.Role.SUPERVISOR))[0]
    assert (leave.starts_at.isoformat(), leave.ends_at.isoformat()) == ("2099-03-02T17:00:00+00:00",
                                                                        "2099-03-04T17:00:00+00:00")
    code, out, _err = helpdesk("workload")
    assert code == 0 and out.splitlines()[0].split() == ["Agent", "Open", "Due", "soon", "Overdue", "Capacity",
                                                        "On", "shift"]
    dewi = next(line for line in out.splitlines() if line.startswith("Dewi Lestari"))
    assert dewi.split()[-2:] == ["15", "yes"]


@pytest.mark.parametrize(("argv", "code", "message"), [
    (("shift", "add", "--team", "Nope", "--agent", "budi", "--days", "mon", "--from", "8", "--to", "9"), 3,
     "error: Unknown team 'Nope'."),
    (("shift", "add", "--team", "Service Desk", "--agent", "budi", "--days", "mon", "--from", "8am", "--to", "9"),
     6, "error: '8am' is not a time of day like 08:00."),
    (("shift", "add", "--team", "Service Desk", "--agent", "budi", "--days", "someday", "--from", "8", "--to", "9"),
     6, "error: 'someday' is not a list of weekdays like mon-fri or sat,sun."),
    (("shift", "leave", "--agent", "budi", "--to", "tomorrow"), 6,
     "error: 'tomorrow' is not a date or time like 2026-12-24, 2026-12-24T13:00 or 17:00."),
    (("shift", "capacity", "--agent", "budi", "lots"), 6, "error: 'lots' is not a number of tickets or 'none'."),
    (("shift", "cover", "--agent", "nobody", "--to", "23:00"), 3, "error: Unknown user 'nobody'."),
])
def test_mistakes_print_one_line(helpdesk: Run, db: Database, argv: tuple[str, ...], code: int,
                                 message: str) -> None:
    f.agent(db, name="budi")
    got, out, err = helpdesk(*argv)
    assert (got, out, err.strip()) == (code, "", message)
