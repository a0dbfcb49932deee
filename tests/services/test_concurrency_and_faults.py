"""Two agents on one ticket, and a database that goes away mid-save."""

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError

from shared.db.database import Database
from shared.errors import Conflict, StorageUnavailable
from shared.models import OutboxMessage, Ticket, TimelineEntry, User
from shared.models.enums import Status
from shared.services import tickets, workflow
from shared.services._common import set_field
from shared.services.uow import UnitOfWork
from tests import factories as f


def test_second_save_with_a_stale_version_is_a_conflict(db: Database) -> None:
    budi, dewi = f.agent(db, full_name="Budi"), f.agent(db, full_name="Dewi")
    t = f.ticket(db, f.user(db))
    seen_by_both = t.version
    tickets.update_fields(db.uow(), budi, t.id, urgency="high", expected_version=seen_by_both)
    with pytest.raises(Conflict) as err:
        tickets.update_fields(db.uow(), dewi, t.id, urgency="low", expected_version=seen_by_both)
    conflict = err.value
    assert "Budi" in conflict.message
    assert conflict.current_version == seen_by_both + 1
    assert [(c.field, c.new_value) for c in conflict.changes if c.field == "urgency"] == [("urgency", "high")]
    # Nothing of Dewi's was written; Budi's change stands.
    assert tickets.get(db.uow(), budi, t.id).urgency == "high"
    # Dewi reloads and re-applies: now it goes through.
    fresh = tickets.get(db.uow(), dewi, t.id)
    assert tickets.update_fields(db.uow(), dewi, t.id, urgency="low", expected_version=fresh.version).urgency == "low"


def test_reply_with_stale_version_keeps_nothing(db: Database) -> None:
    budi, dewi = f.agent(db), f.agent(db)
    t = f.ticket(db, f.user(db))
    workflow.claim(db.uow(), budi, t.id, expected_version=t.version)
    with pytest.raises(Conflict):
        tickets.reply(db.uow(), dewi, t.id, "My draft answer", expected_version=t.version)
    with db.uow() as uow:
        bodies = list(uow.session.scalars(select(TimelineEntry.body).where(TimelineEntry.ticket_id == t.id)))
    assert "My draft answer" not in bodies


def test_two_sessions_racing_between_read_and_write(committed_db: Database) -> None:
    """Both load version N in their own session and transaction; the later flush loses."""
    agent = f.agent(committed_db)
    t = f.ticket(committed_db, f.user(committed_db))
    first, second = committed_db.uow(), committed_db.uow()
    with first, second:
        a = first.session.get(Ticket, t.id)
        b = second.session.get(Ticket, t.id)
        assert a is not None and b is not None and a.version == b.version
        set_field(first, a, agent, "subject", "Changed by the first agent")
        first.commit()
        set_field(second, b, agent, "subject", "Changed by the second agent")
        with pytest.raises(Conflict, match="Someone else changed"):
            second.commit()
    assert tickets.get(committed_db.uow(), agent, t.id).subject == "Changed by the first agent"


def test_database_gone_mid_save_loses_nothing_already_saved(committed_db: Database) -> None:
    agent = f.agent(committed_db)
    t = f.ticket(committed_db, f.user(committed_db))
    uow = committed_db.uow()

    def kill(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO TIMELINE_ENTRIES"):
            cursor.connection.close()  # the connection to the database drops mid-transaction

    event.listen(committed_db.engine, "before_cursor_execute", kill)
    try:
        with pytest.raises(StorageUnavailable, match="nothing was saved"):
            tickets.reply(uow, agent, t.id, "This reply must not half-save")
    finally:
        event.remove(committed_db.engine, "before_cursor_execute", kill)
    after = tickets.get(committed_db.uow(), agent, t.id)
    assert after.version == t.version and after.status == Status.NEW
    assert all(e.body != "This reply must not half-save" for e in after.entries)
    with committed_db.engine.connect() as conn:  # the pool recovers
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_a_taken_once_only_key_is_a_conflict_other_integrity_errors_stay_loud(db: Database) -> None:
    """Two workers queueing the same once-only notification lost a race (Conflict: reload, and it
    is done); a duplicate user name is a bug in the caller and must not be disguised."""
    requester = f.user(db)
    t = f.ticket(db, requester)

    def survey(uow: UnitOfWork) -> OutboxMessage:
        now = uow.now()
        return OutboxMessage(kind="csat_request", channel="email", ticket_id=t.id, recipient_id=requester.id,
                             payload={}, dedup_key=f"csat:{t.id}:0:email:{requester.id}", status="pending",
                             attempts=0, next_attempt_at=now, created_at=now)

    with db.uow() as uow:
        uow.session.add(survey(uow))
        uow.commit()
    with pytest.raises(Conflict, match="same moment") as err, db.uow() as uow:
        uow.session.add(survey(uow))
        uow.session.flush()  # inside the service, before its commit: translated on the way out
    assert isinstance(err.value.__cause__, IntegrityError)
    with pytest.raises(IntegrityError), db.uow() as uow:
        uow.session.add(User(username=requester.username, full_name="Twin", role="requester", active=True,
                             on_duty=False, timezone="UTC", created_at=uow.now()))
        uow.commit()
