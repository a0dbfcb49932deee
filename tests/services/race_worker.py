"""One agent in its own process, driving one ticket through the service layer (tests/services/test_races.py).

Each call reads the ticket, picks a change that is valid for what it read, and saves it with
`expected_version`. It reports every call as ("ok", result version), ("conflict", None) or
("error", description): the test then checks the database against that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from multiprocessing.synchronize import Barrier
from typing import Any

from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.errors import Conflict
from shared.i18n import set_language
from shared.models.enums import Status
from shared.services import tickets, users, workflow
from shared.services.dto import TicketDetail
from tests import audit_guard

OPS = ("resolve", "reply", "assign", "status", "priority")
_PRIORITIES = ("P1", "P2", "P3", "P4")


@dataclass(frozen=True)
class Call:
    agent: str
    op: str
    tag: str  # unique text in the call's body or reason: what it leaves behind can be found
    expected: int
    outcome: str  # ok | conflict | error
    version: int | None = None
    value: str = ""  # what it set: the solution, the assignee's id, the status, the priority
    detail: str = ""


def _database(url: str, now: datetime) -> Database:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    audit_guard.install(sessions)
    return Database(Settings(database_url=url, language="en"), engine, sessions, lambda: now)


def _apply(db: Database, actor: Any, others: list[int], op: str, t: TicketDetail,
           tag: str) -> tuple[str, str, TicketDetail]:
    """The change `op` stands for, adapted to the state read (so only a race can refuse it), and
    what it really was ("reopen" when the ticket was resolved)."""
    v = t.version
    if t.status == Status.RESOLVED:  # any other change starts by reopening it
        return "reopen", Status.IN_PROGRESS, workflow.change_status(
            db.uow(), actor, t.id, Status.IN_PROGRESS, reason=tag, expected_version=v)
    if op == "resolve":
        return op, tag, workflow.resolve(db.uow(), actor, t.id, tag, expected_version=v)
    if op == "reply":
        return op, tag, tickets.reply(db.uow(), actor, t.id, tag, expected_version=v)
    if op == "assign":
        current = t.assignee.id if t.assignee else None
        target = next(i for i in others if i != current)
        return op, str(target), workflow.assign(db.uow(), actor, t.id, target, expected_version=v)
    if op == "status":
        status = Status.PENDING_USER if t.status != Status.PENDING_USER else Status.IN_PROGRESS
        return op, status, workflow.change_status(db.uow(), actor, t.id, status, reason=tag, expected_version=v)
    priority = next(p for p in _PRIORITIES if p != t.priority)
    return op, priority, tickets.override_priority(db.uow(), actor, t.id, priority, tag, expected_version=v)


def run(url: str, now: datetime, index: int, agent: str, others: list[int], ticket_id: int, rounds: int,
        barrier: Barrier, results: Any) -> None:
    """Round 0: every agent resolves the version all of them read before the barrier (one wins).
    Then `rounds` calls as fast as they go, each on the version it just read."""
    set_language("en")
    db = _database(url, now)
    calls: list[Call] = []

    def attempt(op: str, read: TicketDetail, tag: str) -> None:
        try:
            did, value, done = _apply(db, actor, others, op, read, tag)
            calls.append(Call(agent, did, tag, read.version, "ok", done.version, str(value)))
        except Conflict:
            calls.append(Call(agent, op, tag, read.version, "conflict"))
        except Exception as exc:  # anything else is what this test exists to find
            calls.append(Call(agent, op, tag, read.version, "error", detail=f"{type(exc).__name__}: {exc}"))

    try:
        actor = users.actor_for(db.uow(), agent)
        first = tickets.get(db.uow(), actor, ticket_id)
        barrier.wait(timeout=60)
        attempt("resolve", first, f"{agent}-r0")
        for r in range(1, rounds + 1):
            op = OPS[(index + r) % len(OPS)]
            attempt(op, tickets.get(db.uow(), actor, ticket_id), f"{agent}-r{r}")
    except Exception as exc:
        calls.append(Call(agent, "setup", "", 0, "error", detail=f"{type(exc).__name__}: {exc}"))
    finally:
        results.put(calls)
        db.close()
