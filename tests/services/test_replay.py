"""tests/replay.py: a replayed build leaves exactly the rows and the clock the real build left."""

from typing import Any

from shared.db.database import Database
from shared.services import queue, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock
from tests.replay import _recordings, built_once, table_rows


@built_once
def small_queue(db: Database, clock: FakeClock) -> dict:  # type: ignore[type-arg]
    agent, alice = f.agent(db, name="budi"), f.user(db, name="alice")
    made = []
    for i in range(3):
        clock.advance(minutes=5)
        made.append(f.ticket(db, alice, subject=f"Printer {i} jams"))
    tickets.reply(db.uow(), agent, made[0].id, "On my way.")
    workflow.escalate(db.uow(), agent, made[1].id, 2, "hardware")
    return {"agent": agent, "ids": [t.id for t in made]}


def _but_stamp(rows: dict[str, Any]) -> dict[str, Any]:
    return {table: found for table, found in rows.items() if table != "reference_stamp"}


def test_a_replay_makes_what_the_build_made(db: Database, clock: FakeClock) -> None:
    conn = db.sessions.kw["bind"]
    start = clock.now
    first = conn.begin_nested()
    built = small_queue(db, clock)
    built_rows, built_clock = table_rows(conn), clock.now
    first.rollback()  # as if this were the next test

    clock.set(start)
    [recorded] = [r for (name, _state), r in _recordings.items() if name.endswith(".small_queue")]
    assert recorded is not None  # replayable: it only added rows
    replayed = small_queue(db, clock)
    assert replayed == built and clock.now == built_clock
    # Every row as built, but the reference stamp's random token (a replay moves it anew).
    assert _but_stamp(table_rows(conn)) == _but_stamp(built_rows)
    # The replayed rows work as built ones: the full-text index and the next insert follow them.
    agent = replayed["agent"]
    assert {t.id for t in queue.search(db.uow(), agent, "printer")} == set(replayed["ids"])
    assert [t.id for t in queue.search(db.uow(), agent, "way")] == [replayed["ids"][0]]
    newer = f.ticket(db, f.user(db), subject="After the replay")
    assert newer.id == max(replayed["ids"]) + 1
