"""Creation reads the people on a new ticket (its requester, the agent it is assigned to) as a few
Core columns (`Person`), not as loaded Users; and the short statements it repeats run as the
driver's SQL (`shared.db.prepared`). What it reads and writes must stay what the ORM gave."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from psycopg import _queries as psycopg_queries
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg

from shared.db.database import Database
from shared.db.prepared import Prepared
from shared.errors import NotFound, ValidationFailed
from shared.models import OutboxMessage, User
from shared.models.enums import Role
from shared.services import assignment, tickets
from shared.services._common import Person, get_person, people
from shared.services.creation import NewTicket
from shared.services.report_aggregates import Delta, _combined
from tests import factories as f
from tests.conftest import FakeClock
from tests.statements import recorded


def _as_person(user: User) -> Person:
    return Person(user.id, user.username, user.full_name, user.email, user.active)


def test_a_person_holds_what_the_orm_loads(db: Database) -> None:
    with_mail, without = f.user(db), f.user(db, email=False, full_name="Tanpa Surel")
    with db.uow() as uow:
        uow.session.execute(text("UPDATE users SET active = :no WHERE id = :id"), {"no": False, "id": without.id})
        uow.commit()
    with db.uow() as uow:
        read = people(uow.session, [with_mail.id, without.id, 10_000_000])
        assert all(isinstance(p, Person) for p in read.values())  # nothing was in the session
        assert set(read) == {with_mail.id, without.id}  # no such user: absent, not None
    with db.uow() as uow:
        loaded = {u.id: _as_person(u) for u in uow.session.scalars(
            select(User).where(User.id.in_([with_mail.id, without.id])))}
    assert read == loaded
    assert read[without.id].active is False and read[without.id].email is None
    assert read[with_mail.id].active is True


def test_the_sessions_own_user_is_used_with_its_unflushed_change(db: Database) -> None:
    alice = f.user(db)
    with db.uow() as uow:
        user = uow.session.get(User, alice.id)
        assert user is not None
        user.full_name = "Alice Renamed"  # not flushed (the sessions do not autoflush)
        assert get_person(uow.session, alice.id) is user
        with pytest.raises(NotFound):
            get_person(uow.session, 10_000_000)
        uow.session.rollback()


def test_a_requester_disabled_earlier_in_the_callers_transaction_is_refused(db: Database) -> None:
    alice = f.user(db)
    uow = db.uow()
    with uow:
        user = uow.session.get(User, alice.id)
        assert user is not None
        user.active = False  # the caller's change, not written yet: creation must see it
        with pytest.raises(ValidationFailed):
            tickets.create(uow, alice, subject="Printer on floor 3 jams")
        uow.session.rollback()


def test_the_new_tickets_detail_names_its_people_as_a_read_back_does(db: Database) -> None:
    agent = f.agent(db, full_name="Budi Santoso")
    alice = f.user(db, full_name="Alice Wijaya")
    staff = f.user(db, Role.SUPERVISOR)
    made = tickets.create(db.uow(), alice, subject="Printer on floor 3 jams")
    assert made.assignee is not None and made.assignee.id == agent.id
    assert made.assignee.full_name == "Budi Santoso" and made.requester.full_name == "Alice Wijaya"
    assert made.detail == tickets.get(db.uow(), alice, made.id)
    batch = tickets.create_many(db.uow(), staff, [NewTicket("VPN drops", requester_id=alice.id),
                                                  NewTicket("Mouse broken", requester_id=alice.id)])
    for one in batch:
        assert one == tickets.get(db.uow(), staff, one.id)


def test_the_messages_go_to_the_addresses_a_loaded_user_has(db: Database) -> None:
    agent = f.agent(db)
    alice = f.user(db)
    made = tickets.create(db.uow(), alice, subject="Printer on floor 3 jams")
    with db.uow() as uow:
        s = uow.session
        rows = s.execute(select(OutboxMessage.kind, OutboxMessage.channel, OutboxMessage.recipient_id,
                                OutboxMessage.recipient_address).where(OutboxMessage.ticket_id == made.id)
                         .order_by(OutboxMessage.id)).tuples().all()
        emails = {u.id: u.email for u in s.scalars(select(User).where(User.id.in_([agent.id, alice.id])))}
    assert sorted(rows) == sorted([
        ("ticket_assigned", "app", agent.id, None), ("ticket_assigned", "email", agent.id, emails[agent.id]),
        ("ticket_created", "email", alice.id, emails[alice.id])])


def test_a_claimed_agent_not_in_the_session_is_read_from_the_stamp(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db, name="solo")
    with db.uow() as uow:
        picker = assignment.AgentPicker(uow.session, clock.now)
        assert picker.pick(f.team_id(db, "Service Desk"), 1, clock.now) is not None
        claimed = picker.claim(clock.now)
        assert set(claimed) == {agent.id} and isinstance(claimed[agent.id], Person)
        user = uow.session.get(User, agent.id)
        assert user is not None and user.last_assigned_at == clock.now  # the UPDATE stamped the row
        assert claimed[agent.id] == _as_person(user)
        uow.session.rollback()


@pytest.mark.parametrize("many", [False, True])
def test_a_prepared_statement_runs_as_the_text_it_was_made_from(db: Database, many: bool) -> None:
    statement = text("INSERT INTO report_quarters (bucket, created) VALUES (:bucket, :created) "
                     "ON CONFLICT (bucket) DO UPDATE SET created = report_quarters.created + excluded.created")
    rows: Any = [{"created": 2, "bucket": 7}, {"bucket": 8, "created": 3}]  # keys in any order
    with db.uow() as uow:
        conn = uow.session.connection()
        results = []
        for runner in (lambda p: conn.execute(statement, p), lambda p: Prepared(statement).execute(conn, p)):
            conn.execute(text("DELETE FROM report_quarters WHERE bucket IN (7, 8)"))
            with recorded(db) as seen:
                for _twice in range(2):  # a new row, then an increment of it
                    if many:
                        runner(rows)
                    else:
                        for row in rows:
                            runner(row)
            assert seen and all(s.startswith("INSERT INTO report_quarters") for s in seen)  # the events see it
            results.append(conn.execute(text("SELECT bucket, created FROM report_quarters WHERE bucket IN (7, 8) "
                                             "ORDER BY bucket")).tuples().all())
        uow.session.rollback()
    assert results[0] == results[1] == [(7, 4), (8, 6)]
    with db.uow() as uow:
        stamp = Prepared(text("SELECT n, token FROM reference_stamp WHERE id = 1")).execute(uow.session.connection())
        assert stamp.first() == uow.session.execute(text("SELECT n, token FROM reference_stamp WHERE id = 1")).first()


def _new_ticket_delta(tickets_made: int) -> Delta:
    """What creating `tickets_made` tickets of one team adds to the aggregates (each a different day)."""
    delta = Delta()
    for i in range(tickets_made):
        delta.add(SimpleNamespace(
            id=i + 1, created_at=datetime(2026, 3, 2 + i, 9, tzinfo=UTC), first_response_seconds=None,
            resolved_at=None, reopen_count=0, agent_replies=0, max_tier=1, resolution_due_at=None,
            resolution_breached=False, response_breached=False, resolution_seconds=None, assignee_id=5,
            team_id=2, category_id=3, ticket_type="incident", status="new", tier=1), (), 1)
    return delta


def test_a_new_tickets_combined_upsert_is_one_text_psycopg_keeps_parsed() -> None:
    """PostgreSQL's one-statement upsert of the aggregates passes each table's rows as one JSON
    text: its SQL does not grow with the rows, it stays within what psycopg caches parsed (at most
    50 parameters and 4,096 characters), and psycopg dumps a string per table, not an array per
    column (33 for a new ticket, each inspected element by element: ~0.3 ms of CPU a ticket)."""
    dialect = postgresql_psycopg.dialect()
    one, one_params = _combined(dialect, _new_ticket_delta(1).batches())
    three, three_params = _combined(dialect, _new_ticket_delta(3).batches())
    assert one is three  # the same statement for any number of rows
    sql, _names = one.sql(dialect)
    batches = _new_ticket_delta(3).batches()
    assert list(one_params) == list(three_params) == [f"t{i}" for i in range(len(batches))]
    assert all(isinstance(value, str) for value in three_params.values())
    assert len(sql.encode()) <= psycopg_queries.MAX_CACHED_STATEMENT_LENGTH
    tables = [json.loads(three_params[f"t{i}"]) for i in range(len(batches))]
    assert tables == [rows for _table, rows in batches]
    keys = [(row["dim"], row["day"], row["key"]) for row in tables[0]]
    assert keys == sorted(keys) and len(keys) == 15  # report_days: 3 days x 5 dimensions, in key order


def test_postgresql_writes_each_tables_rows_in_key_order(db: Database) -> None:
    """Rows are locked in key order (two transactions never wait on each other crosswise): the
    JSON lists' rows go in in the order given, checked with a trigger that logs each insert."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (python -m tools.pg run …)")
    delta = _new_ticket_delta(3)
    with db.uow() as uow:
        conn = uow.session.connection()
        conn.execute(text("CREATE TABLE day_log (seq serial, dim text, day int, key text)"))
        conn.execute(text("CREATE FUNCTION log_day() RETURNS trigger AS $$ BEGIN "
                          "INSERT INTO day_log (dim, day, key) VALUES (NEW.dim, NEW.day, NEW.key); RETURN NEW; END $$ "
                          "LANGUAGE plpgsql"))
        conn.execute(text("CREATE TRIGGER log_day BEFORE INSERT ON report_days "
                          "FOR EACH ROW EXECUTE FUNCTION log_day()"))
        with recorded(db) as statements:
            delta.apply(conn)
        logged = conn.execute(text("SELECT dim, day, key FROM day_log ORDER BY seq")).tuples().all()
        uow.session.rollback()
    assert len(statements) == 1
    assert logged == sorted(logged) and len(logged) == 15  # 3 days x 5 dimensions, in key order
