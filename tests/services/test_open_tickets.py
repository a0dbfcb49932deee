"""users.open_tickets (migration 0023): each agent's active tickets, kept by triggers on tickets, and
the assignment that reads it (candidates as columns, only the picked agents loaded)."""

import contextlib
import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Table, column, func, insert, inspect, select, table, text, update

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.db.engine import make_engine
from shared.db.migrate import downgrade, upgrade
from shared.errors import HelpdeskError
from shared.models import Ticket, User, team_members
from shared.models.enums import ACTIVE_STATUSES, Role, Status
from shared.services import assignment, report_aggregates, roster, workflow
from shared.services.creation import NewTicket, create_many
from tests import factories as f
from tests.conftest import FakeClock
from tests.statements import recorded

_TICKETS: Table = Ticket.__table__  # type: ignore[assignment]


def _stored_and_counted(conn: Connection) -> tuple[dict[int, int], dict[int, int]]:
    stored = {uid: n for uid, n in conn.execute(select(User.id, User.open_tickets))}
    counted = dict.fromkeys(stored, 0) | {uid: n for uid, n in conn.execute(
        select(Ticket.assignee_id, func.count()).where(Ticket.assignee_id.is_not(None),
                                                       Ticket.status.in_(ACTIVE_STATUSES))
        .group_by(Ticket.assignee_id))}
    return stored, counted


def _check(db: Database) -> dict[int, int]:
    with db.uow() as uow:
        stored, counted = _stored_and_counted(uow.session.connection())
    assert stored == counted
    return stored


def _copy_ticket(conn: Connection, ticket_id: int, **changes: Any) -> int:
    """A ticket written by SQL, as an import or a bulk load writes one (no service, no ORM)."""
    row = dict(conn.execute(select(_TICKETS).where(_TICKETS.c.id == ticket_id)).mappings().one())
    del row["id"]
    row.update(merged_into_id=None, **changes)
    return int(conn.execute(_TICKETS.insert().values(**row).returning(_TICKETS.c.id)).scalar_one())


def test_the_stored_counts_equal_a_direct_count_after_random_operations(db: Database, clock: FakeClock) -> None:
    rng = random.Random(18)
    lead = f.user(db, Role.ADMIN, teams=("Service Desk", "Desktop Support", "Infrastructure"))
    agents = [f.agent(db, tier, name=f"agent{tier}{i}") for tier in (1, 2, 3) for i in range(3)]
    roster.set_capacity(db.uow(), lead, agents[1].id, 2)
    requester = f.user(db)
    ids = [f.ticket(db, requester, subject=f"Printer {i} jams").id for i in range(6)]
    assert sum(_check(db).values()) == 6  # all auto-assigned to the first-line agents

    done: dict[str, int] = {}

    def step() -> None:
        op = rng.choice(["create", "batch", "assign", "unassign", "escalate", "status", "resolve", "close",
                         "reopen", "merge", "sql_assign", "sql_status", "sql_insert", "sql_delete"])
        t = rng.choice(ids)
        who = rng.choice(agents)
        if op in ("close", "reopen"):  # mostly refused from other states: pick a resolved ticket when there is one
            with db.uow() as uow:
                resolved = uow.session.scalars(select(Ticket.id).where(Ticket.status == Status.RESOLVED,
                                                                      Ticket.id.in_(ids))).all()
            t = rng.choice(resolved) if resolved else t
        if op == "create":
            ids.append(f.ticket(db, requester, subject=f"VPN down {len(ids)}").id)
        elif op == "batch":
            ids.extend(d.id for d in create_many(db.uow(), requester, [
                NewTicket(subject=f"Monitor flickers {len(ids)} {k}", description="") for k in range(3)]))
        elif op == "assign":
            workflow.assign(db.uow(), lead, t, who.id)
        elif op == "unassign":
            workflow.assign(db.uow(), lead, t, None)
        elif op == "escalate":
            workflow.escalate(db.uow(), lead, t, rng.choice([2, 3, 4]), "needs hands")
        elif op == "status":
            workflow.change_status(db.uow(), lead, t, rng.choice(
                [Status.OPEN, Status.IN_PROGRESS, Status.PENDING_USER, Status.PENDING_VENDOR]))
        elif op == "resolve":
            workflow.resolve(db.uow(), lead, t, "Replaced the cable.")
        elif op == "close":
            workflow.close(db.uow(), lead, t, "done")
        elif op == "reopen":
            workflow.reopen(db.uow(), lead, t, "It is back.")
        elif op == "merge":
            workflow.merge(db.uow(), lead, t, rng.choice(ids))
        else:
            with db.uow() as uow:
                conn = uow.session.connection()
                if op == "sql_assign":
                    conn.execute(update(_TICKETS).where(_TICKETS.c.id == t).values(
                        assignee_id=rng.choice([who.id, None])))
                elif op == "sql_status":
                    conn.execute(update(_TICKETS).where(_TICKETS.c.id == t).values(
                        status=rng.choice(list(Status)).value))
                elif op == "sql_insert":
                    ids.append(_copy_ticket(conn, t, assignee_id=who.id, status=rng.choice(list(Status)).value))
                else:  # only a ticket written by SQL: the services' tickets have rows pointing at them
                    sql_made = [i for i in ids if i > 0 and conn.scalar(text(
                        "SELECT count(*) FROM timeline_entries WHERE ticket_id = :t"), {"t": i}) == 0]
                    if sql_made:
                        gone = rng.choice(sql_made)
                        conn.execute(_TICKETS.delete().where(_TICKETS.c.id == gone))
                        ids.remove(gone)
                uow.commit()
        done[op] = done.get(op, 0) + 1

    for _ in range(90):
        clock.advance(minutes=7)
        with contextlib.suppress(HelpdeskError):  # a refused move changes nothing: the counts must still agree
            step()
        _check(db)
    assert len(done) == 14, sorted(done)  # every kind of change went through at least once
    stored = _check(db)
    assert sum(stored.values()) > 0 and len([n for n in stored.values() if n]) > 2  # the walk moved tickets around


