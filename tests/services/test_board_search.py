"""The board's search through its trigram index (migration 0021) finds what the scan found: any
part of a host name or last user, case-insensitively; the index follows every change of name and
user; a refresh is the count and the first page in one statement, equal to `count` + `page`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, update

from bench import fleet
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models import Machine, MachineHealth
from shared.services import board
from shared.services.board import BoardQuery
from tests.statements import recorded

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
NAMES = {"LAPTOP-Rina": "rina.s", "ws_acc_014": "Budi_Santoso", "WS-ACC-015": None, "Print 50%": "o'brien",
         'Kiosk "Lobby"': "LOBBY", "db-01.corp.example": "svc-backup", "BUDI-PC": "budi.h"}  # Budi twice
TEXTS = ["pc-012", "PC-0001", "user99", "USER1", "rina", "aPt", "acc", "_acc", "acc_0", "50%", "%", "_", "a", "pc",
         "-0", '"lobby"', "kiosk \"", "o'b", "corp.ex", ".", "backup", "budi", "nothing like it", "0", "user", "c-01"]


@pytest.fixture
def machines(db: Database) -> dict[int, tuple[str, str | None]]:
    """A few machines with awkward names and 300 of the fleet; every machine's (host name, last user).
    The few first: the fleet writes its own ids (after the highest), which PostgreSQL's sequence skips."""
    with db.uow() as uow:
        for name, user in NAMES.items():
            machine = Machine(hostname=name, created_at=NOW, last_seen_at=NOW)
            uow.session.add(machine)
            uow.session.flush()
            uow.session.add(MachineHealth(machine_id=machine.id, last_user=user, updated_at=NOW))
        uow.commit()
    fleet.build(db.uow(), 300, NOW, with_history=1)
    return _all(db)


def _all(db: Database) -> dict[int, tuple[str, str | None]]:
    with db.uow() as uow:
        rows = uow.session.execute(select(Machine.id, Machine.hostname, MachineHealth.last_user)
                                   .outerjoin(MachineHealth, MachineHealth.machine_id == Machine.id)).all()
        return {r.id: (r.hostname, r.last_user) for r in rows}


def expected(machines: dict[int, tuple[str, str | None]], text: str) -> list[int]:
    """The scan's answer: the text anywhere in the host name or last user, any case, by name."""
    needle = text.strip().lower()
    found = [(host, i) for i, (host, user) in machines.items()
             if needle in host.lower() or needle in (user or "").lower()]
    return [i for _host, i in sorted(found)]


def searched(db: Database, text: str, **filters: bool) -> list[int]:
    query = BoardQuery(search=text, **filters)
    total = board.count(db.uow(), SYSTEM, query)
    ids = [r.id for offset in range(0, max(total, 1), 100) for r in board.page(db.uow(), SYSTEM, query, offset, 100)]
    assert len(ids) == total
    return ids


@pytest.mark.parametrize("text", TEXTS)
def test_the_search_finds_what_the_scan_found(db: Database, machines: dict[int, tuple[str, str | None]],
                                              text: str) -> None:
    assert searched(db, text) == expected(machines, text)


def test_the_typed_text_is_taken_literally(db: Database, machines: dict[int, tuple[str, str | None]]) -> None:
    host = {h: i for i, (h, _u) in machines.items()}
    assert searched(db, "50%") == [host["Print 50%"]]  # not "50" followed by anything
    assert searched(db, "acc_0") == [host["ws_acc_014"]]  # _ is an underscore, not any character
    assert searched(db, "_") == [host["ws_acc_014"]]  # (Budi_Santoso is the same machine)
    assert searched(db, '"lobby"') == [host['Kiosk "Lobby"']]


def test_search_combines_with_the_filters(db: Database, machines: dict[int, tuple[str, str | None]]) -> None:
    low = {r.id for r in board.page(db.uow(), SYSTEM, BoardQuery(low_disk=True), 0, 500)}
    assert searched(db, "pc-00", low_disk=True) == [i for i in expected(machines, "pc-00") if i in low]
    assert searched(db, "user1", offline=True, low_disk=True) == \
        [i for i in searched(db, "user1", offline=True) if i in low]


def test_the_index_follows_names_users_and_removals(db: Database,
                                                   machines: dict[int, tuple[str, str | None]]) -> None:
    host = {h: i for i, (h, _u) in machines.items()}
    rina = host["LAPTOP-Rina"]
    with db.uow() as uow:
        uow.session.execute(update(Machine).where(Machine.id == rina).values(hostname="LAPTOP-Sari"))
        uow.session.execute(update(MachineHealth).where(MachineHealth.machine_id == host["WS-ACC-015"])
                            .values(last_user="dewi.k"))
        uow.session.execute(update(MachineHealth).where(MachineHealth.machine_id == host["ws_acc_014"])
                            .values(last_user=None, cpu=12.0))
        uow.session.execute(delete(Machine).where(Machine.id == host["db-01.corp.example"]))
        uow.commit()
    assert searched(db, "laptop-s") == [rina] and searched(db, "laptop-r") == []
    assert searched(db, "rina.s") == [rina]  # the user stayed
    assert searched(db, "dewi") == [host["WS-ACC-015"]]
    assert searched(db, "santoso") == []
    assert searched(db, "corp.ex") == [] and searched(db, "svc-backup") == []
    now = _all(db)
    for text in TEXTS:
        assert searched(db, text) == expected(now, text), text


@pytest.mark.parametrize("query", [BoardQuery(), BoardQuery(search="pc-01"), BoardQuery(search="USER9", low_disk=True),
                                   BoardQuery(offline=True), BoardQuery(search="pc"), BoardQuery(search="no such")])
def test_a_refresh_is_count_and_first_page_in_one_statement(db: Database, machines: dict[int, tuple[str, str | None]],
                                                            query: BoardQuery) -> None:
    with recorded(db) as seen:
        total, rows = board.refresh(db.uow(), SYSTEM, query, 100)
    assert len([s for s in seen if s.startswith(("SELECT", "WITH"))]) == 1
    assert total == board.count(db.uow(), SYSTEM, query)
    assert rows == board.page(db.uow(), SYSTEM, query, 0, 100)
