"""Eight agents in eight processes on one ticket: every write is saved and audited, or refused
with Conflict; nothing else, and nothing lost. Runs on SQLite and PostgreSQL.

The assertions are invariants of the outcome, never who wins: the test does not depend on timing.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from shared.db.database import Database
from shared.models import OutboxMessage, Ticket, TimelineEntry
from shared.models.enums import EntryKind, Status
from tests import factories as f
from tests.conftest import FakeClock
from tests.services import race_worker
from tests.services.race_worker import Call
from tests.services.test_report_aggregates import assert_aggregates_match

AGENTS = 8
ROUNDS = 5
ROOT = Path(__file__).resolve().parents[2]


def _race(db: Database, database_url: str, clock: FakeClock, ticket_id: int, names: list[str],
          ids: list[int]) -> list[Call]:
    # forkserver: children start from a clean process (no inherited connections or threads) but
    # only import the worker once, so eight of them start in well under a second.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.services.race_worker"])
    barrier, results = ctx.Barrier(len(names)), ctx.Queue()
    procs = [ctx.Process(target=race_worker.run, args=(database_url, clock.now, i, name, ids, ticket_id, ROUNDS,
                                                       barrier, results)) for i, name in enumerate(names)]
    for p in procs:
        p.start()
    try:
        calls = [c for _ in procs for c in results.get(timeout=120)]
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    assert all(p.exitcode == 0 for p in procs)
    return calls


def _signature(call: Call, entries: list[TimelineEntry]) -> bool:
    """Whether the entries stamped with a call's version are the audit of that call."""
    events = {(e.field, e.new_value, e.body) for e in entries if e.kind == EntryKind.EVENT}
    if call.op in ("resolve", "status", "reopen"):
        target = Status.RESOLVED if call.op == "resolve" else call.value
        return ("status", target, call.tag) in events
    if call.op == "reply":
        return any(e.kind == EntryKind.REPLY and e.body == call.tag for e in entries)
    if call.op == "assign":
        return ("assignee_id", call.value, "") in events
    return ("priority", call.value, call.tag) in events


def test_eight_agents_race_on_one_ticket(committed_db: Database, database_url: str, clock: FakeClock) -> None:
    db = committed_db
    agents = [f.agent(db, tier=2, full_name=f"Agent {i}") for i in range(AGENTS)]  # L2 may override priority
    start = f.ticket(db, f.user(db))
    calls = _race(db, database_url, clock, start.id, [a.username for a in agents], [a.id for a in agents])

    # 1. Every call was saved or refused with Conflict: no other exception.
    assert [c for c in calls if c.outcome not in ("ok", "conflict")] == []
    assert len(calls) == AGENTS * (ROUNDS + 1)
    # 2. All eight resolved the version they had all read: exactly one of them did.
    first = Counter(c.outcome for c in calls if c.tag.endswith("-r0"))
    assert first == Counter(ok=1, conflict=AGENTS - 1)

    # 3. No lost update: the saved calls form one chain of versions, each built on the one before.
    saved = sorted((c for c in calls if c.outcome == "ok"), key=lambda c: c.expected)
    assert [c.expected for c in saved] == [start.version] + [c.version for c in saved[:-1]]
    assert all(c.version is not None and c.version > c.expected for c in saved)
    with db.uow() as uow:
        ticket = uow.session.get(Ticket, start.id)
        assert ticket is not None
        assert ticket.version == saved[-1].version
        entries = list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == start.id, TimelineEntry.ticket_version > start.version)))
        outbox = Counter(uow.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.ticket_id == start.id,
                                                                             OutboxMessage.channel == "email")))
        # ... and the ticket holds the last saved value of each field.
        last = {op: [c for c in saved if c.op == op][-1] for op in {c.op for c in saved}}
        if "resolve" in last:
            assert ticket.solution == last["resolve"].value
        if "priority" in last:
            assert ticket.priority == last["priority"].value
        if "assign" in last:
            assert str(ticket.assignee_id) == last["assign"].value

    # 4. Audited: each saved call left its events, stamped with its version, by its agent; the
    # refused ones left nothing at all.
    by_version: dict[int, list[TimelineEntry]] = {}
    for e in entries:
        by_version.setdefault(e.ticket_version, []).append(e)
    assert set(by_version) == {c.version for c in saved}
    author = {a.username: a.id for a in agents}
    for c in saved:
        assert c.version is not None
        mine = by_version[c.version]
        assert {e.author_id for e in mine} == {author[c.agent]}, c
        assert _signature(c, mine), (c, [(e.kind, e.field, e.new_value, e.body) for e in mine])
    refused = {c.tag for c in calls if c.outcome == "conflict"}
    assert not [e for e in entries if e.body in refused or e.new_value in refused]

    # 5. Notifications follow the saved calls only: one survey per resolution, one mail per reply.
    assert outbox["csat_request"] == sum(c.op == "resolve" for c in saved)
    assert outbox["agent_reply"] == sum(c.op == "reply" for c in saved)
    # Eight processes resolved, reopened and reassigned one ticket: its report aggregates moved
    # with every saved change and with no refused one.
    assert_aggregates_match(committed_db)


def test_concurrent_cli_resolves_one_wins(committed_db: Database, database_url: str) -> None:
    """`helpdesk ticket resolve` run at once by three agents: one exits 0, each other one prints
    one line and exits 7 (it lost the race) or 5 (it came after: the ticket is resolved already)."""
    db = committed_db
    agents = [f.agent(db) for _ in range(3)]
    t = f.ticket(db, f.user(db))
    env = {**os.environ, "HELPDESK_DATABASE_URL": database_url, "HELPDESK_LANGUAGE": "en"}
    runs = [subprocess.Popen([sys.executable, "-m", "shared.cli", "ticket", "resolve", t.number, "--as", a.username,
                              "--solution", f"Fixed by {a.username}"], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for a in agents]
    done = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    codes = sorted(code for code, _out, _err in done)
    assert codes[0] == 0 and set(codes[1:]) <= {5, 7}, done
    for code, _out, err in done:
        if code:
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    with db.uow() as uow:
        events = list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == t.id, TimelineEntry.field == "status",
            TimelineEntry.new_value == Status.RESOLVED)))
    assert len(events) == 1