def test_rebuild_aggregates_repairs_the_counts(db: Database) -> None:
    requester = f.user(db)
    f.agent(db, name="ana")
    f.agent(db, name="beni")
    for i in range(3):
        f.ticket(db, requester, subject=f"Laptop {i} overheats")
    right = _check(db)
    with db.uow() as uow:  # written wrong past the triggers (a restore, SQL by hand)
        uow.session.execute(update(User).values(open_tickets=99))
        uow.commit()
    report_aggregates.rebuild_aggregates(db.uow(), SYSTEM)
    assert _check(db) == right


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_the_migration_counts_the_existing_tickets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch = make_engine(f"sqlite:///{(tmp_path / 'm.sqlite3').as_posix()}")
    upgrade(scratch)
    with scratch.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, full_name, role, active, on_duty, timezone, created_at, "
                          "source, failed_signins, open_tickets) VALUES "
                          "(1, 'ana', 'Ana', 'l1_agent', 1, 1, 'UTC', '2026-01-01 00:00:00', 'local', 0, 0), "
                          "(2, 'ria', 'Ria', 'requester', 1, 1, 'UTC', '2026-01-01 00:00:00', 'local', 0, 0)"))
    downgrade(scratch, "0021")  # the column and the triggers go; tickets come in without them
    required = {c["name"]: c["type"] for c in inspect(scratch).get_columns("tickets")
                if not c["nullable"] and c["default"] is None and c["name"] != "id"}
    filler = {name: "2026-01-01 00:00:00" if "DATE" in str(kind).upper() or "TIME" in str(kind).upper()
              else 0 if "INT" in str(kind).upper() or "BOOL" in str(kind).upper() else "x"
              for name, kind in required.items()}
    with scratch.begin() as conn:
        for i, status in enumerate(["new", "open", "pending_vendor", "resolved", "closed", "in_progress"]):
            conn.execute(insert(table("tickets", *(column(n) for n in [*filler, "assignee_id"]))).values(
                filler | {"requester_id": 2, "assignee_id": 1 if i < 5 else None, "status": status}))
    upgrade(scratch)
    with scratch.begin() as conn:
        assert dict(conn.execute(text("SELECT id, open_tickets FROM users")).all()) == {1: 3, 2: 0}
    scratch.dispose()


def test_candidates_are_read_as_columns_and_only_the_picked_agent_is_loaded(db: Database) -> None:
    agents = [f.agent(db, name=f"agent{i}") for i in range(4)]
    requester = f.user(db)
    f.ticket(db, requester)  # warm the per-process reference cache
    with recorded(db) as statements, db.uow() as uow:
        [made] = create_many(uow, requester, [NewTicket(subject="Keyboard missing keys", description="")])
        loaded = {u.id for u in uow.session.identity_map.values() if isinstance(u, User)}
    assert made.assignee is not None
    candidates = {a.id for a in agents} - {made.assignee.id}
    assert not loaded & candidates  # the others were never User objects
    # The candidates' SELECT counts no tickets: the load is the stored column.
    [pick] = [s for s in statements if "team_members" in s and "users" in s]
    assert " tickets" not in pick and "users.open_tickets" in pick
    # The picked agent is stamped and loaded by one UPDATE … RETURNING, before the ticket's INSERT.
    stamps = [i for i, s in enumerate(statements) if s.startswith("UPDATE users SET last_assigned_at")]
    inserts = [i for i, s in enumerate(statements) if s.startswith("INSERT INTO tickets")]
    assert len(stamps) == 1 and "RETURNING" in statements[stamps[0]] and stamps[0] < inserts[0]


def test_a_batch_stamps_every_picked_agent_in_one_statement(db: Database, clock: FakeClock) -> None:
    agents = [f.agent(db, name=f"agent{i}") for i in range(3)]
    requester = f.user(db)
    with recorded(db) as statements:
        made = create_many(db.uow(), requester, [NewTicket(subject=f"Mouse {i} broken", description="")
                                                for i in range(6)])
    assert sorted(m.assignee.id for m in made if m.assignee) == sorted(a.id or 0 for a in agents for _ in range(2))
    assert len([s for s in statements if s.startswith("UPDATE users")]) == 1  # the triggers' updates are not statements
    with db.uow() as uow:
        stamped = dict(uow.session.execute(select(User.id, User.last_assigned_at)
                                           .where(User.id.in_([a.id for a in agents]))).tuples().all())
    assert set(stamped.values()) == {clock.now}
    stored = _check(db)
    assert [stored[a.id] for a in agents] == [2, 2, 2]


def test_the_picked_agent_already_in_the_session_sees_its_new_stamp(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db, name="solo")
    with db.uow() as uow:
        user = uow.session.get(User, agent.id)
        assert user is not None and user.last_assigned_at is None
        picker = assignment.AgentPicker(uow.session, clock.now)
        picked = picker.pick(f.team_id(db, "Service Desk"), 1, clock.now)
        assert picked is not None and picked.id == agent.id
        assert picker.claim(clock.now) == {agent.id: user}  # the same object, stamped
        assert user.last_assigned_at == clock.now
        assert picker.claim(clock.now) == {}  # nothing picked since


@pytest.mark.parametrize("capacity", [1, 2])
def test_capacity_is_judged_on_the_stored_count(db: Database, capacity: int) -> None:
    agent = f.agent(db, name="narrow")
    roster.set_capacity(db.uow(), f.user(db, Role.SUPERVISOR, teams=("Service Desk",)), agent.id, capacity)
    requester = f.user(db)
    made = [f.ticket(db, requester, subject=f"Phone {i} dead") for i in range(capacity + 1)]
    assert [m.assignee.id if m.assignee else None for m in made] == [agent.id] * capacity + [None]
    workflow.resolve(db.uow(), f.user(db, Role.ADMIN), made[0].id, "Fixed.")
    again = f.ticket(db, requester, subject="Phone dead again")  # a place is free again
    assert again.assignee is not None and again.assignee.id == agent.id


def test_an_agent_deleted_between_pick_and_claim_leaves_the_ticket_unassigned(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = f.agent(db, name="leaver")
    claim = assignment.AgentPicker.claim

    def deleted_first(picker: assignment.AgentPicker, now: Any) -> dict[int, User]:
        picker.session.execute(text("DELETE FROM team_members WHERE user_id = :u"), {"u": gone.id})
        picker.session.execute(text("DELETE FROM users WHERE id = :u"), {"u": gone.id})
        return claim(picker, now)

    monkeypatch.setattr(assignment.AgentPicker, "claim", deleted_first)
    made = f.ticket(db, f.user(db))
    assert made.assignee is None and made.status == Status.NEW
    with db.uow() as uow:
        assert uow.session.scalar(select(Ticket.assignee_name).where(Ticket.id == made.id)) == ""


def _users_rows_read(conn: Connection, statement: str) -> int:
    """How many users rows the database looked at to answer `statement` (its plan, run)."""
    if conn.dialect.name == "sqlite":  # no counts: a SEARCH reads the rows it finds, a SCAN reads them all
        plan = [row[3] for row in conn.execute(text("EXPLAIN QUERY PLAN " + statement))]
        return 0 if all(not step.startswith("SCAN users") for step in plan) else 10**9
    found = conn.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + statement)).scalar_one()
    tree = found if isinstance(found, list) else json.loads(found)

    def walk(node: dict[str, Any]) -> int:
        own = 0
        if node.get("Relation Name") == "users":
            own = int(node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * int(node["Actual Loops"])
        return own + sum(walk(child) for child in node.get("Plans", ()))

    return walk(tree[0]["Plan"])


def test_the_candidate_agents_are_read_without_walking_every_user(db: Database) -> None:
    """Migration 0024: a team's candidates of one role are found through the role's users in id
    order. On (role) alone PostgreSQL's merge join walked every user after the team's last member
    looking for one more of the role (each new ticket read all 2,050 users at 100k tickets)."""
    f.defaults(db)
    team = f.team_id(db, "Service Desk")
    with db.uow() as uow:
        conn = uow.session.connection()
        top = conn.scalar(select(func.max(User.id))) or 0
        users_t: Table = User.__table__  # type: ignore[assignment]
        base = {"active": True, "on_duty": True, "timezone": "UTC", "created_at": datetime.now(UTC),
                "source": "local", "failed_signins": 0, "open_tickets": 0}
        agents = [{"id": top + 1 + i, "username": f"l1x{i}", "full_name": f"L1 {i}", "role": "l1_agent", **base}
                  for i in range(24)]
        people = [{"id": top + 100 + i, "username": f"reqx{i}", "full_name": f"Req {i}", "role": "requester", **base}
                  for i in range(3000)]
        conn.execute(insert(users_t), agents + people)
        conn.execute(insert(team_members), [{"team_id": team, "user_id": a["id"]} for a in agents])
        conn.execute(text("ANALYZE users"))
        conn.execute(text("ANALYZE team_members"))
        statement = str(assignment._candidates_statement(Role.L1_AGENT).params(team_id=team).compile(
            dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        role_users = conn.scalar(select(func.count()).select_from(User).where(User.role == "l1_agent"))
        assert len(assignment._candidates(uow.session, team, Role.L1_AGENT)) >= 24
        assert _users_rows_read(conn, statement) <= 2 * (role_users or 0) + 10  # not the 3,000 requesters


@pytest.mark.parametrize("role", [Role.L1_AGENT, Role.L2_TECHNICIAN, Role.L3_ENGINEER])
def test_the_candidates_statement_names_its_role_and_binds_only_the_team(db: Database, role: Role) -> None:
    """With the role bound, PostgreSQL judged its one plan for any role (a sixth of all users)
    dearer than a plan for the given role and planned again at every new ticket; with the role in
    the text, each role's prepared statement keeps its plan. The rows stay the same."""
    statement = assignment._candidates_statement(role)
    assert statement is assignment._candidates_statement(role)  # built once per role
    compiled = statement.compile(dialect=db.engine.dialect)
    assert set(compiled.params) == {"team_id"}
    assert f"'{role.value}'" in str(compiled)
    lead = f.user(db, Role.ADMIN, teams=("Service Desk", "Desktop Support", "Infrastructure"))
    tier = {Role.L1_AGENT: 1, Role.L2_TECHNICIAN: 2, Role.L3_ENGINEER: 3}[role]
    mine = f.agent(db, tier)
    f.agent(db, 3 if tier != 3 else 1, teams=("Service Desk", "Desktop Support", "Infrastructure"))
    with db.uow() as uow:
        team = {1: "Service Desk", 2: "Desktop Support", 3: "Infrastructure"}[tier]
        found = assignment._candidates(uow.session, f.team_id(db, team), role)
    assert [c.id for c in found] == [mine.id] and lead.id not in [c.id for c in found]
